package dev.tlsweep.core.quic;

/**
 * A bounds-checked cursor over a server's bytes: every read checks the bytes present and names what it was reading
 * when they ran out, so that hostile input ends in a {@link QuicException}, never in an unchecked exception.
 */
final class Reader {

    private final byte[] buf;
    private final int end;
    private int pos;
    private final String what;

    Reader(byte[] buf, int start, int end, String what) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.what = what;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    private void need(int n, String field) throws QuicException {
        if (n < 0 || end - pos < n) {
            throw new QuicException(what + ": " + field + " needs " + n + " bytes, " + (end - pos)
                    + " left at offset " + pos);
        }
    }

    int u8(String field) throws QuicException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    int u32(String field) throws QuicException {
        need(4, field);
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long varint(String field) throws QuicException {
        need(1, field);
        int n = Varint.length(buf[pos]);
        need(n, field);
        long v = buf[pos] & 0x3F;
        for (int i = 1; i < n; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += n;
        return v;
    }

    /** A varint that must fit an int of at most {@code max}. */
    int length(String field, int max) throws QuicException {
        long v = varint(field);
        if (v > max) {
            throw new QuicException(what + ": " + field + " " + v + " (expected: <= " + max + ") at offset " + pos);
        }
        return (int) v;
    }

    /** A varint length that must fit in the bytes left after it. */
    int lengthWithin(String field) throws QuicException {
        long v = varint(field);
        if (v > remaining()) {
            throw new QuicException(what + ": " + field + " " + v + " exceeds the " + remaining()
                    + " bytes left at offset " + pos);
        }
        return (int) v;
    }

    byte[] bytes(int n, String field) throws QuicException {
        need(n, field);
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    void skip(int n, String field) throws QuicException {
        need(n, field);
        pos += n;
    }
}
