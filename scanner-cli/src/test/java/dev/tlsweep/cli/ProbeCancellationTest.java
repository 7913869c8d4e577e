package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.LatencyProxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code /probe} that times out cancels its scan: the engine drops its queued hellos and closes its
 * connections, and no further hello reaches the endpoint — the probe's slot is not given back while the scan
 * goes on behind it. The endpoint answers every hello after 1.5 s (a proxy delaying each direction), so that
 * its whole scan takes far longer than the probe's timeout.
 */
class ProbeCancellationTest {

    @Test
    void aProbeThatTimesOutStopsItsScan(@TempDir Path dir) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (CannedResponder fast = CannedResponder.builder().version(0x0303, 0xC02F).start();
                CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F, 0xC013, 0x009C)
                        .version(0x0304, 0x1301).start();
                LatencyProxy slow = LatencyProxy.start(new InetSocketAddress("127.0.0.1", server.port()),
                        Duration.ofMillis(750))) {
            Path inventory = dir.resolve("inventory.txt");
            Files.writeString(inventory, "127.0.0.1:" + fast.port() + "\n");
            try (ServeCommand.Running serve = ServeTest.Serve.start(inventory, "--allow", "127.0.0.1/32")) {
                String base = "http://127.0.0.1:" + serve.address().getPort();
                ServeTest.Serve.awaitReady(http, base);
                long idle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (serve.engine().stats().inFlight() > 0 && System.nanoTime() < idle) {
                    Thread.sleep(20); // the first sweep's last connections
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/probe?target=127.0.0.1:"
                                + slow.port())).header("X-Prometheus-Scrape-Timeout-Seconds", "4").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("status=\"timeout\"");
                assertThat(server.connections()).as("the scan was under way when it timed out").isPositive();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while ((serve.engine().stats().inFlight() > 0 || serve.engine().stats().queued() > 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(serve.engine().stats().inFlight()).as("its connections were closed").isZero();
                assertThat(serve.engine().stats().queued()).as("its queued hellos were dropped").isZero();
                long opened = serve.engine().stats().connectionsOpened();
                Thread.sleep(1_500);
                assertThat(serve.engine().stats().connectionsOpened()).as("no hello after the cancellation")
                        .isEqualTo(opened);
            }
        }
    }
}
