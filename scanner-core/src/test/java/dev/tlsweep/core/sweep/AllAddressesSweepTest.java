package dev.tlsweep.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.LoopbackDnsServer;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.InventoryReader;
import dev.tlsweep.core.inventory.Shard;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.lab.CannedResponder;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * --all-addresses: a name whose DNS answer lists two addresses (a load-balancer pool whose members
 * disagree) gives one report per address, each with what that address serves. DNS comes from a
 * server the test starts on loopback.
 */
class AllAddressesSweepTest {

    @Test
    void everyAddressOfANameIsScannedAndReportedWithItsIp() throws Exception {
        InetAddress first = InetAddress.getByName("127.0.0.1");
        InetAddress second = InetAddress.getByName("127.0.0.2");
        CannedResponder[] pair = onePort(first, second);
        try (CannedResponder a = pair[0];
                CannedResponder b = pair[1];
                LoopbackDnsServer dns = new LoopbackDnsServer(Map.of("pool.test", List.of(first, second)));
                ScanEngine engine = new ScanEngine(EngineConfig.defaults().withNameServers(List.of(dns.address()))
                        .withConnectTimeout(Duration.ofSeconds(2)).withReadTimeout(Duration.ofSeconds(1)));
                InventoryReader reader = new InventoryReader(List.of(), new BufferedReader(
                        new StringReader("pool.test:" + a.port() + "\n")), "pool", 16, Shard.ALL,
                        err -> { throw new AssertionError(err.toString()); })) {
            ScanOptions options = ScanOptions.defaults().withGroups(false).withChecks(false).withVersions(EnumSet.of(ProtocolVersion.TLSv1_0,
                    ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3));
            List<EndpointReport> reports = new ArrayList<>();
            new Sweep(engine, new Scanner(engine, options), new SweepOptions(true, 10))
                    .run(reader, e -> false, (InventoryEntry entry, List<EndpointReport> r) -> reports.addAll(r));
            Map<String, List<ProtocolVersion>> byIp = new TreeMap<>();
            for (EndpointReport r : reports) {
                assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
                assertThat(r.host()).isEqualTo("pool.test");
                byIp.put(r.ip(), r.protocols().stream().filter(ProtocolReport::accepted)
                        .map(ProtocolReport::version).toList());
            }
            assertThat(byIp).containsExactly(Map.entry("127.0.0.1", List.of(ProtocolVersion.TLSv1_2)),
                    Map.entry("127.0.0.2", List.of(ProtocolVersion.TLSv1_0)));
        }
    }

    /**
     * Servers on {@code first} and {@code second} with the same port: the first's ephemeral port may be taken on the
     * second address by another process, so a few ports are tried.
     */
    private static CannedResponder[] onePort(InetAddress first, InetAddress second) {
        Exception last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            CannedResponder a = CannedResponder.builder().bind(first).version(0x0303, 0xC02F).start();
            try {
                return new CannedResponder[] {a, CannedResponder.builder().bind(second).port(a.port())
                        .version(0x0301, 0xC013).start()};
            } catch (Exception e) { // BindException, thrown through Netty unchecked: the port is in use there
                last = e;
                a.close();
            }
        }
        throw new IllegalStateException("no port free on both " + first + " and " + second, last);
    }

    /**
     * Each address of a name takes its own place within the endpoints in flight: with one place, a name with
     * four addresses is scanned one address after the other, and its four reports still come out together.
     */
    @Test
    void eachAddressTakesItsOwnPlaceAmongTheEndpointsInFlight() throws Exception {
        List<InetAddress> pool = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            pool.add(InetAddress.getByName("127.0.78." + i));
        }
        List<CannedResponder> servers = new ArrayList<>();
        try (LoopbackDnsServer dns = new LoopbackDnsServer(Map.of("pool.test", pool));
                ScanEngine engine = new ScanEngine(EngineConfig.defaults().withNameServers(List.of(dns.address()))
                        .withConnectTimeout(Duration.ofSeconds(2)).withReadTimeout(Duration.ofSeconds(1)))) {
            int port = 0;
            for (InetAddress a : pool) {
                CannedResponder s = CannedResponder.builder().bind(a).port(port).version(0x0303, 0xC02F).start();
                port = s.port();
                servers.add(s);
            }
            ScanOptions options = ScanOptions.defaults().withVersions(EnumSet.of(ProtocolVersion.TLSv1_2));
            List<List<EndpointReport>> written = new ArrayList<>();
            try (InventoryReader reader = new InventoryReader(List.of(), new BufferedReader(
                    new StringReader("pool.test:" + port + "\n")), "pool", 16, Shard.ALL,
                    err -> { throw new AssertionError(err.toString()); })) {
                new Sweep(engine, new Scanner(engine, options), new SweepOptions(true, 1))
                        .run(reader, e -> false, (InventoryEntry entry, List<EndpointReport> r) -> written.add(r));
            }
            assertThat(written).hasSize(1);
            assertThat(written.get(0)).hasSize(4).allSatisfy(r -> assertThat(r.status()).isEqualTo(ScanStatus.OK));
            // One address at a time: the intervals of the four scans do not overlap.
            List<EndpointReport> byStart = new ArrayList<>(written.get(0));
            byStart.sort(java.util.Comparator.comparing(EndpointReport::startedAt));
            for (int i = 1; i < byStart.size(); i++) {
                java.time.Instant previousEnd = byStart.get(i - 1).startedAt()
                        .plusMillis(byStart.get(i - 1).durationMillis());
                assertThat(byStart.get(i).startedAt()).as("address " + i + " started after the one before ended")
                        .isAfterOrEqualTo(previousEnd.minusMillis(1));
            }
        } finally {
            servers.forEach(CannedResponder::close);
        }
    }
}
