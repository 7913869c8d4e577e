package dev.tlsweep.core.chain;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** DER encodings of test certificates, and their hex for comparing lists of them. */
public final class Der {

    private Der() {
    }

    /** The DER encodings of {@code certs}, in order. */
    public static List<byte[]> of(List<X509Certificate> certs) {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : certs) {
            try {
                out.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The hex of each DER encoding, for equality checks. */
    public static List<String> hex(List<byte[]> ders) {
        return ders.stream().map(HexFormat.of()::formatHex).toList();
    }

    /** PEM text of test certificates. */
    public static String pem(List<X509Certificate> certs) {
        return FullChainWriter.pem(of(certs));
    }
}
