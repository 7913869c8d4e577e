package dev.tlsweep.core.sink;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/** Writes whole lines, all of one call together, and says when it could not. */
@FunctionalInterface
public interface LineWriter {

    /** Writes the lines, each followed by a newline. */
    void write(List<String> lines) throws IOException;

    /**
     * Lines to a print writer (standard output), flushed after every call. A print writer swallows write
     * errors; this one checks for them and throws, naming {@code name}, so that a full disk or a closed pipe
     * does not lose every report silently.
     */
    static LineWriter of(PrintWriter out, String name) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(name, "name");
        return lines -> {
            StringBuilder b = new StringBuilder();
            for (String l : lines) {
                b.append(l).append('\n');
            }
            synchronized (out) {
                out.print(b);
                out.flush();
            }
            if (out.checkError()) {
                throw new IOException("cannot write to " + name);
            }
        };
    }
}
