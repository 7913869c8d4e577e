package dev.tlsweep.core.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** A file that cannot be read as asked: missing, not a regular file, too large, unreadable. The message names it. */
public final class InputFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /** {@code problem}: what is wrong, without the file's name (the message adds it). */
    public InputFileException(Path file, String problem) {
        super(Printable.cut(String.valueOf(file), 300) + ": " + Objects.requireNonNull(problem, "problem"));
        this.file = file;
        this.problem = problem;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** What is wrong, without the file's name. */
    public String problem() {
        return problem;
    }
}
