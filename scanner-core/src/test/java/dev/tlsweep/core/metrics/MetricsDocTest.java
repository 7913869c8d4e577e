package dev.tlsweep.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/METRICS.md lists every metric of the catalogue, with its labels, and no other tlsweep metric. */
class MetricsDocTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(tlsweep_[a-z0-9_]+)` \\| ([a-z]+) \\| ([^|]*) \\|");

    @Test
    void everyCataloguedMetricHasItsRowWithItsTypeAndLabels() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "METRICS.md"));
        Set<String> documented = new LinkedHashSet<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            String name = m.group(1);
            documented.add(name);
            TlsweepMetric metric = TlsweepMetric.byPrometheusName(name).orElseThrow(() ->
                    new AssertionError("METRICS.md documents " + name + ", which is not in TlsweepMetric"));
            assertThat(m.group(2)).as(name).isEqualTo(metric.type().name().toLowerCase(java.util.Locale.ROOT));
            String labels = metric.labels().isEmpty() ? "—"
                    : String.join(", ", metric.labels().stream().map(l -> "`" + l + "`").toList());
            assertThat(m.group(3).strip()).as(name + " labels").isEqualTo(labels);
        }
        for (TlsweepMetric metric : TlsweepMetric.values()) {
            assertThat(documented).as("METRICS.md row for " + metric).contains(metric.prometheusName());
        }
    }
}
