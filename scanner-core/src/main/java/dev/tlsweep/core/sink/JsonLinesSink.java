package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Reports as JSON lines ({@link SweepJson}: the report with its inventory line), all lines of one target
 * in one write: to a durable {@link JsonlFile} or to standard output. The lines are encoded into one buffer,
 * kept from call to call (unless a large batch grew it), so a sweep's reports are not copied as strings.
 */
public final class JsonLinesSink implements ReportSink {

    private static final int KEPT_BYTES = 1 << 20;

    private final LineWriter out;
    private SweepJson.Utf8Lines buffer = new SweepJson.Utf8Lines(16 * 1024);

    public JsonLinesSink(LineWriter out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public synchronized void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException {
        buffer.reset();
        for (EndpointReport r : reports) {
            SweepJson.append(entry, r, buffer);
        }
        try {
            out.write(buffer.array(), 0, buffer.size());
        } finally {
            if (buffer.array().length > KEPT_BYTES) {
                buffer = new SweepJson.Utf8Lines(16 * 1024);
            }
        }
    }
}
