package dev.tlsweep.core.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tlsweep.core.report.EndpointReport;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * The JSON form of a {@link Drift}, schema {@value #SCHEMA} (docs/schema/diff.schema.json): the counts, whether
 * something got worse, the notes, and every endpoint that appeared, disappeared or changed with its changes.
 */
public final class DriftJson {

    /** The version of the JSON form, written as {@code "schema"}. */
    public static final String SCHEMA = "tlsweep-diff/1";

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private DriftJson() {
    }

    /** Writes the drift as one pretty-printed JSON object. */
    public static void write(Drift d, Writer out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeBooleanField("worse", d.worse());
            g.writeBooleanField("noChange", d.noChange());
            g.writeNumberField("before", d.beforeCount());
            g.writeNumberField("after", d.afterCount());
            g.writeObjectFieldStart("endpoints");
            for (Map.Entry<EndpointDrift.State, Long> e : d.counts().entrySet()) {
                g.writeNumberField(e.getKey().label(), e.getValue());
            }
            g.writeNumberField("worse", d.worseCount());
            g.writeEndObject();
            g.writeArrayFieldStart("notes");
            for (String n : d.notes()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("differences");
            for (EndpointDrift e : d.differences()) {
                endpoint(e, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void endpoint(EndpointDrift e, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("target", e.key().target());
        g.writeStringField("sni", e.key().sni());
        g.writeStringField("transport", e.key().transport());
        g.writeStringField("state", e.state().label());
        g.writeBooleanField("worse", e.worse());
        side("before", e.before(), g);
        side("after", e.after(), g);
        g.writeArrayFieldStart("changes");
        for (Change c : e.changes()) {
            g.writeStartObject();
            g.writeStringField("aspect", c.aspect().label());
            g.writeStringField("change", c.kind().label());
            g.writeStringField("subject", c.subject());
            g.writeStringField("before", c.before());
            g.writeStringField("after", c.after());
            g.writeBooleanField("worse", c.worse());
            if (c.why() != null) {
                g.writeStringField("why", c.why());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void side(String name, EndpointReport r, JsonGenerator g) throws IOException {
        if (r == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        g.writeStringField("ip", r.ip());
        g.writeNumberField("port", r.port());
        g.writeStringField("status", r.status().label());
        g.writeStringField("startedAt", r.startedAt().toString());
        g.writeEndObject();
    }
}
