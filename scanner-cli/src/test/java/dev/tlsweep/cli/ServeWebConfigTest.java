package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --web-config-file}: TLS and basic authentication on the exporter's own listener, in the format
 * of Prometheus's web configuration, with a real TLS client on loopback.
 */
class ServeWebConfigTest {

    @Test
    void servesOverTlsAndAsksForTheConfiguredCredentials(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create();
        IssuedCertificate cert = pki.leaf("localhost", "127.0.0.1").issue();
        cert.writeTo(dir.resolve("tls"));
        String hash = OpenBSDBCrypt.generate("2y", "s3cret".toCharArray(), new SecureRandom().generateSeed(16), 6);
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "tls_server_config:\n  cert_file: tls/fullchain.pem\n  key_file: tls/key.pem\n"
                + "  min_version: TLS12\nbasic_auth_users:\n  prometheus: " + hash + "\n");
        Path inventory = dir.resolve("inventory.txt");
        Files.writeString(inventory, "# nothing to sweep\n");
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, pki.trustManagerFactory().getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        try (ServeCommand.Running serve = ServeTest.Serve.start(inventory, "--web-config-file", web.toString())) {
            String base = "https://localhost:" + serve.address().getPort();
            HttpResponse<String> anonymous = get(http, base + "/metrics", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"tlsweep\"");
            assertThat(get(http, base + "/metrics", basic("prometheus", "wrong")).statusCode()).isEqualTo(401);
            assertThat(get(http, base + "/metrics", basic("nobody", "s3cret")).statusCode()).isEqualTo(401);
            for (int i = 0; i < 2; i++) { // the second time from the remembered check
                HttpResponse<String> ok = get(http, base + "/metrics", basic("prometheus", "s3cret"));
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.body()).contains("tlsweep_build_info");
            }
            // Health checks carry no credentials.
            assertThat(get(http, base + "/-/healthy", null).statusCode()).isEqualTo(200);
            // Plain HTTP gets no answer from a TLS listener.
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + serve.address().getPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aBadWebConfigNamesTheFileAndTheKey(@TempDir Path dir) throws Exception {
        Path web = dir.resolve("web.yml");
        Files.writeString(web, "basic_auth_users:\n  prometheus: plaintext\n");
        assertThatThrownBy(() -> WebConfig.read(web)).hasMessageContaining("--web-config-file " + web)
                .hasMessageContaining("basic_auth_users.prometheus: not a bcrypt hash").hasMessageNotContaining("plaintext");
        Files.writeString(web, "tls_server_config:\n  cert_file: /nonexistent.pem\n  key_file: /nonexistent.key\n");
        assertThatThrownBy(() -> WebConfig.read(web)).hasMessageContaining("cert_file: /nonexistent.pem");
        Files.writeString(web, "tls_config:\n  x: 1\n");
        assertThatThrownBy(() -> WebConfig.read(web)).hasMessageContaining("unknown key 'tls_config'");
    }

    @Test
    void aBadModuleFileNamesTheModuleAndTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modules.yml");
        ProbeModules.Module defaults = new ProbeModules.Module("default",
                dev.tlsweep.core.scan.ScanOptions.defaults(), dev.tlsweep.core.policy.Judges.baseline(),
                Duration.ofSeconds(120));
        Files.writeString(file, "modules:\n  m:\n    protocols: [tls9]\n");
        assertThatThrownBy(() -> ProbeModules.read(file, defaults)).hasMessageContaining("modules.m.protocols: 'tls9'");
        Files.writeString(file, "modules:\n  m:\n    policy: nope\n");
        assertThatThrownBy(() -> ProbeModules.read(file, defaults)).hasMessageContaining("unknown policy 'nope'");
        Files.writeString(file, "modules:\n  m:\n    prober: tcp\n");
        assertThatThrownBy(() -> ProbeModules.read(file, defaults)).hasMessageContaining("unknown key 'prober'");
        Files.writeString(file, "modules:\n  strict:\n    protocols: [tls1.3]\n    policy: mozilla-modern\n"
                + "    timeout: 10s\n");
        ProbeModules modules = ProbeModules.read(file, defaults);
        assertThat(modules.names()).containsExactly("default", "strict");
        assertThat(modules.find("strict").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(modules.find(null).orElseThrow()).isSameAs(defaults);
        assertThat(modules.find("other")).isEmpty();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(HttpClient http, String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
