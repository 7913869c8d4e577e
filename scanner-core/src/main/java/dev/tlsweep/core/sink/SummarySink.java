package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.summary.Summary;
import java.util.List;
import java.util.Objects;

/** Counts every report into a {@link Summary} (the records themselves, never their JSON read back). */
public final class SummarySink implements ReportSink {

    private final Summary summary;

    public SummarySink(Summary summary) {
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    @Override
    public void accept(InventoryEntry entry, List<EndpointReport> reports) {
        reports.forEach(summary::add);
    }
}
