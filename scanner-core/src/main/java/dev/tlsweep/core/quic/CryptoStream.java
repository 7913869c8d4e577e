package dev.tlsweep.core.quic;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The handshake bytes of one encryption level, put back in order from CRYPTO frames that may arrive out of
 * order, repeated or overlapping (RFC 9000 19.6). Holds at most {@code maxBytes} beyond what was delivered, in at
 * most {@link #MAX_PIECES} pieces.
 */
final class CryptoStream {

    /** The most pieces that may wait for a gap: each costs a map entry, and a server may send them a byte each. */
    static final int MAX_PIECES = 4096;

    private final int maxBytes;
    private final TreeMap<Long, byte[]> waiting = new TreeMap<>();
    private int waitingBytes;
    private long delivered;

    CryptoStream(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a frame's data; returns the bytes that are now in order (empty when none).
     *
     * @throws QuicException when more than {@code maxBytes} wait for a gap to fill, or the stream exceeds it
     */
    byte[] add(long offset, byte[] data) throws QuicException {
        long end = offset + data.length;
        if (end > delivered + maxBytes) {
            throw new QuicException("CRYPTO data up to offset " + end + " exceeds " + maxBytes + " bytes");
        }
        if (end > delivered && data.length > 0) {
            byte[] kept = data;
            long at = offset;
            if (offset < delivered) {
                kept = Arrays.copyOfRange(data, (int) (delivered - offset), data.length);
                at = delivered;
            }
            byte[] previous = waiting.get(at);
            if (previous == null || previous.length < kept.length) {
                waiting.put(at, kept);
                waitingBytes += kept.length - (previous == null ? 0 : previous.length);
            }
            if (waitingBytes > maxBytes) {
                throw new QuicException("more than " + maxBytes + " bytes of CRYPTO data wait for a gap to fill");
            }
            if (waiting.size() > MAX_PIECES) {
                throw new QuicException("more than " + MAX_PIECES + " pieces of CRYPTO data wait for a gap to fill");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!waiting.isEmpty() && waiting.firstKey() <= delivered) {
            Map.Entry<Long, byte[]> e = waiting.pollFirstEntry();
            waitingBytes -= e.getValue().length;
            long skip = delivered - e.getKey();
            if (skip < e.getValue().length) {
                out.write(e.getValue(), (int) skip, (int) (e.getValue().length - skip));
                delivered = e.getKey() + e.getValue().length;
            }
        }
        return out.toByteArray();
    }
}
