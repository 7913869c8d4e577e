package dev.tlsweep.core.sweep;

/**
 * How a {@link Sweep} runs.
 *
 * @param allAddresses scan every address a name resolves to (one report each) rather than the first
 * @param maxEndpointsInFlight targets being resolved, scanned, or waiting to be written at once: the
 *     bound that turns a slow output into a slow input
 * @param quic also scan the UDP side (QUIC) of every HTTPS target ({@code --quic}): a second report for its line,
 *     {@code transport} quic, written with the first
 */
public record SweepOptions(boolean allAddresses, int maxEndpointsInFlight, boolean quic) {

    /** Options without the QUIC side. */
    public SweepOptions(boolean allAddresses, int maxEndpointsInFlight) {
        this(allAddresses, maxEndpointsInFlight, false);
    }

    public SweepOptions {
        if (maxEndpointsInFlight < 1) {
            throw new IllegalArgumentException(
                    "maxEndpointsInFlight: " + maxEndpointsInFlight + " (expected: > 0)");
        }
    }

    /**
     * The default bound on targets in flight for a connection limit: enough to keep every
     * connection busy (a scan holds up to a few connections) without holding many finished reports.
     */
    public static int defaultMaxEndpointsInFlight(int maxInFlight) {
        return Math.max(16, Math.min(maxInFlight, 10_000));
    }
}
