package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON line of a report in a sweep: the report's {@code tlsweep/1} object with one more field,
 * {@code "line"}, the inventory line the target came from, which {@code --resume} reads back.
 */
public final class SweepJson {

    private SweepJson() {
    }

    /**
     * Appends the report's line and a newline to {@code out}, written straight into its bytes in UTF-8
     * ({@link ReportJson#writeLine}).
     */
    public static void append(InventoryEntry entry, EndpointReport report, Utf8Lines out) {
        try {
            ReportJson.writeLine(report, entry.line(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        out.write('\n');
    }

    /** Whole lines of UTF-8 in memory, to be written in one call and then {@linkplain #reset() reused}. */
    public static final class Utf8Lines extends ByteArrayOutputStream {

        public Utf8Lines(int capacity) {
            super(capacity);
        }

        /** The bytes written so far, from index 0 to {@link #size()}; not a copy. */
        public byte[] array() {
            return buf;
        }
    }
}
