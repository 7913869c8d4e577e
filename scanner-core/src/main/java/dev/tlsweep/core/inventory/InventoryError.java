package dev.tlsweep.core.inventory;

import dev.tlsweep.core.input.Printable;
import java.util.Objects;

/**
 * A line of an inventory that is not a target; it is skipped and the sweep goes on.
 *
 * @param source where the line came from: a file name, {@code "stdin"} or {@code "arguments"}
 * @param lineInSource the 1-based line number within that source
 * @param problem what is wrong, naming the text (quoted through {@link Printable#echo}: cut, printable, no
 *                key material)
 */
public record InventoryError(String source, long lineInSource, String problem) {

    public InventoryError {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return Printable.cut(source, 200) + ":" + lineInSource + ": " + Printable.of(problem);
    }
}
