package dev.tlsweep.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.InventoryReader;
import dev.tlsweep.core.inventory.Shard;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.lab.LabFarm;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Politeness at full speed: a sweep of farm endpoints, with the engine opening connections on every event loop, keeps
 * to {@code --per-ip}, {@code --per-endpoint} and {@code --rate} as the farm counts the connections it accepts — and
 * every report is still exact. The farm closes each connection once it has answered, so that each of its connections
 * is over for it before it is for the scanner: what the farm counts open at once never exceeds what the scanner had
 * open, and the limits are asserted exactly.
 */
class PolitenessTest {

    private static LabFarm farm;
    private static Map<String, LabFarm.Endpoint> byTarget;
    private static String inventory;

    @BeforeAll
    static void startFarm() {
        farm = LabFarm.builder().endpoints(120).addresses(2).seed(23).closeAfterAnswer(true).start();
        byTarget = new HashMap<>();
        StringBuilder lines = new StringBuilder();
        for (LabFarm.Endpoint e : farm.endpoints()) {
            String t = e.address().getAddress().getHostAddress() + ":" + e.address().getPort();
            lines.append(t).append('\n');
            byTarget.put(t, e);
        }
        inventory = lines.toString();
    }

    @AfterAll
    static void stopFarm() {
        farm.close();
    }

    @BeforeEach
    void freshPeaks() {
        farm.resetPeaks();
    }

    @Test
    void perIpAndPerEndpointLimitsHold() throws Exception {
        sweep(EngineConfig.defaults().withMaxPerIp(6).withMaxPerEndpoint(3));
        assertThat(farm.maxOpenPerAddress()).isBetween(1, 6 );
        assertThat(farm.maxOpenPerEndpoint()).isBetween(1, 3 );
    }

    @Test
    void rateLimitHolds() throws Exception {
        int rate = 400;
        long connections = sweep(EngineConfig.defaults().withConnectionsPerSecond(rate));
        // The token bucket lets a tenth of a second's worth through at once on top of the rate (ScanEngine's
        // EngineConfig.connectionsPerSecond).
        assertThat(connections).isGreaterThan(rate);
        assertThat(farm.maxConnectionsPerSecond()).isBetween(1L, (long) rate + rate / 10);
    }

    /** Sweeps the farm's 120 endpoints (TLS 1.0 to 1.3) under {@code config}; every report exact. */
    private static long sweep(EngineConfig config) throws Exception {
        ScanOptions options = ScanOptions.defaults().withGroups(false).withChecks(false)
                .withVersions(EnumSet.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2,
                        ProtocolVersion.TLSv1_3));
        Map<String, EndpointReport> reports = new HashMap<>();
        long before = farm.connections();
        try (ScanEngine engine = new ScanEngine(config);
                InventoryReader reader = new InventoryReader(List.of(), new BufferedReader(new StringReader(inventory)),
                        "farm", 16, Shard.ALL, err -> {
                            throw new AssertionError(err.toString());
                        })) {
            Sweep sweep = new Sweep(engine, new Scanner(engine, options), new SweepOptions(false, 1000));
            sweep.run(reader, e -> false, (entry, r) -> reports.put(entry.target().input(), r.get(0)));
        }
        assertThat(reports).hasSize(byTarget.size());
        for (Map.Entry<String, EndpointReport> e : reports.entrySet()) {
            EndpointReport r = e.getValue();
            assertThat(r.status()).as(e.getKey() + ": " + r.error()).isEqualTo(ScanStatus.OK);
            assertThat(byTarget.get(e.getKey()).mismatch(FarmReports.found(r))).as(e.getKey()).isNull();
        }
        return farm.connections() - before;
    }
}
