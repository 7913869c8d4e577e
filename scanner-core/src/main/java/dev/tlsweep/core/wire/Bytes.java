package dev.tlsweep.core.wire;

/** Small byte-array helpers for the probes that write TLS records by hand. */
public final class Bytes {

    private Bytes() {
    }

    /** The arrays, one after the other. */
    public static byte[] concat(byte[]... parts) {
        return TlsHash.concat(parts);
    }

    /** A TLS record of {@code type} at {@code version} around {@code fragment}. */
    public static byte[] record(int type, int version, byte[] fragment) {
        return concat(new byte[] {(byte) type, (byte) (version >>> 8), (byte) version, (byte) (fragment.length >>> 8),
            (byte) fragment.length}, fragment);
    }

    /** A handshake message of {@code type} around {@code body}. */
    public static byte[] handshake(int type, byte[] body) {
        return concat(new byte[] {(byte) type, (byte) (body.length >>> 16), (byte) (body.length >>> 8),
            (byte) body.length}, body);
    }
}
