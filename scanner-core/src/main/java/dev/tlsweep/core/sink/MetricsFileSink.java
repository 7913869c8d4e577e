package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.metrics.EndpointMetrics;
import dev.tlsweep.core.metrics.PrometheusText;
import dev.tlsweep.core.report.EndpointReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The endpoint metrics of a run, in the Prometheus text format, written atomically to a file at the end
 * (for node_exporter's textfile collector). With no file, it only keeps the metrics up to date (as
 * {@code tlsweep serve} does between scrapes).
 */
public final class MetricsFileSink implements ReportSink {

    private final EndpointMetrics metrics;
    private final Path file;

    /** @param file where {@link #finish()} writes, or {@code null} to write nothing */
    public MetricsFileSink(EndpointMetrics metrics, Path file) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.file = file;
    }

    @Override
    public void accept(InventoryEntry entry, List<EndpointReport> reports) {
        reports.forEach(metrics::update);
    }

    @Override
    public void finish() throws IOException {
        if (file != null) {
            try {
                PrometheusText.writeAtomically(file, metrics.collect());
            } catch (IOException e) {
                throw new IOException("cannot write --metrics-file " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
