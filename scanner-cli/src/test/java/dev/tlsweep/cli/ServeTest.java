package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.lab.CannedResponder;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tlsweep serve} over HTTP on loopback: metrics, health, readiness, /probe and its limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeTest {

    Path dir;

    CannedResponder legacy;
    int closedPort;
    ServeCommand.Running serve;
    final StringWriter log = new StringWriter();
    String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        legacy = CannedResponder.builder().version(0x0301, 0xC013, 0x000A).version(0x0303, 0xC02F, 0xC013, 0x000A)
                .serverPreference(true).start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path inventory = dir.resolve("inventory.txt");
        Files.writeString(inventory, "# lab endpoints\n127.0.0.1:" + legacy.port() + " sni=localhost\n\n127.0.0.1:"
                + closedPort + "\nnot a target:x\n");
        Path modules = dir.resolve("modules.yml");
        Files.writeString(modules, "modules:\n  tls12only:\n    protocols: [tls1.2]\n    timeout: 30s\n");
        serve = Serve.start(new PrintWriter(log, true), inventory, "--allow", "127.0.0.1/32",
                "--max-concurrent-probes", "2", "--config", modules.toString());
        base = "http://127.0.0.1:" + serve.address().getPort();
        Serve.awaitReady(http, base);
    }

    @AfterAll
    void stop() {
        if (serve != null) {
            serve.close();
        }
        if (legacy != null) {
            legacy.close();
        }
    }

    /** The status line for a request the JDK's HTTP client would refuse to send (a malformed URI). */
    String rawStatusLine(String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", serve.address().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsHoldTheLatestResultOfEveryEndpointAndTheScannersOwn() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String legacyTarget = "target=\"127.0.0.1:" + legacy.port() + " sni=localhost\"";
        assertThat(r.body())
                .containsPattern("tlsweep_scan_success\\{[^}]*" + legacyTarget + "} 1")
                .containsPattern("tlsweep_scan_success\\{[^}]*target=\"127.0.0.1:" + closedPort + "\"} 0")
                .containsPattern("tlsweep_scan_info\\{[^}]*status=\"refused\",target=\"127.0.0.1:" + closedPort
                        + "\",transport=\"tcp\"} 1")
                .containsPattern("tlsweep_build_info\\{java_version=\"[^\"]+\",version=\"[^\"]+\"} 1")
                .contains("jvm_memory_used_bytes{").contains("process_start_time_seconds")
                .contains("jvm_threads_live_threads").contains("process_cpu_usage")
                .containsPattern("tlsweep_protocol_accepted\\{[^}]*" + legacyTarget + ",version=\"TLSv1.0\"} 1")
                .containsPattern("tlsweep_protocol_accepted\\{[^}]*" + legacyTarget + ",version=\"TLSv1.3\"} 0")
                .containsPattern("tlsweep_finding\\{code=\"PROTOCOL_TLS10\",[^}]*" + legacyTarget + "} 1")
                .containsPattern("tlsweep_weak_suites_accepted\\{[^}]*" + legacyTarget + "} 1")
                .contains("tlsweep_sweeps_total 1")
                .contains("tlsweep_inventory_targets 2")
                .contains("tlsweep_hello_duration_seconds_bucket")
                .contains("tlsweep_endpoints_total{status=\"refused\"}");
        HttpResponse<String> om = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(om.headers().firstValue("Content-Type")).hasValue(
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(om.body()).endsWith("# EOF\n");
    }

    @Test
    void aScrapePassesPromtoolCheckMetrics() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed");
        String body = get("/metrics").body();
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertThat(get("/-/healthy").statusCode()).isEqualTo(200);
        assertThat(get("/-/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void probeRefusesTargetsOutsideTheAllowlistWithAClearMessage() throws Exception {
        HttpResponse<String> r = get("/probe?target=" + enc("192.0.2.7:443"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("target '192.0.2.7:443' is not allowed").contains("--allow 192.0.2.7");
        HttpResponse<String> name = get("/probe?target=" + enc("internal.example:8443"));
        assertThat(name.statusCode()).isEqualTo(403);
        assertThat(name.body()).contains("internal.example").contains("--allow .example");
    }

    @Test
    void probeRejectsMalformedAndMissingTargets() throws Exception {
        assertThat(get("/probe?target=" + enc("host:99999")).statusCode()).isEqualTo(400);
        assertThat(get("/probe").statusCode()).isEqualTo(400);
        assertThat(get("/probe?target=a&target=b").statusCode()).isEqualTo(400);
        // A remote client must not make the exporter open local files.
        HttpResponse<String> file = get("/probe?target=" + enc("127.0.0.1:" + legacy.port() + " expect-cert=/etc/shadow"));
        assertThat(file.statusCode()).isEqualTo(400);
        assertThat(file.body()).contains("belong in the inventory");
        assertThat(rawStatusLine("/probe?target=%zz")).contains(" 400 ");
        assertThat(rawStatusLine("/%zz")).contains(" 400 ");
    }

    @Test
    void probeScansAnAllowedTargetWithTheScrapeTimeout() throws Exception {
        HttpResponse<String> r = get("/probe?target=" + enc("127.0.0.1:" + legacy.port()),
                "X-Prometheus-Scrape-Timeout-Seconds", "20");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .containsPattern("tlsweep_scan_success\\{host=\"127.0.0.1\",port=\"" + legacy.port() + "\",sni=\"\"} 1")
                .containsPattern("tlsweep_scan_info\\{[^}]*status=\"ok\",transport=\"tcp\"} 1")
                .containsPattern("tlsweep_protocol_accepted\\{[^}]*version=\"TLSv1.2\"} 1")
                .doesNotContain("target=") // Prometheus's instance label names the target of a probe
                .doesNotContain("tlsweep_hellos_total");
        assertThat(log.toString()).containsPattern("tlsweep serve: probe 127.0.0.1:" + legacy.port()
                + " module=default: ok in [0-9.]+ s, [0-9]+ hellos");
    }

    @Test
    void probeModulesSelectNamedScanSettingsAndAnUnknownModuleIsABadRequest() throws Exception {
        HttpResponse<String> r = get("/probe?module=tls12only&target=" + enc("127.0.0.1:" + legacy.port()));
        assertThat(r.statusCode()).isEqualTo(200);
        // Only TLS 1.2 was probed: the other versions are unknown, so they have no series.
        assertThat(r.body()).containsPattern("tlsweep_protocol_accepted\\{[^}]*version=\"TLSv1.2\"} 1")
                .doesNotContain("version=\"TLSv1.0\"").doesNotContain("version=\"SSLv3\"");
        HttpResponse<String> unknown = get("/probe?module=nope&target=" + enc("127.0.0.1:" + legacy.port()));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown module 'nope'").contains("default, tls12only");
        assertThat(get("/metrics").body()).contains("tlsweep_probe_requests_total{result=\"unknown_module\"} 1");
    }

    @Test
    void metricsAreGzippedWhenTheScraperAsksAsPrometheusDoes() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String text = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).contains("tlsweep_scan_success{");
        assertThat(r.body().length).isLessThan(text.length() / 3);
        assertThat(get("/metrics").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void everySweepIsLogged() {
        assertThat(log.toString()).containsPattern("tlsweep serve: sweep of 2 targets started")
                .containsPattern("tlsweep serve: sweep of 2 targets done in [0-9.]+ s: ok 1, refused 1");
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/admin").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(HttpFront.MAX_BODY + 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
    }

    @Test
    void probeTimeoutFollowsTheScrapeTimeoutWithinTheCap() {
        Exporter e = serve.exporter();
        assertThat(e.timeout("10")).isEqualTo(Duration.ofMillis(9_500));
        assertThat(e.timeout("1000")).isEqualTo(Duration.ofSeconds(120));
        assertThat(e.timeout("0.2")).isEqualTo(Duration.ofSeconds(1));
        assertThat(e.timeout("junk")).isEqualTo(Duration.ofSeconds(120));
        assertThat(e.timeout(null)).isEqualTo(Duration.ofSeconds(120));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Starting and waiting for a serve command, shared with the Prometheus test. */
    static final class Serve {

        private Serve() {
        }

        static ServeCommand.Running start(Path inventory, String... extra) throws Exception {
            return start(new PrintWriter(new StringWriter(), true), inventory, extra);
        }

        static ServeCommand.Running start(PrintWriter err, Path inventory, String... extra) throws Exception {
            ServeCommand cmd = new ServeCommand();
            String[] base = {"--inventory", inventory.toString(), "--listen", "127.0.0.1:0", "--interval", "1h",
                "--poll", "200ms", "--timeout", "2"};
            String[] args = new String[base.length + extra.length];
            System.arraycopy(base, 0, args, 0, base.length);
            System.arraycopy(extra, 0, args, base.length, extra.length);
            new CommandLine(cmd).parseArgs(args);
            return cmd.start(err);
        }

        static void awaitReady(HttpClient http, String base) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                assertThat(r.statusCode()).isEqualTo(503);
                Thread.sleep(100);
            }
            throw new AssertionError("tlsweep serve was not ready within 60 s");
        }
    }
}
