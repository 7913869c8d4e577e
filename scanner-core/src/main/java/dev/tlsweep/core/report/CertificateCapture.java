package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * Every certificate chain an endpoint served during the scan, one per leaf key type.
 *
 * @param chains the chains, RSA first, then ECDSA, EdDSA, DSA and others
 * @param note   how the chains were obtained when that is worth saying, or why some may be missing
 *               (e.g. a TLS 1.3 handshake that failed, a key type that TLS 1.3 cannot be asked for);
 *               {@code null} when there is nothing to add
 */
public record CertificateCapture(List<ServedChain> chains, String note) {

    /** No capture: the scan ended before it, or it was switched off. */
    public static final CertificateCapture NONE = new CertificateCapture(List.of(), null);

    public CertificateCapture {
        chains = List.copyOf(Objects.requireNonNull(chains, "chains"));
    }
}
