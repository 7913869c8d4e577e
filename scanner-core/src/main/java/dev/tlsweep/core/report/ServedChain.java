package dev.tlsweep.core.report;

import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One certificate chain exactly as an endpoint served it: not parsed, not judged (the chain analysis
 * does that off the event loops).
 *
 * @param keyType      the public-key algorithm of the first certificate (the leaf): {@code "RSA"},
 *                     {@code "ECDSA"}, {@code "EdDSA"}, {@code "DSA"}, or {@code "UNKNOWN"}
 * @param version      the protocol version of the connection that served it
 * @param suite        the cipher suite code point of that connection, {@code -1} if unknown (a TLS 1.3
 *                     handshake that failed after the certificate was received)
 * @param certificates the DER encodings, in the order served (defensively copied, never empty)
 * @param ocspStapled  whether the server stapled an OCSP response (CertificateStatus in TLS 1.2 and
 *                     earlier, the status_request extension of the Certificate entry in TLS 1.3)
 * @param ocspResponse the stapled DER OCSP response, {@code null} if none was stapled or kept
 */
public record ServedChain(String keyType, ProtocolVersion version, int suite, List<byte[]> certificates,
        boolean ocspStapled, byte[] ocspResponse) {

    public ServedChain {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(certificates, "certificates");
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("certificates: [] (expected: at least the leaf)");
        }
        List<byte[]> copy = new ArrayList<>(certificates.size());
        for (byte[] der : certificates) {
            copy.add(Objects.requireNonNull(der, "certificates element").clone());
        }
        certificates = Collections.unmodifiableList(copy);
        ocspResponse = ocspResponse == null ? null : ocspResponse.clone();
    }

    /** The DER encodings in served order; each call returns fresh copies. */
    @Override
    public List<byte[]> certificates() {
        List<byte[]> copy = new ArrayList<>(certificates.size());
        for (byte[] der : certificates) {
            copy.add(der.clone());
        }
        return Collections.unmodifiableList(copy);
    }

    /** The stapled OCSP response (a copy), or {@code null}. */
    @Override
    public byte[] ocspResponse() {
        return ocspResponse == null ? null : ocspResponse.clone();
    }

    /** The leaf's DER encoding (a copy). */
    public byte[] leaf() {
        return certificates.get(0).clone();
    }
}
