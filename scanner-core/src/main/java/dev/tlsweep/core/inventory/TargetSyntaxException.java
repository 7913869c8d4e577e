package dev.tlsweep.core.inventory;

/** A target that cannot be parsed; the message names the input and what is wrong with it. */
public final class TargetSyntaxException extends Exception {

    private final String input;

    public TargetSyntaxException(String input, String problem) {
        super("'" + input + "': " + problem);
        this.input = input;
    }

    /** The text that failed to parse. */
    public String input() {
        return input;
    }
}
