package dev.tlsweep.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.OpenSslVerdict;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        String id = "host=\"127.0.0.1\",port=\"8443\",sni=\"localhost\",target=\"legacy\"";
        assertThat(text)
                .contains("# TYPE tlsweep_scan_success gauge")
                // No label that changes with the value or with DNS: status and address are in tlsweep_scan_info.
                .contains("tlsweep_scan_success{" + id + "} 1.0")
                .contains("tlsweep_scan_success{host=\"127.0.0.1\",port=\"1\",sni=\"\",target=\"down\"} 0.0")
                .contains("tlsweep_scan_info{host=\"127.0.0.1\",ip=\"127.0.0.1\",port=\"8443\",sni=\"localhost\",starttls=\"\",status=\"ok\",target=\"legacy\",transport=\"tcp\"} 1")
                .contains("tlsweep_scan_info{host=\"127.0.0.1\",ip=\"127.0.0.1\",port=\"1\",sni=\"\",starttls=\"\",status=\"refused\",target=\"down\",transport=\"tcp\"} 1")
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
        assertThat(text.lines().filter(l -> !l.startsWith("#") && !l.startsWith("tlsweep_scan_info")))
                .noneMatch(l -> l.contains("ip=") || l.contains("status="));
    }

    /**
     * serve holds the series of every endpoint of its inventory between sweeps, not the reports they came from
     * (DER chains, parsed certificates, every suite and finding): a report is garbage once its series are made.
     */
    @Test
    void keepsTheSeriesOfAReportNotTheReport() throws InterruptedException {
        EndpointMetrics metrics = new EndpointMetrics();
        java.lang.ref.WeakReference<Object> report = update(metrics, "legacy");
        for (int i = 0; i < 50 && report.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(report.get()).as("the report is no longer reachable").isNull();
        assertThat(PrometheusText.text(metrics.collect())).containsPattern("tlsweep_scan_success\\{[^}]*target=\"legacy\"");
    }

    private static java.lang.ref.WeakReference<Object> update(EndpointMetrics metrics, String target) {
        var r = MetricsFixtures.legacy(target);
        metrics.update(r);
        return new java.lang.ref.WeakReference<>(r);
    }

    @Test
    void probeSeriesLeaveTheTargetToPrometheusInstanceLabel() {
        EndpointMetrics metrics = EndpointMetrics.forProbe(false);
        metrics.update(MetricsFixtures.legacy("legacy"));
        String text = PrometheusText.text(metrics.collect());
        assertThat(text).contains("tlsweep_scan_success{host=\"127.0.0.1\",port=\"8443\",sni=\"localhost\"} 1.0")
                .doesNotContain("target=");
    }

    @Test
    void perCertificateValiditySeriesForTheServedChainAndTheVerifiedPathAreBounded() {
        CertificateInfo root = MetricsFixtures.certificate("CN=Lab Root", "CN=Lab Root", "01", "11", 2_100_000_000L);
        CertificateInfo mid = MetricsFixtures.certificate("CN=Lab Intermediate", "CN=Lab Root", "02", "22", 1_900_000_000L);
        CertificateInfo leaf = MetricsFixtures.certificate("CN=www.example.test", "CN=Lab Intermediate", "03", "33",
                1_800_000_000L);
        List<CertificateInfo> many = new ArrayList<>(List.of(leaf, mid));
        for (int i = 0; i < 20; i++) {
            many.add(MetricsFixtures.certificate("CN=stray " + i, "CN=stray", "1" + i, "4" + i, 1_700_000_000L));
        }
        ChainReport served = new ChainReport(many, List.of(leaf, mid, root), true, true, false, true,
                OpenSslVerdict.of(0, 0), List.of(), null);
        ChainReport untrusted = new ChainReport(List.of(leaf), List.of(leaf), false, false, false, true,
                OpenSslVerdict.of(20, 0), List.of(), null);
        EndpointMetrics metrics = new EndpointMetrics();
        metrics.update(MetricsFixtures.legacy("a").toBuilder().chains(List.of(served, untrusted)).build());
        String text = PrometheusText.text(metrics.collect());
        assertThat(text)
                .contains("tlsweep_cert_not_after_timestamp_seconds{chain=\"0\",cn=\"www.example.test\",host=\"127.0.0.1\","
                        + "issuer_cn=\"Lab Intermediate\",port=\"8443\",position=\"0\",serial=\"03\",sni=\"localhost\","
                        + "target=\"a\"} 1.8E9")
                .contains("tlsweep_cert_not_after_timestamp_seconds{chain=\"0\",cn=\"Lab Intermediate\"")
                .contains("tlsweep_verified_cert_not_after_timestamp_seconds{chain=\"0\",cn=\"Lab Root\"")
                .contains("tlsweep_cert_not_before_timestamp_seconds{chain=\"1\",cn=\"www.example.test\"");
        // Served chain 0 is cut at MAX_CERTIFICATES; chain 1 has one certificate; only chain 0 is verified.
        assertThat(text.lines().filter(l -> l.startsWith("tlsweep_cert_not_after_timestamp_seconds{")))
                .hasSize(EndpointMetrics.MAX_CERTIFICATES + 1);
        assertThat(text.lines().filter(l -> l.startsWith("tlsweep_verified_cert_not_after_timestamp_seconds{")))
                .hasSize(3).allMatch(l -> l.contains("chain=\"0\""));
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
        metrics.update(MetricsFixtures.refused("down"));
        metrics.update(quicAndDiscovery("udp"));
        String text = PrometheusText.text(metrics.collect());
        List<String> names = text.lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('{'))).distinct().toList();
        assertThat(names).allSatisfy(n -> assertThat(TlsweepMetric.byPrometheusName(n)).isPresent());
        assertThat(names).hasSize((int) java.util.Arrays.stream(TlsweepMetric.values())
                .filter(m -> m.scope() == TlsweepMetric.Scope.ENDPOINT).count());
    }

    /** A QUIC endpoint that takes v1 only, with an HTTP/3 announcement and an ECH configuration that parses. */
    static dev.tlsweep.core.report.EndpointReport quicAndDiscovery(String target) {
        dev.tlsweep.core.report.Discovery.Ech ech = new dev.tlsweep.core.report.Discovery.Ech(64, true, null, List.of());
        return MetricsFixtures.legacy(target).toBuilder().transport(dev.tlsweep.core.reach.Transport.QUIC)
                .quic(new dev.tlsweep.core.report.QuicReport(dev.tlsweep.core.report.ProbeRun.completed(1, 6),
                        List.of(new dev.tlsweep.core.report.QuicReport.VersionSupport("v1", true, null),
                                new dev.tlsweep.core.report.QuicReport.VersionSupport("v2", false, "negotiated away"),
                                new dev.tlsweep.core.report.QuicReport.VersionSupport("v2", null, "no answer")),
                        List.of("v1"), false, List.of("h3"), List.of(), java.util.Map.of(), List.of()))
                .discovery(new dev.tlsweep.core.report.Discovery(null, new dev.tlsweep.core.report.Discovery.HttpsRecords(
                        "found", null, List.of(new dev.tlsweep.core.report.Discovery.HttpsRecord(1, ".", List.of("h3"),
                                false, null, ech, null))))).build();
    }

    @Test
    void quicVersionsHttp3AndEchAreSeries() {
        EndpointMetrics metrics = new EndpointMetrics();
        metrics.update(quicAndDiscovery("udp"));
        String text = PrometheusText.text(metrics.collect());
        assertThat(text).containsPattern("tlsweep_quic_version_accepted\\{[^}]*quic_version=\"v1\"[^}]*} 1.0")
                .containsPattern("tlsweep_quic_version_accepted\\{[^}]*quic_version=\"v2\"[^}]*} 0.0")
                .containsPattern("tlsweep_http3_announced\\{[^}]*target=\"udp\"} 1.0")
                .containsPattern("tlsweep_ech_config_valid\\{[^}]*} 1.0")
                .containsPattern("tlsweep_scan_info\\{[^}]*transport=\"quic\"} 1");
        assertThat(text.lines().filter(l -> l.startsWith("tlsweep_quic_version_accepted{"))).hasSize(2);
    }

    @Test
    void groupsAndVulnerabilitiesHaveBoundedLabels() {
        EndpointMetrics metrics = new EndpointMetrics();
        metrics.update(MetricsFixtures.legacy("legacy"));
        String text = PrometheusText.text(metrics.collect());
        assertThat(text).contains("tlsweep_group_accepted{group=\"x25519\",host=\"127.0.0.1\","
                + "port=\"8443\",sni=\"localhost\",target=\"legacy\",version=\"TLSv1.2\"} 1.0")
                .contains("tlsweep_group_accepted{group=\"secp256r1\"")
                .contains("tlsweep_vulnerable{check=\"heartbleed\"").contains("target=\"legacy\"} 0.0")
                .contains("tlsweep_vulnerable{check=\"compression\"")
                .doesNotContain("check=\"robot\"");
    }
}
