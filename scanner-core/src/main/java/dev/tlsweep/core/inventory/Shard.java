package dev.tlsweep.core.inventory;

import dev.tlsweep.core.input.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One of N deterministic parts of an inventory ({@code --shard I/N}): a target belongs to shard
 * {@code 1 + (h mod N)} where {@code h} is the 64-bit FNV-1a hash of its normalised text (lower
 * case, whitespace collapsed). The same on every machine and JVM, whatever the order of the
 * lines, so that N machines given the same inventory scan disjoint parts that cover it.
 *
 * @param index 1-based, 1..count
 * @param count the number of shards
 */
public record Shard(int index, int count) {

    /** The whole inventory. */
    public static final Shard ALL = new Shard(1, 1);

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("shard count: " + count + " (expected: >= 1)");
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("shard index: " + index + " (expected: 1.." + count + ")");
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        try {
            if (slash > 0) {
                return new Shard(Integer.parseInt(text.substring(0, slash).strip()),
                        Integer.parseInt(text.substring(slash + 1).strip()));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("shard: " + Printable.quote(text) + " (expected: I/N with 1 <= I <= N)");
    }

    /** Whether this shard scans the target. */
    public boolean contains(Target target) {
        return count == 1 || Long.remainderUnsigned(hash(normalise(target.input())), count) == index - 1;
    }

    static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static long hash(String text) {
        long h = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
