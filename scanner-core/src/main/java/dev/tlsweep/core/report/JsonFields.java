package dev.tlsweep.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsweep.core.report.ReportReader.ReportFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The field readers and writers the report's JSON classes share ({@link ReportReader}, {@link ChainJson},
 * {@link DepthJson}, {@link ReachJson}): arrays that may be absent, lists of strings, texts, booleans that may be
 * unknown. A reader's error names the field, or {@code where.field} when given where it is.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** The elements of the array {@code field}, none when it is absent or null. */
    static Iterable<JsonNode> array(JsonNode n, String field) throws ReportFormatException {
        return array(n, field, null);
    }

    static Iterable<JsonNode> array(JsonNode n, String field, String where) throws ReportFormatException {
        JsonNode a = n.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new ReportFormatException(name(field, where) + ": not an array");
        }
        return a;
    }

    /** The texts of the array {@code field}, none when it is absent or null. */
    static List<String> strings(JsonNode n, String field) throws ReportFormatException {
        return strings(n, field, null);
    }

    static List<String> strings(JsonNode n, String field, String where) throws ReportFormatException {
        List<String> out = new ArrayList<>();
        for (JsonNode s : array(n, field, where)) {
            out.add(s.asText());
        }
        return out;
    }

    /** The text of the value {@code field}, which must be there. */
    static String text(JsonNode n, String field) throws ReportFormatException {
        return text(n, field, null);
    }

    static String text(JsonNode n, String field, String where) throws ReportFormatException {
        String v = optText(n, field);
        if (v == null) {
            throw new ReportFormatException("missing " + name(field, where));
        }
        return v;
    }

    /** The text of the value {@code field}, or {@code null} when it is absent, null or not a value. */
    static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    /** The boolean {@code field}, or {@code null} when it is absent or null (not known). */
    static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asBoolean();
    }

    /** Writes a boolean that may be unknown: {@code null} as JSON null. */
    static void bool(JsonGenerator g, String field, Boolean value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeBooleanField(field, value);
        }
    }

    /** Writes a list of texts as an array. */
    static void strings(String field, List<String> values, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static String name(String field, String where) {
        return where == null ? field : where + "." + field;
    }
}
