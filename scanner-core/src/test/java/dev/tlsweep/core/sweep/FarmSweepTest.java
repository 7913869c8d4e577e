package dev.tlsweep.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.InventoryEntry;
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
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A sweep of 600 farm endpoints on four loopback addresses: every report equals the endpoint's
 * configuration (versions, suites, and their order where the server imposes one), under a per-IP
 * limit and with a bound on endpoints in flight far below the inventory.
 */
class FarmSweepTest {

    @Test
    void everyEndpointReportsItsConfiguredVersionsAndSuites() throws Exception {
        try (LabFarm farm = LabFarm.builder().endpoints(600).addresses(4).seed(7).start()) {
            StringBuilder inventory = new StringBuilder("# the farm\n");
            Map<String, LabFarm.Endpoint> byTarget = new HashMap<>();
            for (LabFarm.Endpoint e : farm.endpoints()) {
                String t = e.address().getAddress().getHostAddress() + ":" + e.address().getPort();
                inventory.append(t).append('\n');
                byTarget.put(t, e);
            }
            EngineConfig config = EngineConfig.defaults().withMaxInFlight(400).withMaxPerIp(60)
                    .withConnectTimeout(Duration.ofSeconds(5)).withReadTimeout(Duration.ofSeconds(5))
                    .withRetryBackoff(Duration.ofMillis(20)).withMaxRetries(2);
            ScanOptions options = ScanOptions.defaults().withGroups(false).withChecks(false).withVersions(EnumSet.of(ProtocolVersion.TLSv1_0,
                    ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3));
            Map<String, EndpointReport> reports = new HashMap<>();
            AtomicInteger maxOutstanding = new AtomicInteger();
            try (ScanEngine engine = new ScanEngine(config);
                    InventoryReader reader = new InventoryReader(List.of(),
                            new BufferedReader(new StringReader(inventory.toString())), "farm", 16, Shard.ALL,
                            err -> { throw new AssertionError(err.toString()); })) {
                Sweep sweep = new Sweep(engine, new Scanner(engine, options), new SweepOptions(false, 100));
                Sweep.Result result = sweep.run(reader, e -> false, (InventoryEntry entry, List<EndpointReport> r) -> {
                    assertThat(r).hasSize(1);
                    assertThat(reports.put(entry.target().input(), r.get(0))).isNull();
                    maxOutstanding.accumulateAndGet((int) (reader.linesRead() - reports.size()), Math::max);
                });
                assertThat(result.targets()).isEqualTo(600);
            }
            assertThat(reports).hasSize(600);
            // lines read ahead of lines written never exceed the bound (+ the comment line)
            assertThat(maxOutstanding.get()).isLessThanOrEqualTo(101);
            for (Map.Entry<String, EndpointReport> e : reports.entrySet()) {
                LabFarm.Endpoint expected = byTarget.get(e.getKey());
                EndpointReport r = e.getValue();
                assertThat(r.status()).as(e.getKey() + ": " + r.error()).isEqualTo(ScanStatus.OK);
                assertThat(expected.mismatch(FarmReports.found(r))).as(e.getKey()).isNull();
            }
        }
    }
}
