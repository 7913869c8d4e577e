package dev.tlsweep.core.scan;

import dev.tlsweep.core.probe.HelloObserver;
import dev.tlsweep.core.probe.HelloAnswer;
import dev.tlsweep.core.report.EndpointReport;

/**
 * Told of every hello and every finished endpoint of a {@link Scanner}, for instrumentation (see
 * {@code dev.tlsweep.core.metrics.ScannerMetrics}). Called on event-loop threads: implementations must be
 * quick and must not block.
 */
public interface ScanObserver extends HelloObserver {

    /** Observes nothing. */
    ScanObserver NONE = new ScanObserver() { };

    @Override
    default void answered(HelloAnswer answer, long elapsedNanos) {
    }

    /** The scan of one endpoint ended, whatever its status. */
    default void endpointDone(EndpointReport report) {
    }
}
