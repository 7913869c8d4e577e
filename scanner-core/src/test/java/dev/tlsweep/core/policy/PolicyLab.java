package dev.tlsweep.core.policy;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.lab.CannedResponder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Test helpers: lab endpoints configured from a policy, and scans of them. */
public final class PolicyLab {

    private PolicyLab() {
    }

    public static EngineConfig fastConfig() {
        return EngineConfig.defaults().withConnectTimeout(Duration.ofSeconds(2)).withReadTimeout(Duration.ofMillis(800))
                .withMaxRetries(1).withRetryBackoff(Duration.ofMillis(20));
    }

    /** The (wire version → suites) a server serving exactly {@code p} accepts. */
    static Map<Integer, List<Integer>> configOf(PolicyProfile p) {
        Map<Integer, List<Integer>> out = new TreeMap<>();
        for (ProtocolVersion v : p.versions()) {
            List<Integer> codes = new ArrayList<>();
            for (CipherSuite s : v == ProtocolVersion.TLSv1_3 ? p.tls13Suites() : p.suites()) {
                if (s.supports(v)) {
                    codes.add(s.code());
                }
            }
            out.put(v.wire(), codes);
        }
        return out;
    }

    static CannedResponder start(Map<Integer, List<Integer>> config) {
        CannedResponder.Builder b = CannedResponder.builder().serverPreference(true);
        config.forEach((v, suites) -> b.version(v, suites.stream().mapToInt(Integer::intValue).toArray()));
        return b.start();
    }

    static EndpointReport scan(int port) throws Exception {
        try (ScanEngine engine = new ScanEngine(fastConfig())) {
            return new Scanner(engine, ScanOptions.defaults().withGroups(false).withChecks(false))
                    .scan(new Target("127.0.0.1:" + port, "127.0.0.1", port, "localhost")).get(120, TimeUnit.SECONDS);
        }
    }
}
