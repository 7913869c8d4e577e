package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.CannedResponder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tlsweep command as a user runs it: output, JSON lines and exit codes. */
class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void jsonLinesFollowTheContractAndTheExitCodeCountsUnscannedTargets() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (CannedResponder server = CannedResponder.builder().version(0x0301, 0xC013, 0x000A)
                .version(0x0303, 0xC02F, 0xC013, 0x000A).serverPreference(true).start()) {
            int code = run("scan", "--json", "--timeout", "2", "127.0.0.1:" + server.port() + " sni=localhost",
                    "127.0.0.1:" + closed);
            assertThat(code).isEqualTo(Main.UNSCANNED);
            List<String> lines = out.toString().lines().toList();
            Schemas.reports(out.toString());
            assertThat(lines).hasSize(2);
            ObjectMapper json = new ObjectMapper();
            // Lines come in the order the scans complete: find each by its target.
            JsonNode first = json.readTree(lines.get(0));
            JsonNode second = json.readTree(lines.get(1));
            boolean okFirst = first.get("status").asText().equals("ok");
            JsonNode ok = okFirst ? first : second;
            assertThat(ok.get("line").asInt()).isEqualTo(1);
            assertThat(ok.get("schema").asText()).isEqualTo("tlsweep/1");
            assertThat(ok.get("target").asText()).isEqualTo("127.0.0.1:" + server.port() + " sni=localhost");
            assertThat(ok.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(ok.get("port").asInt()).isEqualTo(server.port());
            assertThat(ok.get("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(ok.get("sni").asText()).isEqualTo("localhost");
            assertThat(ok.get("status").asText()).isEqualTo("ok");
            assertThat(ok.get("error").isNull()).isTrue();
            JsonNode tls12 = ok.get("protocols").get(4);
            assertThat(tls12.get("version").asText()).isEqualTo("TLSv1.2");
            assertThat(tls12.get("accepted").asBoolean()).isTrue();
            assertThat(tls12.get("serverPreference").asBoolean()).isTrue();
            assertThat(tls12.get("suites").get(0).get("name").asText()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(tls12.get("suites").get(0).get("code").asText()).isEqualTo("0xC02F");
            assertThat(ok.get("protocols").get(0).get("version").asText()).isEqualTo("SSLv2");
            assertThat(ok.get("protocols").get(0).get("serverPreference").isNull()).isTrue();
            assertThat(ok.get("findings").findValuesAsText("code")).contains("PROTOCOL_TLS10", "CIPHER_3DES", "NO_TLS13");
            assertThat(ok.get("findings").get(0).get("severity").asText()).isIn("medium", "high", "critical");

            JsonNode refused = okFirst ? second : first;
            assertThat(refused.get("line").asInt()).isEqualTo(2);
            assertThat(refused.get("status").asText()).isEqualTo("refused");
            assertThat(refused.get("error").asText()).contains("connection refused");
            assertThat(refused.get("protocols")).isEmpty();
        }
    }

    @Test
    void terminalReportWithoutColour() throws Exception {
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC030, 0xC02F)
                .serverPreference(true).start()) {
            int code = run("scan", "--no-color", "--protocols", "tls1.2,tls1.3", "127.0.0.1:" + server.port());
            assertThat(code).isEqualTo(Main.OK);
            String text = out.toString();
            assertThat(text).contains("TLSv1.2  accepted  2 suites  server order")
                    .contains(" 1  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
                    .contains(" 2  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                    .contains("TLSv1.3  not accepted")
                    .contains("NO_TLS13")
                    .doesNotContain("SSLv3")
                    .doesNotContain("\u001B[");
        }
    }

    @Test
    void invalidTargetsAndOptionsAreUsageErrorsThatNameTheInput() {
        assertThat(run("scan", "example.com:99999")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("'example.com:99999'").contains("port: 99999 (expected: 1..65535)");
        assertThat(run("scan", "--protocols", "tls9", "example.com")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--protocols: 'tls9'");
        assertThat(run("scan", "--concurrency", "0", "example.com")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--concurrency: 0 (expected: > 0)");
        assertThat(run("scan", "--timeout", "0", "example.com")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--timeout: '0' (expected: a duration such as 5s, 90s, 2m, 1h, or plain seconds)");
        assertThat(run("scan", "-i", "/nonexistent/inventory.txt")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("-i /nonexistent/inventory.txt: no such file");
        assertThat(run("scan", "-o", "/nonexistent/dir/out.jsonl", "example.com")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("-o /nonexistent/dir/out.jsonl: no such directory");
        assertThat(run("scan")).isEqualTo(Main.USAGE);
        assertThat(run("no-such-command")).isEqualTo(Main.USAGE);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void expiryThresholdsDecideTheFindingAndTheExitCode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        dev.tlsweep.lab.TestPki pki = dev.tlsweep.lab.TestPki.create();
        java.nio.file.Path root = pki.writeRoot(dir.resolve("root.pem"));
        java.time.Instant now = java.time.Instant.now();
        dev.tlsweep.lab.IssuedCertificate soon = pki.leaf("localhost").notBefore(now.minus(java.time.Duration.ofDays(80)))
                .notAfter(now.plus(java.time.Duration.ofDays(10)).plusSeconds(3600)).issue();
        try (dev.tlsweep.lab.LabServer s = dev.tlsweep.lab.LabServer.builder()
                .provider(dev.tlsweep.lab.TlsProvider.BORINGSSL).protocols("TLSv1.2").certificate(soon)
                .servedChain(List.of(pki.intermediate().certificate())).start()) {
            String target = "127.0.0.1:" + s.port() + " sni=localhost";
            String[] base = {"scan", "--json", "--protocols", "tls1.2", "--ca-file", root.toString(), target};
            assertThat(run(base)).isEqualTo(Main.OK);
            assertThat(out.toString()).contains("\"code\":\"CERT_EXPIRES_SOON\",\"severity\":\"medium\"");
            out.getBuffer().setLength(0);
            assertThat(run(concat(base, "--expiry-critical", "15", "--expiry-warning", "40"))).isEqualTo(Main.EXPIRING);
            assertThat(out.toString()).contains("\"code\":\"CERT_EXPIRES_SOON\",\"severity\":\"high\"");
            out.getBuffer().setLength(0);
            assertThat(run(concat(base, "--expiry-warning", "5", "--expiry-critical", "3"))).isEqualTo(Main.OK);
            assertThat(out.toString()).doesNotContain("CERT_EXPIRES_SOON");
            assertThat(run(concat(base, "--expiry-warning", "3", "--expiry-critical", "5"))).isEqualTo(Main.USAGE);
            assertThat(err.toString()).contains("expiryWarningDays");
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void demoScansItsEndpoints() {
        assertThat(run("demo", "--no-color")).isEqualTo(Main.OK);
        String text = out.toString();
        assertThat(text).contains("modern (127.0.0.1:").contains("legacy (127.0.0.1:")
                .contains("tls13-only (127.0.0.1:").contains("ancient (127.0.0.1:")
                .contains("PROTOCOL_SSLV2").contains("CIPHER_EXPORT").contains("CIPHER_3DES")
                .contains("TLS_AES_128_GCM_SHA256")
                .contains("leaf-only (127.0.0.1:").contains("CHAIN_INCOMPLETE")
                .contains("Certificate chain  valid: trusted, complete").contains("OpenSSL verify: 0 (ok)")
                .contains("mail (smtp://127.0.0.1:").contains("SNI localhost, via smtp STARTTLS  ok");
        assertThat(text.lines().filter(l -> l.contains("  ok  ")).count()).isEqualTo(6);
    }

    @Test
    void metricsFileHoldsTheEndpointMetricsForTheTextfileCollector(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("tlsweep.prom");
        try (CannedResponder server = CannedResponder.builder().version(0x0301, 0xC013, 0x000A).start()) {
            int code = run("scan", "--json", "--timeout", "2", "--metrics-file", file.toString(),
                    "127.0.0.1:" + server.port());
            assertThat(code).isEqualTo(Main.OK);
        }
        String text = java.nio.file.Files.readString(file);
        assertThat(text).contains("# TYPE tlsweep_scan_success gauge")
                .containsPattern("tlsweep_protocol_accepted\\{[^}]*version=\"TLSv1.0\"} 1.0");
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
