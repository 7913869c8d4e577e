package dev.tlsweep.core.report;

import static dev.tlsweep.core.report.JsonFields.array;
import static dev.tlsweep.core.report.JsonFields.bool;
import static dev.tlsweep.core.report.JsonFields.optText;
import static dev.tlsweep.core.report.JsonFields.strings;
import static dev.tlsweep.core.report.JsonFields.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsweep.core.report.ReportReader.ReportFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the groups, signature algorithms and checks of a report, written by {@link ReportJson} and read back
 * by {@link ReportReader} (docs/schema/endpoint-report.schema.json): {@code protocols[].groups},
 * {@code protocols[].signatureAlgorithms} as lists of {@code {name, code}}, and the top-level {@code checks} object
 * whose members are {@code {status, ..., hellos, durationMillis}}.
 */
final class DepthJson {

    private DepthJson() {
    }

    // ---- writing ----

    static void writeGroups(GroupsResult r, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("groups");
        for (SupportedGroup s : r.accepted()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("code", s.codeHex());
            g.writeNumberField("bits", s.bits());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("groupPreference", r.preference());
        writeRun("groupsRun", r.run(), r.note(), g);
    }

    static void writeSignatureAlgorithms(SignatureAlgorithmsResult r, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("signatureAlgorithms");
        for (SupportedSignatureAlgorithm s : r.accepted()) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("code", s.codeHex());
            g.writeEndObject();
        }
        g.writeEndArray();
        writeRun("signatureAlgorithmsRun", r.run(), r.note(), g);
    }

    private static void writeRun(String field, ProbeRun run, String note, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("status", run.status().label());
        if (run.error() != null) {
            g.writeStringField("error", run.error());
        }
        if (note != null) {
            g.writeStringField("note", note);
        }
        g.writeNumberField("hellos", run.hellos());
        g.writeNumberField("durationMillis", run.durationMillis());
        g.writeEndObject();
    }

