package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules fire when they should: {@code promtool test rules} runs the unit tests of
 * docker/prometheus/alerts.test.yml, which cover every alert (each is expected to fire at least once), and
 * every alert carries a summary, a description and a runbook_url into docs/RUNBOOK.md.
 */
class AlertRulesTest {

    private static final Path PROMETHEUS = Path.of("..", "docker", "prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void promtoolUnitTestsPass() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed (.ci/run installs it)");
        Process p = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", "alerts.test.yml")
                .directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void everyAlertIsExpectedToFireInAUnitTestAndHasARunbook() throws Exception {
        Set<String> alerts = new LinkedHashSet<>();
        String runbook = Files.readString(Path.of("..", "docs", "RUNBOOK.md"));
        for (JsonNode group : yaml.readTree(PROMETHEUS.resolve("alerts.yml").toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!rule.has("alert")) {
                    continue;
                }
                String name = rule.get("alert").asText();
                alerts.add(name);
                JsonNode a = rule.path("annotations");
                assertThat(a.path("summary").asText()).as(name + " summary").isNotBlank();
                assertThat(a.path("description").asText()).as(name + " description").isNotBlank();
                assertThat(a.path("runbook_url").asText()).as(name + " runbook_url")
                        .isEqualTo("docs/RUNBOOK.md#" + name.toLowerCase(Locale.ROOT));
                assertThat(runbook).as("docs/RUNBOOK.md has a section for " + name).contains("\n## " + name + "\n");
                assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("critical", "warning", "info");
            }
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(14);
        Set<String> fired = new LinkedHashSet<>();
        for (JsonNode test : yaml.readTree(PROMETHEUS.resolve("alerts.test.yml").toFile()).path("tests")) {
            for (JsonNode t : test.path("alert_rule_test")) {
                if (!t.path("exp_alerts").isEmpty()) {
                    fired.add(t.get("alertname").asText());
                }
            }
        }
        assertThat(fired).as("alerts that a unit test expects to fire").containsExactlyInAnyOrderElementsOf(alerts);
    }
}
