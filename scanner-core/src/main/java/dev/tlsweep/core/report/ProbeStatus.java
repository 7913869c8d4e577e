package dev.tlsweep.core.report;

import java.util.Optional;

/**
 * How far a probe got: the status of every probe result (the envelope sslyze calls a scan-command
 * attempt). A result never claims more than was observed: what a probe could not finish is
 * {@link #INCOMPLETE}, never a negative answer.
 */
public enum ProbeStatus {
    /** Every answer the probe needed arrived; its result is the endpoint's behaviour. */
    COMPLETED("completed"),
    /**
     * Some answers are missing (connections reset or timed out without an answer the probe could read
     * as the server's, a connection failed mid-scan, a budget ran out): what was found is true, what was
     * not found is unknown.
     */
    INCOMPLETE("incomplete"),
    /** The question does not apply to this endpoint (e.g. a TLS 1.3 behaviour on a TLS 1.2 server). */
    NOT_APPLICABLE("not-applicable"),
    /** The probe failed: an internal error or an answer it cannot interpret; its result is empty. */
    ERROR("error");

    private final String label;

    ProbeStatus(String label) {
        this.label = label;
    }

    /** The label written in JSON. */
    public String label() {
        return label;
    }

    /** The status with this JSON label. */
    public static Optional<ProbeStatus> fromLabel(String label) {
        for (ProbeStatus s : values()) {
            if (s.label.equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
