package dev.tlsweep.core.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's limit on open file descriptors ({@code ulimit -n}, RLIMIT_NOFILE's soft limit), which
 * bounds the connections the engine can hold open at once.
 */
public final class DescriptorLimit {

    /** Descriptors left to the JVM, its jars, the event loops, DNS and output files. */
    static final int RESERVED = 128;

    private DescriptorLimit() {
    }

    /** The limit, or -1 when the platform does not say. */
    public static long max() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 ? max : -1;
        }
        return -1;
    }

    /** The limit as text, for messages. */
    static String describe() {
        long max = max();
        return max < 0 ? "unknown" : Long.toString(max);
    }

    /**
     * The most connections worth holding under a descriptor limit of {@code max} (-1: unknown): three
     * quarters of what is left after {@link #RESERVED}, at least 16, at most {@code ceiling}.
     */
    static int connectionsFor(long max, int ceiling) {
        if (max < 0) {
            return ceiling;
        }
        long usable = (max - RESERVED) * 3 / 4;
        return (int) Math.max(16, Math.min(ceiling, usable));
    }
}
