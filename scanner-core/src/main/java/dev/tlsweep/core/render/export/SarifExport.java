package dev.tlsweep.core.render.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ReportSource;
import dev.tlsweep.core.report.Severity;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A SARIF 2.1.0 log of a sweep, for code-scanning dashboards: one run of tool {@code tlsweep}, one rule per finding
 * code that occurs (its title, fix, references as tags, a {@code security-severity}), one result per finding of
 * each endpoint (level from its severity: critical and high are {@code error}, medium {@code warning}, low and
 * info {@code note}). A result's location is the endpoint as a logical location and, when the inventory file is
 * known, the target's line in it (so that a repository's inventory file gets the alerts); a partial fingerprint
 * of (target, SNI, code, subjects) lets a dashboard follow a result from sweep to sweep. Endpoints that could not
 * be scanned are tool execution notifications (the first {@value #MAX_NOTIFICATIONS}). Two passes over the
 * reports: the rules first, then the results.
 */
public final class SarifExport {

    /** The schema URI written as {@code $schema}: the OASIS 2.1.0 schema (errata 01). */
    public static final String SCHEMA =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /** The most endpoints that could not be scanned listed as notifications (the rest are counted). */
    public static final int MAX_NOTIFICATIONS = 1000;

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private SarifExport() {
    }

    /**
     * Writes the log.
     *
     * @param inventory the inventory file as it should appear in the log (a path relative to the repository root
     *                  for code scanning), or {@code null} when unknown: results then have logical locations only
     */
    public static void write(ReportSource reports, String inventory, Writer out) throws IOException {
        // Pass 1: which codes occur (the rules), what made the reports, who could not be scanned.
        Set<String> codes = new LinkedHashSet<>();
        Set<Provenance> made = new LinkedHashSet<>();
        List<String> unscanned = new ArrayList<>();
        long[] moreUnscanned = {0};
        reports.forEach((r, line) -> {
            r.findings().forEach(f -> codes.add(f.code()));
            if (r.provenance() != null && made.size() < 16) {
                made.add(r.provenance());
            }
            if (!r.status().scanned() && r.findings().isEmpty()) {
                if (unscanned.size() < MAX_NOTIFICATIONS) {
                    unscanned.add(r.target() + ": " + r.status().label() + (r.error() == null ? "" : ": " + r.error()));
                } else {
                    moreUnscanned[0]++;
                }
            }
        });
        List<String> rules = new ArrayList<>();
        for (FindingCode c : FindingCode.values()) {
            if (codes.contains(c.code())) {
                rules.add(c.code());
            }
        }
        new TreeSet<>(codes).stream().filter(c -> !rules.contains(c)).forEach(rules::add); // codes of other versions
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        rules.forEach(c -> ruleIndex.put(c, ruleIndex.size()));
        Provenance first = made.isEmpty() ? null : made.iterator().next();

        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("$schema", SCHEMA);
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            tool(g, first, rules);
            g.writeArrayFieldStart("invocations");
            g.writeStartObject();
            g.writeBooleanField("executionSuccessful", true);
            if (!unscanned.isEmpty()) {
                g.writeArrayFieldStart("toolExecutionNotifications");
                for (String u : unscanned) {
                    g.writeStartObject();
                    g.writeStringField("level", "error");
                    message(g, "not scanned to the end: " + u);
                    g.writeEndObject();
                }
                if (moreUnscanned[0] > 0) {
                    g.writeStartObject();
                    g.writeStringField("level", "error");
                    message(g, moreUnscanned[0] + " more endpoints not scanned to the end");
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (first != null) {
                g.writeObjectFieldStart("properties");
                g.writeObjectFieldStart("options");
                for (Map.Entry<String, String> e : first.options().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                if (first.trustStore() != null) {
                    g.writeStringField("trustStore", first.trustStore().source() + ", " + first.trustStore().anchors()
                            + " anchors, sha256 " + first.trustStore().sha256());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndArray();
            if (inventory != null) {
                g.writeArrayFieldStart("artifacts");
                g.writeStartObject();
                g.writeObjectFieldStart("location");
                g.writeStringField("uri", uri(inventory));
                g.writeEndObject();
                g.writeArrayFieldStart("roles");
                g.writeString("analysisTarget");
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeArrayFieldStart("results");
            reports.forEach((r, line) -> {
                for (Finding f : r.findings()) {
                    result(g, r, f, ruleIndex.get(f.code()), inventory, line.isPresent() ? line.getAsLong() : 0);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void tool(JsonGenerator g, Provenance made, List<String> rules) throws IOException {
        g.writeObjectFieldStart("tool");
        g.writeObjectFieldStart("driver");
        g.writeStringField("name", "tlsweep");
        if (made != null) {
            g.writeStringField("version", made.version() + (made.commit().length() >= 12
                    ? "+" + made.commit().substring(0, 12) : ""));
            String semantic = made.version().replaceAll("[^0-9A-Za-z.+-]", "");
            if (semantic.matches("\\d+\\.\\d+\\.\\d+.*")) {
                g.writeStringField("semanticVersion", semantic);
            }
        }
        g.writeArrayFieldStart("rules");
        for (String code : rules) {
            rule(g, code);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void rule(JsonGenerator g, String code) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", code);
        g.writeStringField("name", camel(code));
        FindingCode c = FindingCode.byCode(code).orElse(null);
        if (c != null) {
            message(g, "shortDescription", c.title());
            String full = c.title() + (c.affected() == null ? "" : " Affected: " + c.affected() + ".")
                    + (c.clientWords() == null ? "" : " What clients say: " + c.clientWords() + ".");
            message(g, "fullDescription", full);
            if (c.fix() != null) {
                g.writeObjectFieldStart("help");
                g.writeStringField("text", "Fix: " + c.fix());
                g.writeStringField("markdown", "**Fix:** " + c.fix() + (c.references().isEmpty() ? ""
                        : "\n\nReferences: " + String.join(", ", c.references())));
                g.writeEndObject();
            }
            g.writeObjectFieldStart("defaultConfiguration");
            g.writeStringField("level", level(c.severity()));
            g.writeEndObject();
            g.writeObjectFieldStart("properties");
            g.writeArrayFieldStart("tags");
            g.writeString("security");
            g.writeString("tls");
            for (String ref : c.references()) {
                g.writeString(ref.startsWith("CWE-") ? "external/cwe/cwe-" + ref.substring(4) : ref);
            }
            g.writeEndArray();
            g.writeStringField("security-severity", securitySeverity(c.severity()));
            g.writeStringField("precision", "very-high");
            g.writeEndObject();
        } else {
            message(g, "shortDescription", code + " (a finding code this version of tlsweep does not know)");
        }
        g.writeEndObject();
    }

    private static void result(JsonGenerator g, EndpointReport r, Finding f, Integer ruleIndex, String inventory,
            long line) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", f.code());
        if (ruleIndex != null) {
            g.writeNumberField("ruleIndex", ruleIndex);
        }
        g.writeStringField("level", level(f.severity()));
        message(g, r.target() + ": " + f.message());
        g.writeArrayFieldStart("locations");
        g.writeStartObject();
        if (inventory != null && line > 0) {
            g.writeObjectFieldStart("physicalLocation");
            g.writeObjectFieldStart("artifactLocation");
            g.writeStringField("uri", uri(inventory));
            g.writeNumberField("index", 0);
            g.writeEndObject();
            g.writeObjectFieldStart("region");
            g.writeNumberField("startLine", line);
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeArrayFieldStart("logicalLocations");
        g.writeStartObject();
        g.writeStringField("name", r.target());
        g.writeStringField("fullyQualifiedName", r.host() + ":" + r.port() + (r.sni() == null ? "" : " sni=" + r.sni())
                + (r.ip() == null ? "" : " ip=" + r.ip()));
        g.writeStringField("kind", "resource");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("partialFingerprints");
        g.writeStringField("tlsweepFinding/v1", fingerprint(r.target() + "\n" + r.sni() + "\n" + f.code() + "\n"
                + String.join("\n", new TreeSet<>(f.subjects()))));
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        g.writeStringField("severity", f.severity().label());
        g.writeStringField("target", r.target());
        g.writeStringField("host", r.host());
        g.writeNumberField("port", r.port());
        g.writeStringField("ip", r.ip());
        g.writeStringField("sni", r.sni());
        if (f.fix() != null) {
            g.writeStringField("fix", f.fix());
        }
        g.writeArrayFieldStart("subjects");
        for (String s : f.subjects()) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void message(JsonGenerator g, String text) throws IOException {
        message(g, "message", text);
    }

    private static void message(JsonGenerator g, String field, String text) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("text", text);
        g.writeEndObject();
    }

    /** SARIF's level for a severity. */
    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    /** GitHub's security-severity scale: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }

    /** {@code PROTOCOL_TLS10} → {@code ProtocolTls10}. */
    static String camel(String code) {
        StringBuilder b = new StringBuilder();
        for (String part : code.toLowerCase(Locale.ROOT).split("_")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** A path as a relative URI reference: forward slashes, each segment percent-encoded where needed. */
    static String uri(String path) {
        String p = path.replace('\\', '/');
        StringBuilder b = new StringBuilder();
        for (byte x : p.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    private static String fingerprint(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
