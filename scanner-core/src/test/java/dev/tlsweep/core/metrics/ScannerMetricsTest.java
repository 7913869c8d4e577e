package dev.tlsweep.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineStats;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.probe.HelloAnswer;
import dev.tlsweep.core.report.ScanStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScannerMetricsTest {

    private final AtomicReference<EngineStats> stats = new AtomicReference<>(
            new EngineStats(3, 7, 10, 2, Map.of(Outcome.COMPLETED, 8L, Outcome.REFUSED, 1L)));

    @Test
    void countsHellosEndpointsAndReadsEngineCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScannerMetrics metrics = new ScannerMetrics(stats::get);
        metrics.bindTo(registry);
        metrics.answered(new HelloAnswer(HelloAnswer.Kind.ALERT, null, Outcome.COMPLETED, ""), 20_000_000);
        metrics.answered(new HelloAnswer(HelloAnswer.Kind.ALERT, null, Outcome.COMPLETED, ""), 40_000_000);
        metrics.endpointDone(MetricsFixtures.legacy("a"));
        metrics.endpointDone(dev.tlsweep.core.report.EndpointReport.unscanned("x", "x.invalid", 443, null, "x.invalid",
                ScanStatus.DNS_ERROR, "no", Instant.EPOCH, 0, 0));
        metrics.aiaFetched(true);

        assertThat(registry.get("tlsweep.hellos").tag("answer", "alert").counter().count()).isEqualTo(2);
        assertThat(registry.get("tlsweep.hellos").tag("answer", "server_hello").counter().count()).isZero();
        assertThat(registry.get("tlsweep.hello.duration").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60);
        assertThat(registry.get("tlsweep.endpoints").tag("status", "ok").counter().count()).isEqualTo(1);
        assertThat(registry.get("tlsweep.endpoints").tag("status", "dns-error").counter().count()).isEqualTo(1);
        assertThat(registry.get("tlsweep.dns.failures").counter().count()).isEqualTo(1);
        assertThat(registry.get("tlsweep.aia.fetches").tag("result", "ok").counter().count()).isEqualTo(1);
        assertThat(registry.get("tlsweep.connections").tag("outcome", "refused").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("tlsweep.retries").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("tlsweep.connections.in.flight").gauge().value()).isEqualTo(3);
        stats.set(new EngineStats(0, 0, 10, 5, Map.of()));
        assertThat(registry.get("tlsweep.retries").functionCounter().count()).isEqualTo(5);
        assertThat(registry.get("tlsweep.connections.in.flight").gauge().value()).isZero();
    }

    @Test
    void prometheusNamesAreTheCataloguesOwn() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScannerMetrics metrics = new ScannerMetrics(stats::get);
        metrics.bindTo(registry);
        metrics.answered(new HelloAnswer(HelloAnswer.Kind.SERVER_HELLO, null, Outcome.COMPLETED, ""), 30_000_000);
        metrics.sweepCompleted(Instant.ofEpochSecond(1_800_000_000), Duration.ofSeconds(12));
        metrics.sweepInterval(Duration.ofHours(1));
        String text = registry.scrape();
        Set<String> exposed = text.lines().filter(l -> l.startsWith("# TYPE "))
                .map(l -> l.split(" ")[2]).collect(Collectors.toSet());
        Set<String> catalogue = Arrays.stream(TlsweepMetric.values())
                .filter(m -> m.scope() == TlsweepMetric.Scope.SCANNER).map(TlsweepMetric::prometheusName)
                .collect(Collectors.toSet());
        // Micrometer adds a _max gauge to every timer; the catalogue lists it among the histogram's series
        assertThat(exposed).containsAll(catalogue)
                .allSatisfy(n -> assertThat(TlsweepMetric.byPrometheusName(n)).isPresent());
        assertThat(text)
                .contains("# TYPE tlsweep_hello_duration_seconds histogram")
                .contains("tlsweep_hello_duration_seconds_bucket{le=\"0.05\"} 1")
                .contains("tlsweep_hellos_total{answer=\"server_hello\"} 1")
                .contains("tlsweep_sweep_last_completed_timestamp_seconds 1.8E9")
                .contains("tlsweep_sweep_interval_seconds 3600")
                .contains("tlsweep_connections_total{outcome=\"completed\"} 8");
    }
}
