package dev.tlsweep.core.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A ClientHello as it went on the wire: its spec (which holds the private halves of its key shares), the
 * record bytes sent and the handshake message they carry — the first entry of the TLS 1.3 transcript, which
 * is what a server's encrypted flight is decrypted with.
 *
 * <p>Encoded once per hello and sent as is: the records are not copied again on their way to the engine, and
 * the message is taken out of them only when something reads it (a TLS 1.3 answer being decrypted).
 */
public final class SentHello {

    private final ClientHelloSpec spec;
    private final byte[] records;
    private volatile byte[] message;

    /**
     * @param spec    the hello's description
     * @param records the bytes sent (one or more handshake records); copied
     * @param message the ClientHello handshake message: type, 24-bit length, body; copied
     */
    public SentHello(ClientHelloSpec spec, byte[] records, byte[] message) {
        this(Objects.requireNonNull(spec, "spec"), records.clone(), message.clone(), true);
    }

    private SentHello(ClientHelloSpec spec, byte[] records, byte[] message, boolean owned) {
        this.spec = spec;
        this.records = records;
        this.message = message;
    }

    /** Encodes {@code spec} once: the bytes to send and the message they carry (fresh random, fresh session id). */
    public static SentHello encode(ClientHelloSpec spec) {
        byte[] records = ClientHelloEncoder.encode(Objects.requireNonNull(spec, "spec"));
        return new SentHello(spec, records, spec.sslv2() ? new byte[0] : null, true);
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

    /** The hello's description. */
    public ClientHelloSpec spec() {
        return spec;
    }

    /** The bytes sent (a copy). */
    public byte[] records() {
        return records.clone();
    }

    /** The ClientHello handshake message (a copy). */
    public byte[] message() {
        return messageShared().clone();
    }

    /**
     * The key share this hello sent for {@code group}, with its private half when tlsweep implements the group, or
     * {@code null}.
     */
    public KeyShare keyShare(int group) {
        return spec.keyShare(group);
    }

    /**
     * The bytes sent, without a copy, for the one who sends them: they must not be changed (the engine reads them
     * when each attempt connects).
     */
    public byte[] recordsForSending() {
        return records;
    }

    /** The message, without a copy; taken out of the records on first use (by any thread: each finds the same). */
    byte[] messageShared() {
        byte[] m = message;
        if (m == null) {
            m = messageOf(records);
            message = m;
        }
        return m;
    }

    @Override
    public String toString() {
        return "SentHello[" + spec + ", " + records.length + " bytes]";
    }
}
