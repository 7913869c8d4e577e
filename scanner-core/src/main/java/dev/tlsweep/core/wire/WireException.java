package dev.tlsweep.core.wire;

import java.util.Objects;

/**
 * Malformed, truncated or unexpected bytes. The message names what was wrong and where.
 *
 * <p>An expected outcome of reading what a server sent, not a defect: it carries no stack trace, whose
 * cost would be paid on an event loop for every malformed flight.
 */
public final class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    private final WireError error;

    /**
     * Creates an exception of the given kind.
     *
     * @param error the kind of problem
     * @param message what was wrong and at which offset
     */
    public WireException(WireError error, String message) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * Returns the kind of problem.
     *
     * @return the error kind, never {@code null}
     */
    public WireError error() {
        return error;
    }

    @Override
    public String toString() {
        return "WireException[" + error + "]: " + getMessage();
    }
}
