package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served certificate chooses its AIA URL. An exporter that anyone allowed to reach /probe can make scan a
 * server must not GET whatever URL that server names: only public addresses and what --aia-allow adds.
 */
class ServeAiaTest {

    @Test
    void aProbeDoesNotMakeTheExporterFetchAnInternalUrlTheServerNames(@TempDir Path dir) throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer internal = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 8);
        internal.createContext("/", ex -> {
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        internal.start();
        TestPki pki = TestPki.create();
        String url = "http://127.0.0.2:" + internal.getAddress().getPort() + "/admin/delete-all?confirm=yes";
        IssuedCertificate leaf = pki.leaf("localhost").aiaCaIssuers(url).issue();
        Path inventory = Files.writeString(dir.resolve("inventory.txt"), "# empty\n");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (LabServer tls = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2")
                .certificate(leaf).servedChain(List.of()).start();
                ServeCommand.Running serve = ServeTest.Serve.start(inventory, "--allow", "127.0.0.1/32")) {
            String base = "http://127.0.0.1:" + serve.address().getPort();
            ServeTest.Serve.awaitReady(http, base);
            HttpResponse<String> probe = http.send(HttpRequest.newBuilder(URI.create(base + "/probe?target="
                    + "127.0.0.1:" + tls.port() + "%20sni%3Dlocalhost")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(probe.statusCode()).isEqualTo(200);
            assertThat(probe.body()).contains("tlsweep_chain_complete").contains("tlsweep_scan_success");
            assertThat(requests).as("no request reached the internal address the certificate named").isEmpty();
        } finally {
            internal.stop(0);
        }
    }
}
