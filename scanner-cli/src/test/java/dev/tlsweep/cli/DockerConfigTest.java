package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.core.metrics.TlsweepMetric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped docker/ configuration: valid for promtool, and queries only metrics tlsweep exports. */
class DockerConfigTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static final Pattern METRIC = Pattern.compile("\\btlsweep_[a-z0-9_]+");

    @Test
    void dashboardIsValidJsonAndQueriesOnlyExportedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/tlsweep.json").toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        assertThat(exprs).hasSizeGreaterThan(10);
        Set<String> names = metricNames(String.join("\n", exprs));
        assertThat(names).isNotEmpty().allSatisfy(n ->
                assertThat(TlsweepMetric.byPrometheusName(n)).as("dashboard queries %s", n).isPresent());
        assertThat(names).contains("tlsweep_cert_earliest_expiry_timestamp_seconds", "tlsweep_chain_complete",
                "tlsweep_protocol_accepted", "tlsweep_weak_suites_accepted", "tlsweep_scan_success");
    }

    @Test
    void alertRulesQueryOnlyExportedMetricsAndPassPromtool() throws Exception {
        Path rules = DOCKER.resolve("prometheus/alerts.yml");
        Set<String> names = metricNames(Files.readString(rules));
        assertThat(names).allSatisfy(n ->
                assertThat(TlsweepMetric.byPrometheusName(n)).as("rules query %s", n).isPresent());
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed");
        promtool("check", "rules", rules.toString());
    }

    @Test
    void prometheusConfigPassesPromtool() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed");
        promtool("check", "config", DOCKER.resolve("prometheus/prometheus.yml").toString());
    }

    private static Set<String> metricNames(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static void promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
