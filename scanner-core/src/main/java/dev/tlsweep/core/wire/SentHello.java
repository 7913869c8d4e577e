package dev.tlsweep.core.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A ClientHello as it went on the wire: its spec (which holds the private halves of its key shares), the
 * record bytes sent and the handshake message they carry — the first entry of the TLS 1.3 transcript, which
 * is what a server's encrypted flight is decrypted with.
 *
 * @param spec    the hello's description
 * @param records the bytes sent (one or more handshake records)
 * @param message the ClientHello handshake message: type, 24-bit length, body
 */
public record SentHello(ClientHelloSpec spec, byte[] records, byte[] message) {

    public SentHello {
        Objects.requireNonNull(spec, "spec");
        records = records.clone();
        message = message.clone();
    }

    /** Encodes {@code spec} once: the bytes to send and the message they carry (fresh random, fresh session id). */
    public static SentHello encode(ClientHelloSpec spec) {
        byte[] records = ClientHelloEncoder.encode(spec);
        return new SentHello(spec, records, spec.sslv2() ? new byte[0] : messageOf(records));
    }

    /** The handshake bytes of TLS records: every record's fragment, concatenated. */
    static byte[] messageOf(byte[] records) {
        byte[] out = new byte[records.length];
        int n = 0;
        int i = 0;
        while (i + 5 <= records.length) {
            int length = ((records[i + 3] & 0xFF) << 8) | (records[i + 4] & 0xFF);
            int end = Math.min(records.length, i + 5 + length);
            System.arraycopy(records, i + 5, out, n, end - i - 5);
            n += end - i - 5;
            i = end;
        }
        return Arrays.copyOf(out, n);
    }

    @Override
    public byte[] records() {
        return records.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    /**
     * The key share this hello sent for {@code group}, with its private half when tlsweep implements the group, or
     * {@code null}.
     */
    public KeyShare keyShare(int group) {
        return spec.keyShare(group);
    }

    /** The bytes sent, without a copy (the engine copies them). */
    byte[] recordsShared() {
        return records;
    }

    /** The message, without a copy. */
    byte[] messageShared() {
        return message;
    }
}
