package dev.tlsweep.core.report;

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
import java.util.List;

/**
 * The committed JSON schemas (docs/schema/, strict: {@code additionalProperties: false} everywhere), checked
 * against the reports the tests produce: a member the writer adds and the schema does not document fails here.
 */
public final class ReportSchema {

    private static final Path DOCS = Path.of("..", "docs", "schema");
    private static final Schema ENDPOINT = load("endpoint-report.schema.json");
    private static final Schema DIFF = load("diff.schema.json");
    private static final Schema SUMMARY = load("summary.schema.json");

    private ReportSchema() {
    }

    /** Fails unless {@code json} (one report, with or without a sweep's {@code "line"}) is valid. */
    public static void check(String json) {
        assertThat(errors(ENDPOINT, json)).as("schema errors of %s", cut(json)).isEmpty();
    }

    /** Fails unless every report of a JSON-lines text is valid. */
    public static void checkLines(String jsonLines) {
        jsonLines.lines().filter(l -> !l.isBlank()).forEach(ReportSchema::check);
    }

    /** Fails unless {@code json} is a valid {@code tlsweep diff --json} document. */
    public static void checkDiff(String json) {
        assertThat(errors(DIFF, json)).as("schema errors of %s", cut(json)).isEmpty();
    }

    /** Fails unless {@code json} is a valid {@code tlsweep-summary/1} document. */
    public static void checkSummary(String json) {
        assertThat(errors(SUMMARY, json)).as("schema errors of %s", cut(json)).isEmpty();
    }

    /** The endpoint-report schema's complaints about {@code json}. */
    public static List<String> endpointErrors(String json) {
        return errors(ENDPOINT, json);
    }

    private static List<String> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static String cut(String json) {
        return json.length() <= 300 ? json : json.substring(0, 300) + "...";
    }

    private static Schema load(String name) {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(DOCS.resolve(name)), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
