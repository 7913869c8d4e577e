package dev.tlsweep.core.probe;

import java.util.concurrent.atomic.AtomicInteger;

/** The hellos one probe sent and when it began: the cost half of its {@link dev.tlsweep.core.report.ProbeRun}. */
public final class Tally {

    private final long startNanos = System.nanoTime();
    private final AtomicInteger hellos = new AtomicInteger();

    /** Counts one hello. */
    void hello() {
        hellos.incrementAndGet();
    }

    /** The hellos counted so far. */
    public int hellos() {
        return hellos.get();
    }

    /** Milliseconds since the tally began. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
