package dev.tlsweep.core.registry;

/** A registry data file is malformed. The message names the file and the line. */
public final class RegistryFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    RegistryFormatException(String source, int line, String message) {
        super(source + ":" + line + ": " + message);
        this.source = source;
        this.line = line;
    }

    RegistryFormatException(String source, int line, String message, Throwable cause) {
        super(source + ":" + line + ": " + message, cause);
        this.source = source;
        this.line = line;
    }

    /** The name of the data file. */
    public String source() {
        return source;
    }

    /** The 1-based line number of the bad line. */
    public int line() {
        return line;
    }
}
