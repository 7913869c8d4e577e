package dev.tlsweep.core.sink;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Writes whole lines, all of one call together, and says when it could not. */
@FunctionalInterface
public interface LineWriter {

    /** Writes {@code length} bytes of UTF-8 from {@code offset}: whole lines, each ending in a newline. */
    void write(byte[] utf8, int offset, int length) throws IOException;

    /**
     * Lines to a print writer (standard output), flushed after every call. A print writer swallows write
     * errors; this one checks for them and throws, naming {@code name}, so that a full disk or a closed pipe
     * does not lose every report silently.
     */
    static LineWriter of(PrintWriter out, String name) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(name, "name");
        return (utf8, offset, length) -> {
            String text = new String(utf8, offset, length, StandardCharsets.UTF_8);
            synchronized (out) {
                out.print(text);
                out.flush();
            }
            if (out.checkError()) {
                throw new IOException("cannot write to " + name);
            }
        };
    }
}
