package dev.tlsweep.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * Bounds-checked reads over a buffer that hold one structure. Every read checks what remains
 * before touching (or allocating for) the bytes and reports the offset of a violation.
 */
final class WireReader {
    private final ByteBuf buf;
    private final int start;
    private final long baseOffset;
    private final String context;

    /**
     * @param buf the bytes of the structure, read from its reader index
     * @param baseOffset the offset of {@code buf.readerIndex()} in the enclosing stream, for messages
     * @param context what the structure is, e.g. "ServerHello", for messages
     */
    WireReader(ByteBuf buf, long baseOffset, String context) {
        this.buf = buf;
        this.start = buf.readerIndex();
        this.baseOffset = baseOffset;
        this.context = context;
    }

    int remaining() {
        return buf.readableBytes();
    }

    long offset() {
        return baseOffset + (buf.readerIndex() - start);
    }

    private void need(int n, String field) throws WireException {
        if (n < 0 || buf.readableBytes() < n) {
            throw new WireException(WireError.TRUNCATED, context + ": " + field + " needs " + n
                    + " bytes but " + buf.readableBytes() + " remain at offset " + offset());
        }
    }

    int u8(String field) throws WireException {
        need(1, field);
        return buf.readUnsignedByte();
    }

    int u16(String field) throws WireException {
        need(2, field);
        return buf.readUnsignedShort();
    }

    int u24(String field) throws WireException {
        need(3, field);
        return buf.readUnsignedMedium();
    }

    byte[] bytes(int n, String field) throws WireException {
        need(n, field);
        byte[] out = new byte[n];
        buf.readBytes(out);
        return out;
    }

    void skip(int n, String field) throws WireException {
        need(n, field);
        buf.skipBytes(n);
    }

    /** Reads a sub-structure of {@code n} bytes as its own reader. */
    WireReader sub(int n, String field) throws WireException {
        need(n, field);
        long off = offset();
        return new WireReader(buf.readSlice(n), off, context);
    }

    /** Reads an opaque vector with a length prefix of {@code lengthBytes} (1, 2 or 3) bytes. */
    byte[] vector(int lengthBytes, String field) throws WireException {
        int n = length(lengthBytes, field);
        return bytes(n, field);
    }

    /** Reads a length prefix and returns a reader over the vector's content. */
    WireReader subVector(int lengthBytes, String field) throws WireException {
        int n = length(lengthBytes, field);
        return sub(n, field);
    }

    /** Reads a length prefix and skips the vector, returning its length. */
    int skipVector(int lengthBytes, String field) throws WireException {
        int n = length(lengthBytes, field);
        skip(n, field);
        return n;
    }

    private int length(int lengthBytes, String field) throws WireException {
        long off = offset();
        int n = switch (lengthBytes) {
            case 1 -> u8(field + " length");
            case 2 -> u16(field + " length");
            default -> u24(field + " length");
        };
        if (n > buf.readableBytes()) {
            throw new WireException(WireError.BAD_LENGTH, context + ": " + field + " length " + n
                    + " at offset " + off + " exceeds the " + buf.readableBytes() + " bytes that remain");
        }
        return n;
    }

    /** Returns the offset and bit length of an unsigned big-endian integer of the next {@code n} bytes. */
    int bitLength(int n, String field) throws WireException {
        need(n, field);
        int i = buf.readerIndex();
        int end = i + n;
        while (i < end && buf.getByte(i) == 0) {
            i++;
        }
        int bits = i == end ? 0 : (end - i - 1) * 8 + (32 - Integer.numberOfLeadingZeros(buf.getUnsignedByte(i)));
        buf.skipBytes(n);
        return bits;
    }

    void expectEnd() throws WireException {
        if (buf.isReadable()) {
            throw new WireException(WireError.BAD_LENGTH, context + ": " + buf.readableBytes()
                    + " unexpected trailing bytes at offset " + offset());
        }
    }

    WireException bad(WireError error, String what) {
        return new WireException(error, context + ": " + what + " at offset " + offset());
    }
}
