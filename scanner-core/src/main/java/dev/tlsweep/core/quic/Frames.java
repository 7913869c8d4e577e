package dev.tlsweep.core.quic;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;

/**
 * The frames of Initial and Handshake packets (RFC 9000 12.4: PADDING, PING, ACK, CRYPTO, CONNECTION_CLOSE): read
 * from a decrypted payload, written for tlsweep's own packets.
 */
final class Frames {

    static final int PADDING = 0x00;
    static final int PING = 0x01;
    static final int ACK = 0x02;
    static final int ACK_ECN = 0x03;
    static final int CRYPTO = 0x06;
    static final int CONNECTION_CLOSE = 0x1c;
    static final int CONNECTION_CLOSE_APP = 0x1d;

    /** The longest close reason kept. */
    static final int MAX_REASON = 256;

    private Frames() {
    }

    /** A frame tlsweep acts upon. */
    sealed interface Frame permits Crypto, Close, Other {
    }

    /** CRYPTO: handshake bytes at {@code offset} of the level's stream. */
    record Crypto(long offset, byte[] data) implements Frame {
    }

    /** CONNECTION_CLOSE: a transport error ({@code application} false) or an application's, with its reason. */
    record Close(long code, boolean application, String reason) implements Frame {
    }

    /** PADDING, PING or ACK: nothing to act upon, but ack-eliciting for PING. */
    record Other(int type) implements Frame {
    }

    /**
     * Reads the frames of a decrypted Initial or Handshake payload.
     *
     * @throws QuicException for a frame type these packets may not carry, or a malformed frame
     */
    static List<Frame> parse(byte[] payload, int maxCrypto) throws QuicException {
        List<Frame> out = new ArrayList<>();
        Reader r = new Reader(payload, 0, payload.length, "frames");
        if (payload.length == 0) {
            throw new QuicException("a packet without frames");
        }
        while (r.remaining() > 0) {
            long type = r.varint("frame type");
            if (type == PADDING) {
                continue;
            }
            if (type == PING) {
                out.add(new Other(PING));
            } else if (type == ACK || type == ACK_ECN) {
                r.varint("largest acknowledged");
                r.varint("ack delay");
                long ranges = r.varint("ack range count");
                r.varint("first ack range");
                if (ranges > payload.length) {
                    throw new QuicException("ACK with " + ranges + " ranges in a packet of " + payload.length + " bytes");
                }
                for (long i = 0; i < ranges; i++) {
                    r.varint("gap");
                    r.varint("ack range length");
                }
                if (type == ACK_ECN) {
                    r.varint("ECT0 count");
                    r.varint("ECT1 count");
                    r.varint("ECN-CE count");
                }
                out.add(new Other(ACK));
            } else if (type == CRYPTO) {
                long offset = r.varint("crypto offset");
                int length = r.length("crypto length", maxCrypto);
                if (offset + length > Varint.MAX) {
                    throw new QuicException("CRYPTO frame past the largest offset");
                }
                out.add(new Crypto(offset, r.bytes(length, "crypto data")));
            } else if (type == CONNECTION_CLOSE || type == CONNECTION_CLOSE_APP) {
                long code = r.varint("error code");
                if (type == CONNECTION_CLOSE) {
                    r.varint("frame type");
                }
                int length = r.length("reason phrase length", payload.length);
                byte[] reason = r.bytes(length, "reason phrase");
                String text = new String(reason, 0, Math.min(reason.length, MAX_REASON), StandardCharsets.UTF_8);
                out.add(new Close(code, type == CONNECTION_CLOSE_APP, text));
            } else {
                throw new QuicException(String.format("frame type 0x%x, which Initial and Handshake packets may not"
                        + " carry (RFC 9000 12.4)", type));
            }
        }
        return out;
    }

    /** A CRYPTO frame. */
    static byte[] crypto(long offset, byte[] data, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 12);
        Varint.write(out, CRYPTO);
        Varint.write(out, offset);
        Varint.write(out, to - from);
        out.write(data, from, to - from);
        return out.toByteArray();
    }

    /** An ACK frame of the packet numbers in {@code received} (at most the 32 highest ranges), no delay. */
    static byte[] ack(NavigableSet<Long> received) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        Iterator<Long> down = received.descendingIterator();
        long largest = down.next();
        List<long[]> ranges = new ArrayList<>();
        long high = largest;
        long low = largest;
        while (down.hasNext() && ranges.size() < 32) {
            long n = down.next();
            if (n == low - 1) {
                low = n;
            } else {
                ranges.add(new long[] {high, low});
                high = n;
                low = n;
            }
        }
        ranges.add(new long[] {high, low});
        Varint.write(out, ACK);
        Varint.write(out, largest);
        Varint.write(out, 0);
        Varint.write(out, ranges.size() - 1);
        Varint.write(out, ranges.get(0)[0] - ranges.get(0)[1]);
        for (int i = 1; i < ranges.size(); i++) {
            long gap = ranges.get(i - 1)[1] - ranges.get(i)[0] - 2;
            Varint.write(out, gap);
            Varint.write(out, ranges.get(i)[0] - ranges.get(i)[1]);
        }
        return out.toByteArray();
    }

    /** CONNECTION_CLOSE with NO_ERROR, which tlsweep sends when it has read what it wanted. */
    static byte[] close() {
        return new byte[] {CONNECTION_CLOSE, 0, 0, 0};
    }
}
