package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The strict schemas of docs/schema/ against what the commands print: every JSON report, JSON-lines file and
 * diff the command-line tests produce passes through here (scanner-core's lab scans do the same).
 */
final class Schemas {

    private static final Schema REPORT = load("endpoint-report.schema.json");
    private static final Schema DIFF = load("diff.schema.json");
    private static final Schema SUMMARY = load("summary.schema.json");

    private Schemas() {
    }

    /** Fails unless every non-blank line of {@code jsonLines} is a valid endpoint report. */
    static void reports(String jsonLines) {
        jsonLines.lines().filter(l -> !l.isBlank()).forEach(l -> assertThat(REPORT.validate(l, InputFormat.JSON)
                .stream().map(Error::toString).toList()).as("schema errors of %s", l.length() > 300
                        ? l.substring(0, 300) + "..." : l).isEmpty());
    }

    /** Fails unless {@code json} is a valid diff. */
    static void diff(String json) {
        assertThat(DIFF.validate(json, InputFormat.JSON).stream().map(Error::toString).toList())
                .as("diff schema errors").isEmpty();
    }

    /** Fails unless {@code json} is a valid summary ({@code --summary}, {@code summarize --json}). */
    static void summary(String json) {
        assertThat(SUMMARY.validate(json, InputFormat.JSON).stream().map(Error::toString).toList())
                .as("summary schema errors").isEmpty();
    }

    private static Schema load(String name) {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                    Files.readString(Path.of("..", "docs", "schema", name)), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
