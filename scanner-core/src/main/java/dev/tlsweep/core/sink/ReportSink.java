package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the reports of a sweep go: a JSON-lines file, standard output, the terminal, the summary, the
 * metrics, the fixed chains, the exit code. A sweep ({@code dev.tlsweep.core.sweep.Sweep}) hands each
 * target's reports to its sink on the sweep's calling thread, one target at a time, and calls
 * {@link #finish()} once at the end.
 */
@FunctionalInterface
public interface ReportSink {

    /**
     * Takes the reports of one target: one, or one per address when every address of a name is scanned.
     * May block (a slow disk or consumer): the sweep reads no further input meanwhile once its bound
     * on targets in flight is reached.
     *
     * @throws IOException when the reports cannot be written; the sweep stops reading then
     */
    void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException;

    /** Called once after the last report: flush, write a file of the whole run. */
    default void finish() throws IOException {
    }

    /** A sink that hands every report to each of {@code sinks} in order, and finishes each. */
    static ReportSink tee(List<? extends ReportSink> sinks) {
        List<ReportSink> all = List.copyOf(sinks);
        return new ReportSink() {
            @Override
            public void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException {
                for (ReportSink s : all) {
                    s.accept(entry, reports);
                }
            }

            @Override
            public void finish() throws IOException {
                List<IOException> failures = new ArrayList<>();
                for (ReportSink s : all) {
                    try {
                        s.finish();
                    } catch (IOException e) {
                        failures.add(e);
                    }
                }
                if (!failures.isEmpty()) {
                    IOException first = failures.get(0);
                    failures.subList(1, failures.size()).forEach(first::addSuppressed);
                    throw first;
                }
            }
        };
    }
}
