package dev.tlsweep.core.inventory;

import java.util.Objects;

/**
 * One target of an inventory, with the line it came from.
 *
 * @param line the 1-based position of its line in the inventory (arguments first, then the file)
 * @param target the target; a CIDR line yields one entry per address, all with the same line
 */
public record InventoryEntry(long line, Target target) {

    public InventoryEntry {
        if (line < 1) {
            throw new IllegalArgumentException("line: " + line + " (expected: >= 1)");
        }
        Objects.requireNonNull(target, "target");
    }

    /**
     * The key under which a completed entry is remembered for {@code --resume}: the line and the
     * target's text, so that the same target on two lines is scanned twice and one line's
     * addresses are told apart.
     */
    public String key() {
        return line + "\t" + target.input();
    }
}
