package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.LatencyProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint is under an overall deadline, and a cancelled scan stops: against a server whose every
 * answer takes 4.5 s (a proxy delaying each direction by 2.25 s), which a full scan would wait on for
 * minutes.
 */
class ScanDeadlineTest {

    private static CannedResponder server;
    private static LatencyProxy slow;

    @BeforeAll
    static void start() throws Exception {
        server = CannedResponder.builder()
                .version(0x0301, 0xC013, 0x002F)
                .version(0x0303, 0xC02F, 0xC013, 0x009C, 0x002F)
                .version(0x0304, 0x1301, 0x1302)
                .serverPreference(true).start();
        slow = LatencyProxy.start(new InetSocketAddress("127.0.0.1", server.port()), Duration.ofMillis(2250));
    }

    @AfterAll
    static void stop() throws Exception {
        slow.close();
        server.close();
    }

    private static EngineConfig config() {
        return EngineConfig.defaults().withConnectTimeout(Duration.ofSeconds(2)).withReadTimeout(Duration.ofSeconds(5))
                .withMaxRetries(1).withRetryBackoff(Duration.ofMillis(20));
    }

    private static Target target() {
        return new Target("127.0.0.1:" + slow.port(), "127.0.0.1", slow.port(), "localhost");
    }

    @Test
    void whenTheEndpointTimeoutPassesWhatIsUnfinishedIsIncompleteWithTheReason() throws Exception {
        try (ScanEngine engine = new ScanEngine(config())) {
            Scanner scanner = new Scanner(engine, ScanOptions.defaults().withEndpointTimeout(Duration.ofSeconds(7)));
            // Bounded far below what the whole scan would take (each hello of each elimination step: 4.5 s).
            EndpointReport r = Scans.roundTrips(scanner.scan(target()).get(60, TimeUnit.SECONDS));
            assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.INCOMPLETE);
            assertThat(r.error()).startsWith("the endpoint timeout of 7 s passed: ")
                    .contains("could not be probed to the end");
            assertThat(r.protocols()).anySatisfy(p -> assertThat(p.status()).isEqualTo(ProbeStatus.INCOMPLETE));
            for (ProtocolReport p : r.protocols()) {
                if (p.status() == ProbeStatus.INCOMPLETE) {
                    assertThat(p.run().error()).as(p.version().label()).contains("the endpoint timeout of 7 s passed");
                } else {
                    assertThat(p.status()).isEqualTo(ProbeStatus.COMPLETED);
                }
            }
            assertThat(Scans.findingCodes(r)).contains("ENUMERATION_INCOMPLETE")
                    .doesNotContain("NO_TLS13", "NO_PROTOCOL_ACCEPTED");
            assertThat(engine.stats().queued()).as("nothing left queued for the endpoint").isZero();
        }
    }

    @Test
    void anEndpointThatAnswersNothingBeforeTheDeadlineTimesOut() throws Exception {
        try (ScanEngine engine = new ScanEngine(config())) {
            Scanner scanner = new Scanner(engine, ScanOptions.defaults().withEndpointTimeout(Duration.ofSeconds(2)));
            EndpointReport r = Scans.roundTrips(scanner.scan(target()).get(60, TimeUnit.SECONDS));
            assertThat(r.status()).isEqualTo(ScanStatus.TIMEOUT);
            assertThat(r.error()).contains("before the endpoint timeout of 2 s passed");
        }
    }

    @Test
    void aCancelledScanStopsSendingHellosAndReleasesItsConnections() throws Exception {
        try (ScanEngine engine = new ScanEngine(config())) {
            Scanner scanner = new Scanner(engine, ScanOptions.defaults());
            CompletableFuture<EndpointReport> scan = scanner.scan(target());
            // Wait until the probes run: the connectivity hello was answered and the versions' hellos are out.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.connections() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.connections()).as("the probes started").isGreaterThanOrEqualTo(3);
            assertThat(scan.cancel(true)).isTrue();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((engine.stats().inFlight() > 0 || engine.stats().queued() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(engine.stats().inFlight()).as("connections released").isZero();
            assertThat(engine.stats().queued()).as("queued hellos dropped").isZero();
            int opened = (int) engine.stats().connectionsOpened();
            Thread.sleep(1_000);
            assertThat(engine.stats().connectionsOpened()).as("no hello sent after the cancellation").isEqualTo(opened);
        }
    }
}
