package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabDaemon;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.QuicServer;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One inventory of HTTPS, SMTP, submission, IMAP and POP3 endpoints (Postfix and Dovecot on loopback, openssl
 * s_server for HTTPS), a QUIC endpoint (gtlsserver) and a refused SMTP port, swept in one run: one report per line,
 * each reached the way its line says, with its own server's versions; {@code --starttls} for bare targets; and
 * {@code --quic}, which adds the UDP side of HTTPS lines.
 */
class MixedInventoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LabDaemon postfix;
    private static LabDaemon dovecot;
    private static OpenSslServer https;
    private static QuicServer quic;

    @TempDir
    static Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        assumeTrue(LabDaemon.available("postfix"), "postfix is not installed (.ci/run installs it), or not root");
        assumeTrue(LabDaemon.available("dovecot"), "dovecot is not installed (.ci/run installs it), or not root");
        assumeTrue(OpenSslServer.available(), "openssl is not installed (.ci/run installs it)");
        IssuedCertificate cert = TestPki.create().leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        postfix = LabDaemon.postfix(cert, "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256");
        dovecot = LabDaemon.dovecot(cert, "ECDHE-RSA-CHACHA20-POLY1305", "TLS_AES_128_GCM_SHA256");
        https = OpenSslServer.builder().certificate(cert).protocols("tls1_3").start();
        assumeTrue(QuicServer.available(), "gtlsserver is not installed (.ci/run installs it: ngtcp2-server)");
        quic = QuicServer.start(cert, "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305", null);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {postfix, dovecot, https, quic}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // stopping anyway
                }
            }
        }
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static Map<Long, JsonNode> byLine(Path file) throws Exception {
        Map<Long, JsonNode> out = new LinkedHashMap<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode n = JSON.readTree(l);
            assertThat(out.put(n.get("line").asLong(), n)).as("one report for line " + n.get("line")).isNull();
        }
        return out;
    }

    private static List<String> accepted(JsonNode report) {
        List<String> v = new ArrayList<>();
        report.get("protocols").forEach(p -> {
            if (p.get("accepted").asBoolean(false)) {
                v.add(p.get("version").asText() + ":" + p.get("suites").get(0).get("name").asText());
            }
        });
        return v;
    }

    @Test
    void oneRunGivesOneCorrectReportPerLine() throws Exception {
        int refused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = s.getLocalPort();
        }
        Path inventory = dir.resolve("mixed.txt");
        Files.write(inventory, List.of(
                "127.0.0.1:" + https.port() + " sni=localhost",
                "smtp://127.0.0.1:" + postfix.port("smtp"),
                "submission://127.0.0.1:" + postfix.port("submission"),
                "imap://127.0.0.1:" + dovecot.port("imap"),
                "pop3://127.0.0.1:" + dovecot.port("pop3"),
                "quic://127.0.0.1:" + quic.port() + " sni=localhost",
                "smtp://127.0.0.1:" + refused,
                "gopher://127.0.0.1:70"), StandardCharsets.UTF_8);
        Path output = dir.resolve("mixed.jsonl");
        int code = run("scan", "-i", inventory.toString(), "-o", output.toString(), "--protocols", "tls1.2,tls1.3",
                "--timeout", "10s", "--no-progress");
        assertThat(code).as(err.toString()).isEqualTo(1); // the refused port and the bad line
        assertThat(err.toString()).contains("skipped " + inventory + ":8: 'gopher://127.0.0.1:70': scheme: 'gopher'");
        Map<Long, JsonNode> r = byLine(output);
        assertThat(r.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);

        assertThat(r.get(1L).get("status").asText()).isEqualTo("ok");
        assertThat(r.get(1L).get("starttls").isNull()).isTrue();
        assertThat(r.get(1L).get("transport").asText()).isEqualTo("tcp");
        assertThat(accepted(r.get(1L))).hasSize(1).allMatch(s -> s.startsWith("TLSv1.3:"));

        assertThat(r.get(2L).get("status").asText()).isEqualTo("ok");
        assertThat(r.get(2L).get("starttls").asText()).isEqualTo("smtp");
        assertThat(accepted(r.get(2L))).containsExactly("TLSv1.2:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

        assertThat(r.get(3L).get("starttls").asText()).isEqualTo("smtp");
        assertThat(accepted(r.get(3L))).containsExactly("TLSv1.2:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLSv1.3:TLS_AES_256_GCM_SHA384");

        assertThat(r.get(4L).get("starttls").asText()).isEqualTo("imap");
        assertThat(accepted(r.get(4L))).containsExactly("TLSv1.2:TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLSv1.3:TLS_AES_128_GCM_SHA256");
        assertThat(r.get(5L).get("starttls").asText()).isEqualTo("pop3");
        assertThat(accepted(r.get(5L))).isEqualTo(accepted(r.get(4L)));

        assertThat(r.get(6L).get("transport").asText()).isEqualTo("quic");
        assertThat(r.get(6L).get("status").asText()).as(r.get(6L).toString()).isEqualTo("ok");
        assertThat(accepted(r.get(6L))).containsExactly("TLSv1.3:TLS_CHACHA20_POLY1305_SHA256");
        assertThat(r.get(6L).get("quic").get("alpn").toString()).contains("\"h3\"");
        assertThat(r.get(6L).get("served").size()).isEqualTo(1);

        assertThat(r.get(7L).get("status").asText()).isEqualTo("refused");
        assertThat(r.get(7L).get("starttls").asText()).isEqualTo("smtp");

        // The summary counts them like any other endpoints.
        assertThat(err.toString()).contains("ok 6").contains("refused 1");
    }

    @Test
    void quicAddsTheUdpSideOfHttpsLines() throws Exception {
        Path output = dir.resolve("quic.jsonl");
        // gtlsserver listens on UDP, openssl s_server on TCP: one port number each, two endpoints of one name
        int code = run("scan", "--quic", "-o", output.toString(), "--timeout", "10s", "--no-progress", "--no-checks",
                "127.0.0.1:" + quic.port() + " sni=localhost", "smtp://127.0.0.1:" + postfix.port("smtp"));
        assertThat(code).as(err.toString()).isEqualTo(1); // nothing listens on TCP at the QUIC server's port
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            lines.add(JSON.readTree(l));
        }
        assertThat(lines).hasSize(3);
        JsonNode udp = lines.stream().filter(n -> n.get("transport").asText().equals("quic")).findFirst().orElseThrow();
        assertThat(udp.get("line").asLong()).isEqualTo(1);
        assertThat(udp.get("status").asText()).isEqualTo("ok");
        assertThat(udp.get("scanner").get("options").get("quic").asText()).isEqualTo("true");
        assertThat(lines.stream().filter(n -> n.get("line").asLong() == 2)).hasSize(1); // smtp:// has no UDP side
    }

    @Test
    void starttlsReachesBareTargetsOnTheProtocolsWay() throws Exception {
        Path output = dir.resolve("bare.jsonl");
        int code = run("scan", "--starttls", "imap", "-o", output.toString(), "--protocols", "tls1.2,tls1.3",
                "--timeout", "10s", "--no-progress", "127.0.0.1:" + dovecot.port("imap"),
                "pop3://127.0.0.1:" + dovecot.port("pop3"));
        assertThat(code).as(err.toString()).isZero();
        Map<Long, JsonNode> r = byLine(output);
        assertThat(r.get(1L).get("starttls").asText()).isEqualTo("imap");
        assertThat(r.get(2L).get("starttls").asText()).isEqualTo("pop3"); // its own scheme wins
        assertThat(r.get(1L).get("scanner").get("options").get("starttls").asText()).isEqualTo("imap");
        assertThat(run("scan", "--starttls", "gopher", "127.0.0.1:1")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--starttls: 'gopher' (expected: smtp, submission, lmtp, imap");
    }
}
