package dev.tlsweep.core.inventory;

import dev.tlsweep.core.input.Printable;

/**
 * A target that cannot be parsed; the message names the input and what is wrong with it, quoting the input
 * through {@link Printable#quote} (cut, printable, key material hidden).
 */
public final class TargetSyntaxException extends Exception {

    private final String input;

    public TargetSyntaxException(String input, String problem) {
        super(Printable.quote(input) + ": " + problem);
        this.input = input;
    }

    /** The text that failed to parse. */
    public String input() {
        return input;
    }
}
