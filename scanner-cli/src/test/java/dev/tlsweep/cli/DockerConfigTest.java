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
        assertThat(names).contains("tlsweep_cert_earliest_expiry_timestamp_seconds", "tlsweep_cert_leaf_info",
                "tlsweep_protocol_accepted", "tlsweep_weak_suites_accepted", "tlsweep_scan_success",
                "tlsweep_scan_duration_seconds", "tlsweep_inventory_targets", "tlsweep_finding");
    }

    @Test
    void dashboardTakesItsDatasourceAndJobAsVariablesAndCountsEachEndpointOnce() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/tlsweep.json").toFile());
        assertThat(dashboard.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("prometheus");
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).containsExactly("datasource", "job");
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${datasource}");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as(panel.path("title").asText()).contains("job=~\"$job\"");
                if (expr.contains("tlsweep_") && !expr.contains("tlsweep_sweep") && !expr.contains("tlsweep_inventory")
                        && !expr.contains("tlsweep_build_info") && !expr.contains("tlsweep_hello")
                        && !expr.contains("tlsweep_connections") && !expr.contains("tlsweep_endpoints_total")) {
                    // endpoint series: merged per target, so that two jobs scraping one endpoint count it once
                    assertThat(expr).as(panel.path("title").asText()).containsPattern("(max|min) by \\(target");
                }
            }
        }
    }

    @Test
    void everyDashboardQueryIsValidPromqlForPromtool(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (.ci/run installs it)");
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/tlsweep.json").toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.path("query").has("query")) {
                // label_values(METRIC, LABEL) is Grafana's: promtool checks the metric selector inside it
                exprs.add(v.path("query").path("query").asText().replaceAll("label_values\\((.*), *\\w+\\)", "$1"));
            }
        });
        // Grafana's variables, as Grafana substitutes them
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            String e = exprs.get(i).replace("$__rate_interval", "5m").replace("$__range", "1h").replace("$job", ".+");
            assertThat(e).as("a Grafana variable left in " + exprs.get(i)).doesNotContain("$");
            rules.append("      - record: dashboard:query").append(i).append("\n        expr: ")
                    .append(new ObjectMapper().writeValueAsString(e)).append('\n');
        }
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);
        promtool("check", "rules", file.toString());
    }

    @Test
    void alertmanagerConfigPassesAmtoolAndComposePinsEveryImage() throws Exception {
        String compose = Files.readString(DOCKER.resolve("compose.yaml"));
        Matcher image = Pattern.compile("(?m)^\\s+image: (\\S+)$").matcher(compose);
        int images = 0;
        while (image.find()) {
            images++;
            assertThat(image.group(1)).as("pinned image").matches(".+:v?[0-9][^:]*").doesNotEndWith(":latest");
        }
        assertThat(images).isEqualTo(4);
        assertThat(compose).contains("alertmanager").contains("10193");
        assertThat(Files.readString(DOCKER.resolve("prometheus/prometheus.yml"))).contains("alertmanager:9093");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/amtool")),
                "amtool is not installed (.ci/run installs prometheus-alertmanager)");
        List<String> cmd = List.of("/usr/bin/amtool", "check-config",
                DOCKER.resolve("prometheus/alertmanager.yml").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void alertRulesQueryOnlyExportedMetricsAndPassPromtool() throws Exception {
        Path rules = DOCKER.resolve("prometheus/alerts.yml");
        Set<String> names = metricNames(Files.readString(rules));
        assertThat(names).allSatisfy(n ->
                assertThat(TlsweepMetric.byPrometheusName(n)).as("rules query %s", n).isPresent());
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (.ci/run installs it)");
        promtool("check", "rules", rules.toString());
    }

    @Test
    void prometheusConfigPassesPromtool() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (.ci/run installs it)");
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
