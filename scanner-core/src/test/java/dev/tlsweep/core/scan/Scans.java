package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ReportReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helpers: scan a loopback endpoint with short timeouts and read the report. */
final class Scans {

    private Scans() {
    }

    /**
     * The suites, preference and certificates only, without the groups, signature algorithms and checks: for the
     * tests of enumeration and chains, which would otherwise pay for dozens of connections they do not look at.
     */
    static final ScanOptions SUITES_ONLY = ScanOptions.defaults().withGroups(false).withChecks(false);

    static EngineConfig fastConfig() {
        return EngineConfig.defaults()
                .withConnectTimeout(Duration.ofSeconds(2))
                .withReadTimeout(Duration.ofMillis(800))
                .withMaxRetries(1)
                .withRetryBackoff(Duration.ofMillis(20));
    }

    static EndpointReport scan(int port, ScanOptions options) throws Exception {
        return scan(new Target("127.0.0.1:" + port, "127.0.0.1", port, "localhost"), options);
    }

    static EndpointReport scan(Target target, ScanOptions options) throws Exception {
        return scan(target, options, fastConfig());
    }

    /**
     * Scans with {@code config}: a longer read timeout for a single-threaded server (openssl s_server), which answers
     * connections one after the other while the checks hold some of them open.
     */
    static EndpointReport scan(int port, ScanOptions options, EngineConfig config) throws Exception {
        return scan(new Target("127.0.0.1:" + port, "127.0.0.1", port, "localhost"), options, config);
    }

    static EndpointReport scan(Target target, ScanOptions options, EngineConfig config) throws Exception {
        try (ScanEngine engine = new ScanEngine(config)) {
            return roundTrips(new Scanner(engine, options).scan(target).get(120, TimeUnit.SECONDS));
        }
    }

    /**
     * Checks that the report's JSON reads back into a record that writes the same JSON and is valid by the
     * committed (strict) schema; returns the report.
     */
    static EndpointReport roundTrips(EndpointReport r) throws Exception {
        String json = ReportJson.toLine(r);
        assertThat(ReportJson.toLine(ReportReader.readLine(json).report())).as("the JSON read back").isEqualTo(json);
        dev.tlsweep.core.report.ReportSchema.check(json);
        return r;
    }

    /** Accepted versions and their suites' IANA names, in report order. */
    static Map<ProtocolVersion, List<String>> suitesByVersion(EndpointReport r) {
        Map<ProtocolVersion, List<String>> out = new LinkedHashMap<>();
        for (ProtocolReport p : r.protocols()) {
            if (p.accepted()) {
                out.put(p.version(), p.suites().stream().map(AcceptedSuite::suite).map(s -> s.ianaName()).toList());
            }
        }
        return out;
    }

    /** Accepted versions and their suites' code points, in report order. */
    static Map<ProtocolVersion, List<Integer>> codesByVersion(EndpointReport r) {
        Map<ProtocolVersion, List<Integer>> out = new LinkedHashMap<>();
        for (ProtocolReport p : r.protocols()) {
            if (p.accepted()) {
                out.put(p.version(), p.suites().stream().map(a -> a.suite().code()).toList());
            }
        }
        return out;
    }

    static ProtocolReport protocol(EndpointReport r, ProtocolVersion v) {
        return r.protocols().stream().filter(p -> p.version() == v).findFirst().orElseThrow();
    }

    static List<String> findingCodes(EndpointReport r) {
        return r.findings().stream().map(Finding::code).toList();
    }
}
