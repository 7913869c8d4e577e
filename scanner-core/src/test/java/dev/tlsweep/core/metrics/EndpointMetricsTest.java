package dev.tlsweep.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointMetricsTest {

    @Test
    void exportsOneSetOfSeriesPerEndpointWithEveryVersionAndTheWeakSuites() {
        EndpointMetrics metrics = new EndpointMetrics();
        metrics.update(MetricsFixtures.legacy("legacy"));
        metrics.update(MetricsFixtures.refused("down"));
        String text = PrometheusText.text(metrics.collect());
        String id = "host=\"127.0.0.1\",ip=\"127.0.0.1\",port=\"8443\",sni=\"localhost\",target=\"legacy\"";
        assertThat(text)
                .contains("# TYPE tlsweep_scan_success gauge")
                .contains("tlsweep_scan_success{host=\"127.0.0.1\",ip=\"127.0.0.1\",port=\"8443\",sni=\"localhost\",status=\"ok\",target=\"legacy\"} 1.0")
                .contains("tlsweep_scan_success{host=\"127.0.0.1\",ip=\"127.0.0.1\",port=\"1\",sni=\"\",status=\"refused\",target=\"down\"} 0.0")
                .contains("tlsweep_scan_duration_seconds{" + id + "} 1.5")
                .contains("tlsweep_protocol_accepted{" + id + ",version=\"TLSv1.0\"} 1.0")
                .contains("tlsweep_protocol_accepted{" + id + ",version=\"SSLv2\"} 0.0")
                .contains("tlsweep_protocol_accepted{" + id + ",version=\"TLSv1.3\"} 0.0")
                // 0x000A (3DES) and 0x0005 (RC4) are weak; counted once although 3DES is accepted at two versions
                .contains("tlsweep_weak_suites_accepted{" + id + "} 2.0")
                .contains("tlsweep_suites_accepted{" + id + "} 4.0")
                .containsPattern("tlsweep_finding\\{code=\"PROTOCOL_TLS10\",[^}]*severity=\"medium\",[^}]*target=\"legacy\"} 1.0")
                .doesNotContain("tlsweep_suite_accepted")
                .doesNotContain("tlsweep_cert_")
                .doesNotContain("tlsweep_chain_");
        assertThat(text.lines().filter(l -> l.startsWith("tlsweep_protocol_accepted{") && l.contains("target=\"legacy\"")))
                .hasSize(6);
        assertThat(text.lines().filter(l -> l.startsWith("tlsweep_protocol_accepted{") && l.contains("target=\"down\"")))
                .isEmpty();
    }

    @Test
    void exportsCertificateFactsAsGaugesAndATrueInfoMetric() {
        EndpointMetrics metrics = new EndpointMetrics(false);
        metrics.update(MetricsFixtures.withCertificate(MetricsFixtures.legacy("legacy")));
        metrics.update(MetricsFixtures.refused("down"));
        String text = PrometheusText.text(metrics.collect());
        assertThat(text)
                .contains("# TYPE tlsweep_cert_leaf_info gauge")
                .contains("tlsweep_cert_leaf_info{fingerprint_sha256=\"" + "ab".repeat(32) + "\"")
                .contains("serial=\"0a1b\"")
                .contains("subject=\"CN=localhost,O=Lab \\\"quoted\\\"\"")
                .contains("sans=\"localhost,127.0.0.1\"")
                .containsPattern("tlsweep_cert_earliest_expiry_timestamp_seconds\\{[^}]*target=\"legacy\"} 2\\.0E9")
                .containsPattern("tlsweep_chain_complete\\{[^}]*} 0\\.0")
                .containsPattern("tlsweep_chain_trusted\\{[^}]*} 1\\.0")
                .containsPattern("tlsweep_cert_hostname_valid\\{[^}]*} 1\\.0");
        assertThat(text.lines().filter(l -> l.startsWith("tlsweep_chain_complete{"))).hasSize(1);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        assertThat(new String(PrometheusText.render(registry, "application/openmetrics-text; version=1.0.0").body(),
                java.nio.charset.StandardCharsets.UTF_8))
                .contains("# TYPE tlsweep_cert_leaf info")
                .endsWith("# EOF\n");
    }

    @Test
    void perSuiteSeriesOnlyWhenAskedAndStaleEndpointsDropped() {
        EndpointMetrics metrics = new EndpointMetrics(true);
        metrics.update(MetricsFixtures.legacy("a"));
        metrics.update(MetricsFixtures.legacy("b"));
        String text = PrometheusText.text(metrics.collect());
        assertThat(text).contains("suite=\"TLS_RSA_WITH_3DES_EDE_CBC_SHA\",target=\"a\",version=\"TLSv1.2\"} 1.0");
        assertThat(text.lines().filter(l -> l.startsWith("tlsweep_suite_accepted{") && l.contains("target=\"a\""))).hasSize(5);
        metrics.retain(List.of("b"));
        assertThat(metrics.size()).isEqualTo(1);
        assertThat(PrometheusText.text(metrics.collect())).doesNotContain("target=\"a\"");
    }

    @Test
    void writesTheTextfileAtomicallyLeavingNoTemporaryFile(@TempDir Path dir) throws Exception {
        EndpointMetrics metrics = new EndpointMetrics();
        metrics.update(MetricsFixtures.legacy("legacy"));
        Path file = dir.resolve("tlsweep.prom");
        Files.writeString(file, "old");
        PrometheusText.writeAtomically(file, metrics.collect());
        assertThat(Files.readString(file)).startsWith("# HELP").contains("tlsweep_scan_success");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void everyEndpointFamilyIsInTheCatalogue() {
        EndpointMetrics metrics = new EndpointMetrics(true);
        metrics.update(MetricsFixtures.withCertificate(MetricsFixtures.legacy("legacy")));
        String text = PrometheusText.text(metrics.collect());
        List<String> names = text.lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('{'))).distinct().toList();
        assertThat(names).allSatisfy(n -> assertThat(TlsweepMetric.byPrometheusName(n)).isPresent());
        assertThat(names).hasSize((int) java.util.Arrays.stream(TlsweepMetric.values())
                .filter(m -> m.scope() == TlsweepMetric.Scope.ENDPOINT).count());
    }

    @Test
    void groupsAndVulnerabilitiesHaveBoundedLabels() {
        EndpointMetrics metrics = new EndpointMetrics();
        metrics.update(MetricsFixtures.legacy("legacy"));
        String text = PrometheusText.text(metrics.collect());
        assertThat(text).contains("tlsweep_group_accepted{group=\"x25519\",host=\"127.0.0.1\",ip=\"127.0.0.1\","
                + "port=\"8443\",sni=\"localhost\",target=\"legacy\",version=\"TLSv1.2\"} 1.0")
                .contains("tlsweep_group_accepted{group=\"secp256r1\"")
                .contains("tlsweep_vulnerable{check=\"heartbleed\"").contains("target=\"legacy\"} 0.0")
                .contains("tlsweep_vulnerable{check=\"compression\"")
                .doesNotContain("check=\"robot\"");
    }
}
