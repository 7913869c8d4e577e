package dev.tlsweep.core.wire;

import java.util.Arrays;

/**
 * Handshake bytes that wait for the rest of their message. Appending costs time in proportion to the bytes
 * appended, however finely a server splits its messages (one byte per record or CRYPTO frame), where joining
 * arrays would copy everything pending on every piece. The caller bounds what it appends.
 */
final class HandshakeBuffer {

    private byte[] bytes = new byte[0];
    private int length;

    /** How many bytes wait. */
    int length() {
        return length;
    }

    /** The bytes, valid up to {@link #length()}; not a copy. */
    byte[] array() {
        return bytes;
    }

    void append(byte[] data) {
        int needed = length + data.length;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, Math.max(64, bytes.length * 2)));
        }
        System.arraycopy(data, 0, bytes, length, data.length);
        length = needed;
    }

    /** Drops the first {@code n} bytes, which the caller has read. */
    void consume(int n) {
        System.arraycopy(bytes, n, bytes, 0, length - n);
        length -= n;
        if (length == 0 && bytes.length > 64 * 1024) {
            bytes = new byte[0]; // a large message read: its room is not kept
        }
    }
}
