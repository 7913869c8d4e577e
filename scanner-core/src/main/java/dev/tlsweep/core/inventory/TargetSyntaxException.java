package dev.tlsweep.core.inventory;

/** A target that cannot be parsed; the message names the input and what is wrong with it. */
public final class TargetSyntaxException extends Exception {

    private final String input;

    public TargetSyntaxException(String input, String problem) {
        super("'" + shown(input) + "': " + problem);
        this.input = input;
    }

    /** The input as quoted in messages: at most 100 characters, so a stray long line is not echoed whole. */
    private static String shown(String input) {
        return input.length() <= 100 ? input : input.substring(0, 100) + "...";
    }

    /** The text that failed to parse. */
    public String input() {
        return input;
    }
}
