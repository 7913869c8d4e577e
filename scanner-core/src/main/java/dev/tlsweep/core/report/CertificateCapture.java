package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * Every certificate chain an endpoint served during the scan, one per leaf key type, and whether every chain the
 * accepted suites call for was read.
 *
 * @param chains the chains, RSA first, then ECDSA, EdDSA, DSA and others
 * @param note   how the chains were obtained when that is worth saying (e.g. read from a TLS 1.3 flight with
 *               tlsweep's own key share, anonymous suites only); {@code null} when there is nothing to add
 * @param status {@link ProbeStatus#COMPLETED} when every chain the accepted suites call for was read (or none is
 *               called for); {@link ProbeStatus#INCOMPLETE} when a flight that had to carry a certificate did not
 *               yield it (a Certificate message over the flight limit, a malformed entry, a connection reset
 *               after the ServerHello); {@link ProbeStatus#NOT_APPLICABLE} when no capture ran
 * @param error  why the capture is incomplete, in words; {@code null} unless incomplete
 */
public record CertificateCapture(List<ServedChain> chains, String note, ProbeStatus status, String error) {

    /** No capture: the scan ended before it, or it was switched off. */
    public static final CertificateCapture NONE =
            new CertificateCapture(List.of(), null, ProbeStatus.NOT_APPLICABLE, null);

    public CertificateCapture {
        chains = List.copyOf(Objects.requireNonNull(chains, "chains"));
        Objects.requireNonNull(status, "status");
        if ((status == ProbeStatus.INCOMPLETE || status == ProbeStatus.ERROR) != (error != null)) {
            throw new IllegalArgumentException("error: '" + error + "' (expected: a reason exactly when " + status
                    + " is incomplete or error)");
        }
    }

    /** A capture that read every chain it had to. */
    public CertificateCapture(List<ServedChain> chains, String note) {
        this(chains, note, ProbeStatus.COMPLETED, null);
    }

    /** A capture that missed a chain it had to read, and why. */
    public static CertificateCapture incomplete(List<ServedChain> chains, String note, String error) {
        return new CertificateCapture(chains, note, ProbeStatus.INCOMPLETE, Objects.requireNonNull(error, "error"));
    }

    /** Whether a chain the accepted suites call for is missing. */
    public boolean incomplete() {
        return status == ProbeStatus.INCOMPLETE || status == ProbeStatus.ERROR;
    }
}
