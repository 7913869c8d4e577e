package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Prometheus server (Debian's {@code prometheus} package) scrapes {@code tlsweep serve}, which
 * sweeps lab endpoints; the expected series are read back through Prometheus's query API.
 */
class PrometheusIntegrationTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void prometheusScrapesServeAndQueriesTheExpectedSeries(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus is not installed");
        TestPki pki = TestPki.create();
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        Path root = pki.writeRoot(dir.resolve("root.pem"));
        try (CannedResponder legacy = CannedResponder.builder().version(0x0301, 0xC013, 0x000A)
                .version(0x0303, 0xC02F, 0xC013).serverPreference(true).start();
                LabServer leafOnly = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2")
                        .certificate(leaf).servedChain(List.of()).start();
                LabServer full = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2")
                        .certificate(leaf).servedChain(List.of(pki.intermediate().certificate())).start()) {
            String target = "127.0.0.1:" + legacy.port();
            String incomplete = "127.0.0.1:" + leafOnly.port() + " sni=localhost";
            String complete = "127.0.0.1:" + full.port() + " sni=localhost";
            Path inventory = dir.resolve("inventory.txt");
            Files.writeString(inventory, target + "\n" + incomplete + "\n" + complete + "\n");
            Path modules = dir.resolve("modules.yml");
            Files.writeString(modules, "modules:\n  tls12:\n    protocols: [tls1.2]\n");
            try (ServeCommand.Running serve = ServeTest.Serve.start(inventory, "--ca-file", root.toString(),
                    "--no-aia", "--allow", "127.0.0.1/32", "--config", modules.toString())) {
                int promPort = freePort();
                Path config = dir.resolve("prometheus.yml");
                String exporter = "127.0.0.1:" + serve.address().getPort();
                // The sweep job, and two /probe jobs as the shipped configuration relabels them: one with a
                // module of the config file, one with a module that does not exist.
                String probeJob = "    metrics_path: /probe\n    scrape_interval: 2s\n    scrape_timeout: 2s\n"
                        + "    static_configs:\n      - targets: ['" + target + "']\n"
                        + "    relabel_configs:\n      - source_labels: [__address__]\n        target_label: __param_target\n"
                        + "      - source_labels: [__param_target]\n        target_label: instance\n"
                        + "      - target_label: __address__\n        replacement: " + exporter + "\n";
                Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                        + "scrape_configs:\n  - job_name: tlsweep\n    static_configs:\n"
                        + "      - targets: ['" + exporter + "']\n"
                        + "  - job_name: tlsweep-probe\n    params:\n      module: [tls12]\n" + probeJob
                        + "  - job_name: tlsweep-probe-unknown\n    params:\n      module: [unknown]\n" + probeJob);
                Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
                try {
                    String api = "http://127.0.0.1:" + promPort;
                    assertThat(query(api, "tlsweep_protocol_accepted{version=\"TLSv1.0\",target=\"" + target + "\"}"))
                            .isEqualTo("1");
                    assertThat(query(api, "tlsweep_protocol_accepted{version=\"TLSv1.3\",target=\"" + target + "\"}"))
                            .isEqualTo("0");
                    assertThat(query(api, "tlsweep_scan_success{target=\"" + target + "\"}")).isEqualTo("1");
                    assertThat(query(api, "tlsweep_finding{code=\"PROTOCOL_TLS10\",target=\"" + target + "\"}"))
                            .isEqualTo("1");
                    assertThat(query(api, "tlsweep_weak_suites_accepted{target=\"" + target + "\"}")).isEqualTo("1");
                    assertThat(query(api, "tlsweep_sweeps_total")).isEqualTo("1");
                    // Chain facts: the leaf-only endpoint is incomplete, the full one complete and trusted, and
                    // the expiry is the lab leaf's notAfter.
                    assertThat(query(api, "tlsweep_chain_complete{target=\"" + incomplete + "\"}")).isEqualTo("0");
                    assertThat(query(api, "tlsweep_chain_complete{target=\"" + complete + "\"}")).isEqualTo("1");
                    assertThat(query(api, "tlsweep_chain_trusted{target=\"" + complete + "\"}")).isEqualTo("1");
                    assertThat(query(api, "tlsweep_cert_hostname_valid{target=\"" + complete + "\"}")).isEqualTo("1");
                    assertThat(query(api, "tlsweep_finding{code=\"CHAIN_INCOMPLETE\",target=\"" + incomplete + "\"}"))
                            .isEqualTo("1");
                    long notAfter = leaf.certificate().getNotAfter().toInstant().getEpochSecond();
                    assertThat(Double.parseDouble(query(api,
                            "tlsweep_cert_earliest_expiry_timestamp_seconds{target=\"" + complete + "\"}")))
                            .isEqualTo((double) notAfter);
                    assertThat(query(api, "count(tlsweep_cert_leaf_info{target=\"" + complete + "\",serial=~\"0*"
                            + leaf.certificate().getSerialNumber().toString(16) + "\"})")).isEqualTo("1");
                    // The status is an info series; scan_success has no label that changes with its value.
                    assertThat(query(api, "tlsweep_scan_info{status=\"ok\",target=\"" + target + "\"}")).isEqualTo("1");
                    assertNone(api, "count(tlsweep_scan_success{status!=\"\"})");
                    // Per-certificate validity: the served leaf, and the verified path up to the lab root.
                    assertThat(Double.parseDouble(query(api, "tlsweep_cert_not_after_timestamp_seconds{target=\""
                            + complete + "\",chain=\"0\",position=\"0\"}"))).isEqualTo((double) notAfter);
                    assertThat(query(api, "count(tlsweep_verified_cert_not_after_timestamp_seconds{target=\""
                            + complete + "\"})")).isEqualTo("3");
                    assertNone(api, "count(tlsweep_verified_cert_not_after_timestamp_seconds{target=\""
                            + incomplete + "\"})");
                    assertThat(query(api, "count(tlsweep_build_info{job=\"tlsweep\"})")).isEqualTo("1");
                    assertThat(query(api, "count(jvm_memory_used_bytes{job=\"tlsweep\"}) > 0")).isNotEqualTo("(none)");
                    assertThat(query(api, "count(process_start_time_seconds{job=\"tlsweep\"})")).isEqualTo("1");
                    // /probe with a module: the target is Prometheus's instance label, and only TLS 1.2 was probed.
                    assertThat(query(api, "tlsweep_scan_success{job=\"tlsweep-probe\",instance=\"" + target + "\"}"))
                            .isEqualTo("1");
                    assertThat(query(api, "count(tlsweep_protocol_accepted{job=\"tlsweep-probe\"})")).isEqualTo("1");
                    assertNone(api, "count({job=\"tlsweep-probe\",target!=\"\"})");
                    // An unknown module is a 400, which Prometheus records as a failed scrape.
                    assertThat(query(api, "up{job=\"tlsweep-probe-unknown\"}")).isEqualTo("0");
                    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("http://" + exporter
                            + "/probe?module=unknown&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(unknown.statusCode()).isEqualTo(400);
                    assertThat(unknown.body()).contains("unknown module 'unknown'");
                } finally {
                    prometheus.destroy();
                    if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    /** The value of the single series a query returns, polled until Prometheus has it (at most 60 s). */
    private String query(String api, String promql) throws Exception {
        URI uri = URI.create(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200) {
                    JsonNode result = json.readTree(r.body()).path("data").path("result");
                    if (result.size() == 1) {
                        return result.get(0).path("value").get(1).asText();
                    }
                }
            } catch (java.io.IOException notYetListening) {
                last = notYetListening.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no single series for " + promql + " within 60 s; last answer: " + last);
    }

    /** Asserts that a query has no series (asked after the series above, so Prometheus has scraped by then). */
    private void assertNone(String api, String promql) throws Exception {
        URI uri = URI.create(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("data").path("result")).as(promql).isEmpty();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
