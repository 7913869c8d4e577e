package dev.tlsweep.core.chain;

import dev.tlsweep.core.input.Printable;
import java.util.Objects;

/**
 * Input that cannot be used as certificates, keys or trust anchors; the message names the input (made
 * printable: a file name may hold control characters).
 */
public final class ChainInputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;

    /** A problem with {@code source} (a file name or another label of the input). */
    public ChainInputException(String source, String message) {
        super(Printable.cut(Objects.requireNonNull(source, "source"), 300) + ": "
                + Printable.of(Objects.requireNonNull(message, "message")));
        this.source = source;
    }

    /** A problem with {@code source}, caused by {@code cause}. */
    public ChainInputException(String source, String message, Throwable cause) {
        super(Printable.cut(Objects.requireNonNull(source, "source"), 300) + ": "
                + Printable.of(Objects.requireNonNull(message, "message")), cause);
        this.source = source;
    }

    /** The input the problem is in. */
    public String source() {
        return source;
    }
}
