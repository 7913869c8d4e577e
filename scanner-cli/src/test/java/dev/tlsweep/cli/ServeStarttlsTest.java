package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.policy.Judges;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.PreambleFront;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with an SMTP endpoint (a scripted SMTP front before a canned TLS server): the sweep's series say how
 * TLS was reached, {@code /probe} takes {@code smtp://} targets, and a module's {@code starttls:} reaches bare ones.
 */
class ServeStarttlsTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void sweepsAndProbesReachSmtpThroughStarttls(@TempDir Path dir) throws Exception {
        try (CannedResponder tls = CannedResponder.builder().version(0x0303, 0xC02F, 0xC030).serverPreference(true).start();
                PreambleFront smtp = PreambleFront.start(tls.address(), PreambleFront.Script.smtp())) {
            String target = "smtp://127.0.0.1:" + smtp.port();
            Path inventory = Files.writeString(dir.resolve("inventory.txt"), target + "\n");
            Path modules = Files.writeString(dir.resolve("modules.yml"), "modules:\n  mail:\n    starttls: smtp\n");
            try (ServeCommand.Running serve = ServeTest.Serve.start(inventory, "--allow", "127.0.0.1/32", "--config",
                    modules.toString())) {
                String base = "http://127.0.0.1:" + serve.address().getPort();
                ServeTest.Serve.awaitReady(http, base);
                assertThat(get(base, "/metrics").body()).contains("tlsweep_scan_info{host=\"127.0.0.1\",ip=\"127.0.0.1\","
                        + "port=\"" + smtp.port() + "\",sni=\"\",starttls=\"smtp\",status=\"ok\",target=\"" + target
                        + "\",transport=\"tcp\"} 1");

                String probe = get(base, "/probe?target=" + enc(target)).body();
                assertThat(probe).contains("tlsweep_scan_success{host=\"127.0.0.1\",port=\"" + smtp.port()
                        + "\",sni=\"\"} 1").contains("starttls=\"smtp\",status=\"ok\"");

                String bare = "127.0.0.1:" + smtp.port();
                assertThat(get(base, "/probe?module=mail&target=" + enc(bare)).body())
                        .contains("starttls=\"smtp\",status=\"ok\"");
                // Without the module, the same bare target is scanned as TLS from the first byte: an SMTP greeting.
                assertThat(get(base, "/probe?target=" + enc(bare)).body()).contains("status=\"not-tls\"");
            }
        }
    }

    @Test
    void aModulesStarttlsIsCheckedAndNamed(@TempDir Path dir) throws Exception {
        ProbeModules.Module defaults = new ProbeModules.Module(ProbeModules.DEFAULT, ScanOptions.defaults(),
                Judges.baseline(), Duration.ofSeconds(30));
        Path good = Files.writeString(dir.resolve("good.yml"),
                "modules:\n  mail:\n    starttls: submission\n  plain:\n    starttls: none\n");
        ProbeModules read = ProbeModules.read(good, defaults);
        assertThat(read.find("mail").orElseThrow().starttls().starttls()).isEqualTo(Starttls.SMTP);
        assertThat(read.find("mail").orElseThrow().starttls().port()).isEqualTo(587);
        assertThat(read.find("plain").orElseThrow().starttls()).isNull();
        Path bad = Files.writeString(dir.resolve("bad.yml"), "modules:\n  mail:\n    starttls: smtps\n");
        assertThatThrownBy(() -> ProbeModules.read(bad, defaults))
                .hasMessageContaining("modules.mail.starttls: 'smtps' (expected: none, smtp, submission, lmtp");
    }
}
