package dev.tlsweep.core.sweep;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import java.io.IOException;
import java.util.List;

/** Receives the reports of each target of a {@link Sweep}, on the sweep's calling thread, one target at a time. */
@FunctionalInterface
public interface ReportSink {

    /**
     * Takes the reports of one target: one, or one per address with {@link SweepOptions#allAddresses()}.
     * May block (a slow disk or consumer): the sweep reads no further input meanwhile once its bound
     * on targets in flight is reached.
     */
    void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException;
}
