package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedResponder;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https://user:password@host} targets: the password once ended up in the JSON reports and as a metric
 * label. Now it is dropped when the target is parsed, said once on stderr without it, and found in no output.
 */
class CredentialsInTargetsTest {

    static final String SECRET = "Tr0ub4dor-3";

    @TempDir
    Path dir;

    @Test
    void scanDropsThePasswordEverywhereAndSaysSoOnce() throws Exception {
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F).start()) {
            String url = "https://admin:" + SECRET + "@127.0.0.1:" + server.port() + "/status";
            Path inventory = Files.write(dir.resolve("inventory.txt"), List.of(url, "https://ops:" + SECRET
                    + "@127.0.0.1:" + server.port() + "/other"));
            Path reports = dir.resolve("reports.jsonl");
            Path metrics = dir.resolve("tlsweep.prom");
            Path summary = dir.resolve("summary.json");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "scan", "--no-progress",
                    "--protocols", "tls1.2", "--timeout", "3", url, "-i", inventory.toString(), "-o", reports.toString(),
                    "--metrics-file", metrics.toString(), "--summary", summary.toString());
            assertThat(code).as(err.toString()).isEqualTo(Main.OK);
            String everything = out + err.toString() + Files.readString(reports) + Files.readString(metrics)
                    + Files.readString(summary);
            assertThat(everything).doesNotContain(SECRET).doesNotContain("admin").doesNotContain("ops:");
            assertThat(Files.readString(reports)).contains("\"target\":\"https://127.0.0.1:" + server.port()
                    + "/status\"");
            assertThat(Files.readString(metrics)).contains("target=\"https://127.0.0.1:" + server.port() + "/status\"");
            assertThat(err.toString().lines().filter(l -> l.contains("user name and password"))).containsExactly(
                    "tlsweep: arguments:1: the user name and password of a target (user:password@) were dropped, here "
                            + "and on any later line: tlsweep sends no HTTP request, and never stores or shows them");
        }
    }

    @Test
    void probeDropsThePasswordFromLabelsAndAnswers() throws Exception {
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F).start()) {
            Path inventory = Files.writeString(dir.resolve("serve.txt"), "# nothing swept\n");
            try (ServeCommand.Running serve = ServeTest.Serve.start(inventory, "--allow", "127.0.0.1/32")) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                String base = "http://127.0.0.1:" + serve.address().getPort();
                ServeTest.Serve.awaitReady(http, base);
                String target = "https://admin:" + SECRET + "@127.0.0.1:" + server.port();
                HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/probe?target="
                        + URLEncoder.encode(target, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.body()).contains("port=\"" + server.port() + "\"").doesNotContain(SECRET)
                        .doesNotContain("admin");
                HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/probe?target="
                        + URLEncoder.encode(target + " expect-cert=/etc/passwd", StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(bad.body()).doesNotContain(SECRET).doesNotContain("admin");
                HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(base + "/probe?target="
                        + URLEncoder.encode("https://admin:" + SECRET + "@127.0.0.1:99999", StandardCharsets.UTF_8)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(malformed.statusCode()).isEqualTo(400);
                assertThat(malformed.body()).contains("'https://127.0.0.1:99999'").doesNotContain(SECRET);
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).doesNotContain(SECRET);
            }
        }
    }
}
