package dev.tlsweep.core.metrics;

import dev.tlsweep.core.report.AtomicFile;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Renders metric snapshots in the Prometheus text format (0.0.4) or OpenMetrics 1.0, and writes metric
 * files for node_exporter's textfile collector atomically.
 */
public final class PrometheusText {

    /** The Content-Type of the Prometheus text format. */
    public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The Content-Type of OpenMetrics text. */
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private PrometheusText() {
    }

    /** A rendered scrape: its bytes and their Content-Type. */
    public record Rendered(byte[] body, String contentType) {
    }

    /**
     * Renders every metric of {@code registry} in the format an HTTP {@code Accept} header asks for:
     * OpenMetrics when it names {@code application/openmetrics-text}, else the Prometheus text format.
     */
    public static Rendered render(PrometheusRegistry registry, String accept) {
        Objects.requireNonNull(registry, "registry");
        boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
        ExpositionFormatWriter writer = openMetrics ? OpenMetricsTextFormatWriter.create()
                : PrometheusTextFormatWriter.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        write(writer, registry.scrape(), out);
        return new Rendered(out.toByteArray(), openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE);
    }

    /** The Prometheus text format of {@code snapshots}. */
    public static String text(MetricSnapshots snapshots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        write(PrometheusTextFormatWriter.create(), snapshots, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code snapshots} to {@code file} in the Prometheus text format atomically: to a temporary file in
     * the same directory, then renamed over {@code file}, so that a reader (node_exporter's textfile collector)
     * never sees half a file.
     */
    public static void writeAtomically(Path file, MetricSnapshots snapshots) throws IOException {
        Objects.requireNonNull(file, "file");
        AtomicFile.write(file, out -> PrometheusTextFormatWriter.create().write(out, snapshots));
    }

    private static void write(ExpositionFormatWriter writer, MetricSnapshots snapshots, OutputStream out) {
        try {
            writer.write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
