package dev.tlsweep.core.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a datagram exchange sends again what may have been lost: after {@code first} without an answer, then after
 * twice as long, and so on, at most {@code max} times; the engine's read timeout still ends an attempt that gets no
 * answer at all.
 *
 * @param first the silence before the first retransmission
 * @param max the most retransmissions of one attempt
 */
public record Retransmission(Duration first, int max) {

    /** 300 ms, then 600 ms and 1.2 s: three retransmissions within the first 2.1 s of silence. */
    public static final Retransmission DEFAULT = new Retransmission(Duration.ofMillis(300), 3);

    public Retransmission {
        Objects.requireNonNull(first, "first");
        if (first.toMillis() < 1) {
            throw new IllegalArgumentException("first: " + first + " (expected: >= 1ms)");
        }
        if (max < 0 || max > 16) {
            throw new IllegalArgumentException("max: " + max + " (expected: 0..16)");
        }
    }
}
