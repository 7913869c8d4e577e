package dev.tlsweep.core.reach;

import dev.tlsweep.core.input.Printable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The common part of every {@link Preamble}: a bounded buffer of what the server sent and not yet read, line
 * and byte readers over it, and what to send next. A subclass reads from the buffer in {@link #advance()} and
 * says when it needs more.
 */
abstract class Dialog implements Preamble {

    /** The longest line read (CR LF included): beyond it the server is not speaking a line protocol. */
    static final int MAX_LINE = 8192;
    /** The most bytes kept waiting to be read (a multi-line reply, a BER message, an XML stream's features). */
    static final int MAX_BUFFERED = 65_536;
    /** The longest quote of a server's words in a reason. */
    static final int MAX_QUOTE = 200;

    private byte[] buf = new byte[1024];
    private int head;
    private int tail;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean over;
    private String waitingFor;

    Dialog(String waitingFor) {
        this.waitingFor = waitingFor;
    }

    /** Nothing: in most of these protocols the server speaks first. A dialog whose client speaks first overrides it. */
    @Override
    public byte[] open() {
        return new byte[0];
    }

    @Override
    public final String waitingFor() {
        return waitingFor;
    }

    /** Says what the dialog waits for from now on. */
    final void waitFor(String what) {
        waitingFor = what;
    }

    @Override
    public final Step receive(byte[] data, int offset, int length) {
        if (over) {
            return Step.failed("the server sent " + length + " more bytes after the preamble ended");
        }
        if (tail - head + length > MAX_BUFFERED) {
            over = true;
            return Step.failed("more than " + MAX_BUFFERED + " bytes while waiting for " + waitingFor);
        }
        append(data, offset, length);
        Step step;
        try {
            step = advance();
        } catch (Violation v) {
            step = Step.failed(v.getMessage());
        }
        byte[] send = out.toByteArray();
        out.reset();
        if (step == null) {
            return Step.proceed(send);
        }
        over = true;
        if (step.state() == Step.State.UPGRADE && available() > 0) {
            return Step.failed("the server sent " + available() + " bytes after agreeing to start TLS: "
                    + quote(peekAll()));
        }
        return step.withSend(send);
    }

    /**
     * Reads what it can from the buffer.
     *
     * @return the final step, or {@code null} to wait for more bytes
     * @throws Violation when the server broke the protocol
     */
    abstract Step advance() throws Violation;

    /** Queues bytes to send with the next step. */
    final void send(byte[] bytes) {
        out.writeBytes(bytes);
    }

    /** Queues ASCII text to send with the next step. */
    final void send(String text) {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Bytes waiting to be read. */
    final int available() {
        return tail - head;
    }

    /** The byte {@code index} places ahead, unsigned; {@code index < available()}. */
    final int peek(int index) {
        return buf[head + index] & 0xFF;
    }

    /** Takes {@code n} bytes; {@code n <= available()}. */
    final byte[] take(int n) {
        byte[] b = new byte[n];
        System.arraycopy(buf, head, b, 0, n);
        head += n;
        return b;
    }

    private byte[] peekAll() {
        byte[] b = new byte[Math.min(available(), MAX_QUOTE)];
        System.arraycopy(buf, head, b, 0, b.length);
        return b;
    }

    /**
     * The next line without its end (LF, or CR LF), each byte a char (ISO-8859-1), or {@code null} when no whole
     * line has arrived yet.
     *
     * @throws Violation when a line is longer than {@value #MAX_LINE} bytes
     */
    final String line() throws Violation {
        int limit = Math.min(tail, head + MAX_LINE);
        for (int i = head; i < limit; i++) {
            if (buf[i] == '\n') {
                int end = i > head && buf[i - 1] == '\r' ? i - 1 : i;
                String s = new String(buf, head, end - head, StandardCharsets.ISO_8859_1);
                head = i + 1;
                return s;
            }
        }
        if (tail - head >= MAX_LINE) {
            throw new Violation("a line longer than " + MAX_LINE + " bytes while waiting for " + waitingFor + ": "
                    + quote(peekAll()));
        }
        return null;
    }

    private void append(byte[] data, int offset, int length) {
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        if (tail + length > buf.length) {
            int live = tail - head;
            if (live + length <= buf.length) {
                System.arraycopy(buf, head, buf, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, live + length)];
                System.arraycopy(buf, head, bigger, 0, live);
                buf = bigger;
            }
            head = 0;
            tail = live;
        }
        System.arraycopy(data, offset, buf, tail, length);
        tail += length;
    }

    /**
     * A server's words in quotes, made printable by the project's one helper ({@link Printable}: controls and escape
     * sequences shown as escapes, what looks like key material hidden) and cut at {@value #MAX_QUOTE} characters.
     */
    static String quote(String words) {
        return "'" + words(words) + "'";
    }

    static String quote(byte[] bytes) {
        return quote(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** The server's words, unquoted but made printable and cut (for a refusal whose text is the message). */
    static String words(String words) {
        return Printable.cut(Printable.hideSecrets(words.strip()), MAX_QUOTE);
    }

    /** The server broke the protocol; the message says how. */
    static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message, null, false, false);
        }
    }
}
