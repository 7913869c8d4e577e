package dev.tlsweep.core.quic;

import java.io.ByteArrayOutputStream;

/** QUIC's variable-length integers (RFC 9000 16): 1, 2, 4 or 8 bytes, the length in the first two bits. */
final class Varint {

    /** The largest value: 2^62 - 1. */
    static final long MAX = (1L << 62) - 1;

    private Varint() {
    }

    /** The bytes of {@code v} in the shortest encoding. */
    static byte[] encode(long v) {
        if (v < 0 || v > MAX) {
            throw new IllegalArgumentException("v: " + v + " (expected: 0.." + MAX + ")");
        }
        if (v < 64) {
            return new byte[] {(byte) v};
        }
        if (v < 16384) {
            return new byte[] {(byte) (0x40 | (v >>> 8)), (byte) v};
        }
        if (v < (1L << 30)) {
            return new byte[] {(byte) (0x80 | (v >>> 24)), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[7 - i] = (byte) (v >>> (8 * i));
        }
        out[0] |= (byte) 0xC0;
        return out;
    }

    /** Writes {@code v} in the shortest encoding. */
    static void write(ByteArrayOutputStream out, long v) {
        out.writeBytes(encode(v));
    }

    /** The length of the encoding that starts with {@code first}. */
    static int length(int first) {
        return 1 << ((first & 0xFF) >>> 6);
    }
}
