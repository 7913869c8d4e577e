package dev.tlsweep.core.probe;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the record headers of a byte stream without keeping record contents: each record is reported with its type
 * and length (and, for an alert, its level and description) and its payload is skipped, never copied. What the checks
 * use to see how a server reacted — and what keeps the memory a Heartbleed-vulnerable server leaks out of tlsweep.
 */
final class RecordHeaders {

    /**
     * One record.
     *
     * @param type        the content type
     * @param length      the length the header announced
     * @param alert       for an alert record of at least two bytes, its description; else -1
     * @param alertLevel  for such an alert, its level; else -1
     */
    record Record(int type, int length, int alert, int alertLevel) {
    }

    private final byte[] header = new byte[7];
    private int have;
    private int expected = 5;
    private long skip;
    private long seen;

    /** Reads all of {@code in}, returning the records whose header completed in it. */
    List<Record> feed(ByteBuf in) {
        List<Record> out = new ArrayList<>();
        while (in.isReadable()) {
            if (skip > 0) {
                int n = (int) Math.min(skip, in.readableBytes());
                in.skipBytes(n);
                skip -= n;
                continue;
            }
            header[have++] = in.readByte();
            seen++;
            if (have < expected) {
                continue;
            }
            int type = header[0] & 0xFF;
            int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            if (have == 5 && type == 21 && length >= 2) {
                expected = 7;
                continue;
            }
            if (have == 7) {
                out.add(new Record(type, length, header[6] & 0xFF, header[5] & 0xFF));
                skip = length - 2;
            } else {
                out.add(new Record(type, length, -1, -1));
                skip = length;
            }
            have = 0;
            expected = 5;
        }
        return out;
    }

    /** How many header bytes were read (payloads excluded). */
    long headerBytes() {
        return seen;
    }
}
