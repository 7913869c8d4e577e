package dev.tlsweep.core.engine;

import dev.tlsweep.core.reach.Preamble;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A plaintext preamble the engine replays on every connection of an exchange before its request or session
 * (STARTTLS and the like), with its limits. The engine writes what each {@link Preamble} says, feeds it every
 * byte, and starts the exchange proper once it says {@code UPGRADE}; a refusal, a broken preamble, or a preamble
 * that runs out of time or bytes ends the attempt as {@link Outcome#UPGRADE_REFUSED}, {@link
 * Outcome#UPGRADE_FAILED} or {@link Outcome#UPGRADE_TIMEOUT} with the reason as the detail.
 *
 * @param protocol       the protocol's name, for messages ({@code smtp})
 * @param preambles      creates one preamble per connection
 * @param maxPerEndpoint connections in flight to one address with this upgrade, at most; the engine's own
 *                       {@link EngineConfig#maxPerEndpoint()} applies when lower
 * @param maxBytes       the most bytes the server may send during one preamble; default 64 KiB
 * @param deadline       the longest one preamble may take, from the connection to the upgrade; default 10s
 *                       (the engine's read timeout also applies to each wait)
 */
public record Upgrade(String protocol, Supplier<? extends Preamble> preambles, int maxPerEndpoint, int maxBytes,
        Duration deadline) {

    /** Default {@link #maxBytes()}: 64 KiB. */
    public static final int DEFAULT_MAX_BYTES = 65_536;
    /** Default {@link #deadline()}: 10 seconds. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    /** Validates the components. */
    public Upgrade {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(preambles, "preambles");
        if (maxPerEndpoint < 1) {
            throw new IllegalArgumentException("maxPerEndpoint: " + maxPerEndpoint + " (expected: > 0)");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.toMillis() < 1 || deadline.toMillis() > Integer.MAX_VALUE / 3) {
            throw new IllegalArgumentException("deadline: " + deadline + " (expected: >= 1ms and <= "
                    + Integer.MAX_VALUE / 3 + "ms)");
        }
    }

    /** An upgrade with the default limits of bytes and time. */
    public static Upgrade of(String protocol, Supplier<? extends Preamble> preambles, int maxPerEndpoint) {
        return new Upgrade(protocol, preambles, maxPerEndpoint, DEFAULT_MAX_BYTES, DEFAULT_DEADLINE);
    }

    /** This upgrade with another deadline. */
    public Upgrade withDeadline(Duration value) {
        return new Upgrade(protocol, preambles, maxPerEndpoint, maxBytes, value);
    }
}
