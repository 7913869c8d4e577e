package dev.tlsweep.core.engine;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The result of one {@link ScanEngine#exchange} call: how the last attempt ended and what its
 * decoder saw.
 *
 * @param outcome how the last attempt ended
 * @param response the last attempt's decoder result; null only if that attempt never connected
 * @param attempts connections tried, 1 + retries
 * @param elapsedNanos from the call to {@code exchange} to completion, including time queued for
 *     a slot and retry backoff
 * @param detail the exception text or reason for non-clean outcomes, empty when there is nothing
 *     to add
 * @param remote the address connected to
 * @param <T> the decoder's result type
 */
public record Exchange<T>(
        Outcome outcome,
        T response,
        int attempts,
        long elapsedNanos,
        String detail,
        InetSocketAddress remote) {

    /** Validates the components. */
    public Exchange {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(remote, "remote");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
        }
        if (elapsedNanos < 0) {
            throw new IllegalArgumentException("elapsedNanos: " + elapsedNanos + " (expected: >= 0)");
        }
    }
}
