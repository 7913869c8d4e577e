package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.CertificateInfo;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/** Reads the certificate a PEM (or DER) file holds, as reports describe certificates. Blocking: not for event loops. */
public final class CertificateFile {

    private CertificateFile() {
    }

    /**
     * The first certificate of {@code file}, described at {@code clock}'s time.
     *
     * @throws ChainInputException when the file cannot be read or holds no certificate; the message names it
     */
    public static CertificateInfo first(Path file, Clock clock) throws ChainInputException {
        List<X509Certificate> certs = PemBundle.parse(file).certificates();
        if (certs.isEmpty()) {
            throw new ChainInputException(file.toString(), "no certificate in the file");
        }
        return Certificates.info(certs.get(0), clock);
    }
}
