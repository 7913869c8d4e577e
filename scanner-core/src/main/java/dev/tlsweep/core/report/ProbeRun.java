package dev.tlsweep.core.report;

import java.util.Objects;

/**
 * The envelope of one probe's result: how far it got, why not further, what it cost.
 *
 * @param status         completed, incomplete, not applicable or error
 * @param error          why the probe is not completed, in words ({@code null} when completed)
 * @param durationMillis from the probe's first hello to its result
 * @param hellos         the ClientHellos (connections) the probe sent
 */
public record ProbeRun(ProbeStatus status, String error, long durationMillis, int hellos) {

    public ProbeRun {
        Objects.requireNonNull(status, "status");
        if (status == ProbeStatus.COMPLETED && error != null) {
            throw new IllegalArgumentException("error: '" + error + "' (expected: null for a completed probe)");
        }
        if (durationMillis < 0) {
            throw new IllegalArgumentException("durationMillis: " + durationMillis + " (expected: >= 0)");
        }
        if (hellos < 0) {
            throw new IllegalArgumentException("hellos: " + hellos + " (expected: >= 0)");
        }
    }

    /** A completed run. */
    public static ProbeRun completed(long durationMillis, int hellos) {
        return new ProbeRun(ProbeStatus.COMPLETED, null, durationMillis, hellos);
    }

    /** Whether the probe completed. */
    public boolean completed() {
        return status == ProbeStatus.COMPLETED;
    }
}
