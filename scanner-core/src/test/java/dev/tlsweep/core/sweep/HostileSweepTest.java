package dev.tlsweep.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.InventoryReader;
import dev.tlsweep.core.inventory.Shard;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.lab.CannedQuirk;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.ChainBombs;
import dev.tlsweep.lab.HostileFront;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One sweep over hostile servers and healthy ones, as a real inventory mixes them: a front that black-holes
 * connections, a front that rate-limits them, a chain bomb, a Certificate message over the flight limit, a reset
 * after the ServerHello, a closed port. Each ends within its limits with one report and the right status, and the
 * healthy servers in the same run are reported exactly: versions and suites, in order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileSweepTest {

    private static final int TLS12 = 0x0303;
    private static final int TLS13 = 0x0304;

    @Test
    void everyTargetEndsWithinItsLimitsAndTheHealthyOnesAreExact() throws Exception {
        List<byte[]> bomb = new ArrayList<>();
        for (X509Certificate c : ChainBombs.bomb(60)) {
            bomb.add(c.getEncoded());
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (CannedResponder healthy = CannedResponder.builder().version(0x0301, 0xC013, 0x002F)
                        .version(TLS12, 0xC02F, 0xC013, 0x009C).version(TLS13, 0x1302, 0x1301)
                        .serverPreference(true).start();
                CannedResponder limited = CannedResponder.builder().version(TLS12, 0xC030, 0xC02F)
                        .version(TLS13, 0x1301).serverPreference(true).start();
                HostileFront rateLimit = HostileFront.start(new InetSocketAddress("127.0.0.1", limited.port()),
                        HostileFront.Behaviour.rateLimit(4));
                HostileFront blackHole = HostileFront.start(new InetSocketAddress("127.0.0.1", healthy.port()),
                        HostileFront.Behaviour.blackholeAfter(0));
                CannedResponder chainBomb = CannedResponder.builder().version(TLS12, 0xC02F, 0x009C)
                        .certificateChain(bomb).start();
                CannedResponder oversized = CannedResponder.builder().version(TLS12, 0xC02F)
                        .certificateChain(List.of(new byte[300_000])).start();
                CannedResponder resetAfterHello = CannedResponder.builder().version(TLS12, 0xC02F)
                        .quirk(CannedQuirk.RESET_AFTER_SERVER_HELLO).start()) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("healthy", healthy.port());
            ports.put("rate-limited", rateLimit.port());
            ports.put("black hole", blackHole.port());
            ports.put("chain bomb", chainBomb.port());
            ports.put("oversized certificate", oversized.port());
            ports.put("reset after ServerHello", resetAfterHello.port());
            ports.put("closed port", closed);
            StringBuilder inventory = new StringBuilder();
            for (int port : ports.values()) {
                inventory.append("127.0.0.1:").append(port).append('\n');
            }
            EngineConfig config = EngineConfig.defaults().withConnectTimeout(Duration.ofSeconds(2))
                    .withReadTimeout(Duration.ofSeconds(2));
            ScanOptions options = ScanOptions.defaults().withGroups(false).withChecks(false)
                    .withVersions(EnumSet.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3))
                    .withEndpointTimeout(Duration.ofSeconds(20));
            Map<Integer, EndpointReport> byPort = new TreeMap<>();
            long started = System.nanoTime();
            try (ScanEngine engine = new ScanEngine(config);
                    InventoryReader reader = new InventoryReader(List.of(), new BufferedReader(
                            new StringReader(inventory.toString())), "hostile", 16, Shard.ALL,
                            err -> { throw new AssertionError(err.toString()); })) {
                new Sweep(engine, new Scanner(engine, options), new SweepOptions(false, 16)).run(reader, e -> false,
                        (InventoryEntry entry, List<EndpointReport> r) -> {
                            assertThat(r).hasSize(1);
                            assertThat(byPort.put(entry.target().port(), r.get(0))).as("one report per target").isNull();
                        });
            }
            System.out.printf("hostile sweep: %d targets in %.1f s%n", byPort.size(),
                    (System.nanoTime() - started) / 1e9);
            ports.forEach((name, port) -> System.out.printf("  %-24s %-10s %6d ms %3d hellos%n", name,
                    byPort.get(port).status().label(), byPort.get(port).durationMillis(), byPort.get(port).hellosSent()));
            assertThat(byPort).hasSize(ports.size());

            EndpointReport ok = byPort.get(healthy.port());
            assertThat(ok.status()).as(ok.error()).isEqualTo(ScanStatus.OK);
            assertThat(suites(ok)).containsExactly(Map.entry(0x0301, List.of(0xC013, 0x002F)),
                    Map.entry(TLS12, List.of(0xC02F, 0xC013, 0x009C)), Map.entry(TLS13, List.of(0x1302, 0x1301)));

            EndpointReport slowedDown = byPort.get(rateLimit.port());
            assertThat(slowedDown.status()).as(slowedDown.error()).isEqualTo(ScanStatus.OK);
            assertThat(suites(slowedDown)).containsExactly(Map.entry(TLS12, List.of(0xC030, 0xC02F)),
                    Map.entry(TLS13, List.of(0x1301)));

            // Every server here shares 127.0.0.1, which the rate limiter made the engine treat as throttled: the black
            // hole is offered again with back-off until the endpoint timeout, then said to be silent.
            EndpointReport silent = byPort.get(blackHole.port());
            assertThat(silent.status()).as(silent.error()).isIn(ScanStatus.TIMEOUT, ScanStatus.INCOMPLETE);
            assertThat(silent.protocols()).as("silence is never a refusal").noneMatch(p -> p.run().completed()
                    && !p.accepted());
            assertThat(silent.durationMillis()).as("within the endpoint timeout and its grace")
                    .isLessThan(Duration.ofSeconds(30).toMillis());

            EndpointReport bombed = byPort.get(chainBomb.port());
            assertThat(bombed.status()).as(bombed.error()).isEqualTo(ScanStatus.OK);
            assertThat(bombed.findings()).extracting(Finding::code).contains("CHAIN_TOO_LONG");

            for (int port : List.of(oversized.port(), resetAfterHello.port())) {
                EndpointReport r = byPort.get(port);
                assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.INCOMPLETE);
                assertThat(r.served().status()).isEqualTo(ProbeStatus.INCOMPLETE);
                assertThat(suites(r)).containsExactly(Map.entry(TLS12, List.of(0xC02F)));
            }

            assertThat(byPort.get(closed).status()).isEqualTo(ScanStatus.REFUSED);
        }
    }

    /** The accepted suites of each accepted version, in the order reported. */
    private static Map<Integer, List<Integer>> suites(EndpointReport r) {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (ProtocolReport p : r.protocols()) {
            if (p.accepted()) {
                out.put(p.version().wire(), p.suites().stream().map(AcceptedSuite::suite).map(s -> s.code()).toList());
            }
        }
        return out;
    }
}
