package dev.tlsweep.core.reach;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a server's side of a preamble: each turn is what the server sends once the client has written what it
 * had to; the bytes of each turn are delivered in chunks cut at the given offsets. What the client wrote, in
 * order, and the last step are the outcome.
 */
final class Conversation {

    /** What a preamble did with a script: everything it sent, and its last step. */
    record Outcome(String sent, Step last) {
        Step.State state() {
            return last.state();
        }
    }

    private Conversation() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Delivers each turn whole. */
    static Outcome play(Preamble p, List<byte[]> turns) {
        return play(p, turns, List.of());
    }

    /**
     * Delivers the turns, all bytes of all turns cut at {@code cuts} (offsets into the concatenation of the turns,
     * any order, out-of-range ones ignored) as well as at the turns' own borders.
     */
    static Outcome play(Preamble p, List<byte[]> turns, List<Integer> cuts) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        sent.writeBytes(p.open());
        Step last = null;
        int base = 0;
        for (byte[] turn : turns) {
            List<Integer> inner = new ArrayList<>();
            for (int c : cuts) {
                if (c > base && c < base + turn.length) {
                    inner.add(c - base);
                }
            }
            inner.sort(null);
            int from = 0;
            inner.add(turn.length);
            for (int to : inner) {
                if (to <= from) {
                    continue;
                }
                last = p.receive(turn, from, to - from);
                sent.writeBytes(last.send());
                if (last.done()) {
                    return new Outcome(sent.toString(StandardCharsets.ISO_8859_1), last);
                }
                from = to;
            }
            base += turn.length;
        }
        return new Outcome(sent.toString(StandardCharsets.ISO_8859_1), last);
    }
}