    static void writeChecks(Checks checks, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("checks");
        for (Map.Entry<Check, CheckResult> e : checks.results().entrySet()) {
            Check check = e.getKey();
            CheckResult r = e.getValue();
            g.writeObjectFieldStart(check.json());
            g.writeStringField("status", r.run().status().label());
            if (r.run().error() != null) {
                g.writeStringField("error", r.run().error());
            }
            if (r instanceof CheckResult.Flag f) {
                bool(g, Checks.flagName(check), f.value());
                if (f.detail() != null) {
                    g.writeStringField("detail", f.detail());
                }
            } else if (r instanceof CheckResult.Renegotiation x) {
                bool(g, "allowed", x.allowed());
                bool(g, "secure", x.secure());
            } else if (r instanceof CheckResult.Robot x) {
                bool(g, "vulnerable", x.vulnerable());
                g.writeStringField("oracle", x.oracle());
            } else if (r instanceof CheckResult.Resumption x) {
                bool(g, "ids", x.ids());
                bool(g, "tickets", x.tickets());
            } else if (r instanceof CheckResult.EarlyData x) {
                bool(g, "supported", x.supported());
                if (x.maxEarlyDataSize() >= 0) {
                    g.writeNumberField("maxEarlyDataSize", x.maxEarlyDataSize());
                }
            } else if (r instanceof CheckResult.Alpn x) {
                g.writeArrayFieldStart("protocols");
                for (String p : x.protocols()) {
                    g.writeString(p);
                }
                g.writeEndArray();
            } else if (r instanceof CheckResult.Hsts x) {
                bool(g, "supported", x.supported());
                if (x.maxAge() >= 0) {
                    g.writeNumberField("maxAge", x.maxAge());
                }
                g.writeBooleanField("includeSubDomains", x.includeSubDomains());
                g.writeBooleanField("preload", x.preload());
                if (x.header() != null) {
                    g.writeStringField("header", x.header());
                }
            } else if (r instanceof CheckResult.Text x) {
                g.writeStringField(Checks.flagName(check), x.value());
            } else if (r instanceof CheckResult.SuiteSelection x) {
                bool(g, "unoffered", x.unoffered());
                bool(g, "wrongVersion", x.wrongVersion());
                g.writeArrayFieldStart("suites");
                for (String s : x.suites()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            if (r.note() != null) {
                g.writeStringField("note", r.note());
            }
            g.writeNumberField("hellos", r.run().hellos());
            g.writeNumberField("durationMillis", r.run().durationMillis());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    // ---- reading ----

    static GroupsResult readGroups(JsonNode p) throws ReportFormatException {
        if (!p.has("groupsRun")) {
            return null;
        }
        List<SupportedGroup> groups = new ArrayList<>();
        for (JsonNode n : array(p, "groups")) {
            groups.add(new SupportedGroup(text(n, "name"), code(n, "groups[].code", true), n.path("bits").asInt(0)));
        }
        JsonNode run = p.get("groupsRun");
        return new GroupsResult(run(run, "groupsRun"), groups, optText(p, "groupPreference"), optText(run, "note"));
    }

    static SignatureAlgorithmsResult readSignatureAlgorithms(JsonNode p) throws ReportFormatException {
        if (!p.has("signatureAlgorithmsRun")) {
            return null;
        }
        List<SupportedSignatureAlgorithm> algorithms = new ArrayList<>();
        for (JsonNode n : array(p, "signatureAlgorithms")) {
            algorithms.add(new SupportedSignatureAlgorithm(text(n, "name"),
                    code(n, "signatureAlgorithms[].code", false)));
        }
        JsonNode run = p.get("signatureAlgorithmsRun");
        return new SignatureAlgorithmsResult(run(run, "signatureAlgorithmsRun"), algorithms, optText(run, "note"));
    }

    static Checks readChecks(JsonNode n) throws ReportFormatException {
        JsonNode c = n.get("checks");
        if (c == null || c.isNull()) {
            return Checks.NONE;
        }
        if (!c.isObject()) {
            throw new ReportFormatException("checks: not an object");
        }
        Map<Check, CheckResult> out = new EnumMap<>(Check.class);
        Iterator<Map.Entry<String, JsonNode>> fields = c.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            Check check = Check.fromJson(e.getKey()).orElse(null);
            if (check == null) {
                continue; // a check of a later version: ignored, as tlsweep/1 grows additively
            }
            JsonNode r = e.getValue();
            if (!r.isObject()) {
                throw new ReportFormatException("checks." + e.getKey() + ": not an object");
            }
            out.put(check, result(check, r));
        }
        return new Checks(out);
    }

    private static CheckResult result(Check check, JsonNode r) throws ReportFormatException {
        ProbeRun run = run(r, "checks." + check.json());
        String note = optText(r, "note");
        return switch (check) {
            case CLIENT_RENEGOTIATION -> new CheckResult.Renegotiation(run, bool(r, "allowed"), bool(r, "secure"), note);
            case ROBOT -> new CheckResult.Robot(run, bool(r, "vulnerable"), optText(r, "oracle"), note);
            case SESSION_RESUMPTION -> new CheckResult.Resumption(run, bool(r, "ids"), bool(r, "tickets"), note);
            case EARLY_DATA -> new CheckResult.EarlyData(run, bool(r, "supported"),
                    r.hasNonNull("maxEarlyDataSize") ? r.get("maxEarlyDataSize").asLong() : -1, note);
            case ALPN -> new CheckResult.Alpn(run, strings(r, "protocols"), note);
            case HSTS -> new CheckResult.Hsts(run, bool(r, "supported"),
                    r.hasNonNull("maxAge") ? r.get("maxAge").asLong() : -1, r.path("includeSubDomains").asBoolean(false),
                    r.path("preload").asBoolean(false), optText(r, "header"), note);
            case SERVER_HEADER, JARM -> new CheckResult.Text(run, optText(r, Checks.flagName(check)), note);
            case SUITE_SELECTION -> new CheckResult.SuiteSelection(run, bool(r, "unoffered"), bool(r, "wrongVersion"),
                    strings(r, "suites"), note);
            default -> new CheckResult.Flag(run, bool(r, Checks.flagName(check)), optText(r, "detail"), note);
        };
    }

    private static ProbeRun run(JsonNode r, String where) throws ReportFormatException {
        String s = text(r, "status");
        ProbeStatus status = ProbeStatus.fromLabel(s).orElseThrow(() -> new ReportFormatException(
                where + ".status: '" + ReportReader.clip(s) + "'"));
        String error = status == ProbeStatus.COMPLETED ? null : optText(r, "error");
        return new ProbeRun(status, error, Math.max(0, r.path("durationMillis").asLong(0)),
                Math.max(0, r.path("hellos").asInt(0)));
    }

    private static int code(JsonNode n, String where, boolean nullable) throws ReportFormatException {
        JsonNode v = n.get("code");
        if (v == null || v.isNull()) {
            if (nullable) {
                return -1;
            }
            throw new ReportFormatException("missing " + where);
        }
        String s = v.asText();
        if (!s.matches("0x[0-9A-Fa-f]{4}")) {
            throw new ReportFormatException(where + ": '" + ReportReader.clip(s) + "' (expected: 0x and 4 hex digits)");
        }
        return Integer.parseInt(s.substring(2), 16);
    }
}
