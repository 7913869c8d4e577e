package dev.tlsweep.core.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Objects;

/**
 * Reads lines of text with a bound on each: a line longer than the bound comes back cut to it, marked
 * {@link #cut()}, and the rest of it is read and dropped, so that a file of one endless line ({@code /dev/zero},
 * a 10 MB word, a binary file) costs at most the bound in memory. Lines end at {@code \n}, {@code \r\n} or a lone
 * {@code \r}, as {@link java.io.BufferedReader#readLine()} reads them. Not thread-safe.
 */
public final class BoundedLineReader implements Closeable {

    private final Reader in;
    private final int maxChars;
    private final char[] buf;
    private int pos;
    private int end;
    private boolean eof;
    private boolean skipLf;
    private boolean cut;
    private long length;
    private boolean stopAtCut;

    /** @param maxChars the most characters of a line kept */
    public BoundedLineReader(Reader in, int maxChars) {
        this(in, maxChars, 8192);
    }

    /**
     * A reader that stops at the first line longer than {@code maxChars}: {@link #readLine()} returns at the bound
     * with {@link #cut()} true and the rest of that line unread, for callers that refuse such an input (a report
     * file) and need not read the whole of a line they will not use.
     */
    public static BoundedLineReader stoppingAtLongLines(Reader in, int maxChars) {
        BoundedLineReader r = new BoundedLineReader(in, maxChars, 8192);
        r.stopAtCut = true;
        return r;
    }

    /**
     * @param maxChars the most characters of a line kept
     * @param bufferChars how many characters one read asks for: small over an already buffered reader, so
     *                    that the input is read no further ahead than the lines asked for
     */
    public BoundedLineReader(Reader in, int maxChars, int bufferChars) {
        this.in = Objects.requireNonNull(in, "in");
        if (bufferChars < 1) {
            throw new IllegalArgumentException("bufferChars: " + bufferChars + " (expected: > 0)");
        }
        this.buf = new char[bufferChars];
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars: " + maxChars + " (expected: > 0)");
        }
        this.maxChars = maxChars;
    }

    /** The most characters of a line kept. */
    public int maxChars() {
        return maxChars;
    }

    /**
     * The next line without its terminator, at most {@link #maxChars()} long, or {@code null} at the end of
     * the input.
     */
    public String readLine() throws IOException {
        StringBuilder line = null;
        cut = false;
        length = 0;
        while (true) {
            if (pos == end) {
                if (eof || !fill()) {
                    eof = true;
                    return line == null ? null : line.toString();
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            if (line == null) {
                line = new StringBuilder(Math.min(maxChars, 128));
            }
            int start = pos;
            while (pos < end && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            int n = pos - start;
            length += n;
            int room = maxChars - line.length();
            if (n > room) {
                cut = true;
            }
            line.append(buf, start, Math.min(n, Math.max(0, room)));
            if (cut && stopAtCut) {
                return line.toString();
            }
            if (pos < end) {
                skipLf = buf[pos] == '\r';
                pos++;
                return line.toString();
            }
        }
    }

    /** Whether the last line read was longer than {@link #maxChars()} and was cut. */
    public boolean cut() {
        return cut;
    }

    /** The length of the last line read before any cut (with {@link #stoppingAtLongLines}: as far as read). */
    public long length() {
        return length;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
