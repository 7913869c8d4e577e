/**
 * Metrics for Prometheus: the scanner's own meters and one set of series per scanned endpoint.
 *
 * <p>Entry points: {@link dev.tlsweep.core.metrics.TlsweepMetric} (the catalogue of every metric),
 * {@link dev.tlsweep.core.metrics.ScannerMetrics} (Micrometer meters; the {@code Scanner}'s observer),
 * {@link dev.tlsweep.core.metrics.EndpointMetrics} (a Prometheus client collector over the latest report of
 * each endpoint, its certificate series from the leaves and chains of the report),
 * {@link dev.tlsweep.core.metrics.PrometheusText} (text format, OpenMetrics, atomic textfile output).
 *
 * <p>Naming follows https://prometheus.io/docs/practices/naming/ (base units, {@code _total} counters,
 * {@code _timestamp_seconds} for times); the text formats are
 * https://prometheus.io/docs/instrumenting/exposition_formats/ and https://openmetrics.io/.
 */
package dev.tlsweep.core.metrics;
