package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reports as JSON lines ({@link SweepJson}: the report with its inventory line), all lines of one target
 * in one write: to a durable {@link JsonlFile} or to standard output.
 */
public final class JsonLinesSink implements ReportSink {

    private final LineWriter out;

    public JsonLinesSink(LineWriter out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException {
        List<String> lines = new ArrayList<>(reports.size());
        for (EndpointReport r : reports) {
            lines.add(SweepJson.line(entry, r));
        }
        out.write(lines);
    }
}
