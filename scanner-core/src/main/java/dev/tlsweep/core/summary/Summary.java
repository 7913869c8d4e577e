package dev.tlsweep.core.summary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ReportReader;
import dev.tlsweep.core.report.ScanStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Counts over the reports of a sweep: endpoints by status and by error reason, protocol versions
 * accepted and incomplete, weak suites and every other finding by code (each endpoint once per code),
 * certificates by the days left of the soonest-expiring one served. Fed the report records of a live
 * run, or those {@link SummaryFiles} reads back from report files; every finding code (chain problems
 * included) is counted without a list of known codes.
 *
 * <p>Text from reports and summary files (error reasons, codes) is shown through {@link Printable}.
 *
 * <p>Summaries are mergeable: {@link #merge} adds counts, so merging is associative and commutative,
 * and the summary of several shards is the merge of their summaries. Not thread-safe.
 */
public final class Summary {

    /** The version of the JSON form, written as {@code "schema"}. */
    public static final String SCHEMA = "tlsweep-summary/1";

    /** Days-left buckets of {@link #certificatesByDaysLeft()}, by the soonest expiry an endpoint serves. */
    public static final String[] DAYS_LEFT_BUCKETS = {"expired", "0-7", "8-30", "31-90", "91-365", ">365"};

    private static final Pattern ADDRESS = Pattern.compile(
            "\\[[0-9A-Fa-f:.]+\\](:\\d+)?|\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?\\b|\\b[0-9A-Fa-f]*:[0-9A-Fa-f:]+\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final int MAX_REASON = 160;
    /** The most endpoints a summary file may claim: far beyond any sweep, far below overflowing a merge. */
    private static final long MAX_COUNT = 1_000_000_000_000_000L;
    /** The longest name (status, reason, code) a summary file may hold. */
    private static final int MAX_KEY = 1000;

    private long endpoints;
    private long hellos;
    private final TreeMap<String, Long> status = new TreeMap<>();
    private final TreeMap<String, Long> errors = new TreeMap<>();
    private final TreeMap<String, Long> protocols = new TreeMap<>();
    private final TreeMap<String, Long> incomplete = new TreeMap<>();
    private final TreeMap<String, Long> weakSuites = new TreeMap<>();
    private final TreeMap<String, Long> findings = new TreeMap<>();
    private final TreeMap<String, Long> daysLeft = new TreeMap<>();
    /** What made the reports counted: normally one, more when shards or resumed runs differ; bounded. */
    private final LinkedHashSet<Provenance> scanners = new LinkedHashSet<>();

    /** The most distinct provenances a summary keeps (a merge of very many differing runs keeps the first). */
    public static final int MAX_SCANNERS = 32;

    /** Counts one report. */
    public void add(EndpointReport report) {
        Objects.requireNonNull(report, "report");
        endpoints++;
        hellos += report.hellosSent();
        addScanner(report.provenance());
        String st = report.status().label();
        inc(status, st, 1);
        if (report.status() != ScanStatus.OK) {
            inc(errors, st + ": " + reason(report), 1);
        }
        for (ProtocolReport p : report.protocols()) {
            if (p.accepted()) {
                inc(protocols, p.version().label(), 1);
            }
            if (!p.run().completed()) {
                inc(incomplete, p.version().label(), 1);
            }
        }
        Set<String> codes = new HashSet<>();
        for (Finding f : report.findings()) {
            if (codes.add(f.code())) {
                inc(findings, f.code(), 1);
                if (f.code().startsWith("CIPHER_")) {
                    inc(weakSuites, f.code(), 1);
                }
            }
        }
        Long soonest = null;
        for (ChainReport chain : report.chains()) {
            for (CertificateInfo c : chain.served()) {
                soonest = soonest == null ? c.daysLeft() : Math.min(soonest, c.daysLeft());
            }
        }
        if (soonest != null) {
            inc(daysLeft, bucket(soonest), 1);
        }
    }

    /** Adds another summary's counts to this one. */
    public void merge(Summary other) {
        Objects.requireNonNull(other, "other");
        endpoints += other.endpoints;
        hellos += other.hellos;
        mergeInto(status, other.status);
        mergeInto(errors, other.errors);
        mergeInto(protocols, other.protocols);
        mergeInto(incomplete, other.incomplete);
        mergeInto(weakSuites, other.weakSuites);
        mergeInto(findings, other.findings);
        mergeInto(daysLeft, other.daysLeft);
        other.scanners.forEach(this::addScanner);
    }

    private void addScanner(Provenance p) {
        if (p != null && scanners.size() < MAX_SCANNERS) {
            scanners.add(p);
        }
    }

    /**
     * Reads the JSON form written by {@link #toJson()}, believing nothing: every count must be a whole number
     * from 0 to the number of endpoints, the endpoints by status must add up to the endpoints, the error
     * reasons to the endpoints not {@code ok}, and the certificate buckets to at most the endpoints; a name
     * is at most {@value #MAX_KEY} characters.
     *
     * @throws IllegalArgumentException naming the member that is wrong and what was expected
     */
    public static Summary fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object (expected: a " + SCHEMA + " summary)");
        }
        if (!SCHEMA.equals(node.path("schema").asText())) {
            throw new IllegalArgumentException("schema: " + Printable.quote(node.path("schema").asText())
                    + " (expected: " + SCHEMA + ")");
        }
        Summary s = new Summary();
        s.endpoints = count(node.get("endpoints"), "endpoints", MAX_COUNT);
        s.hellos = count(node.get("hellosSent"), "hellosSent", MAX_COUNT * 1000);
        read(node.get("status"), "status", s.endpoints, s.status);
        read(node.get("errors"), "errors", s.endpoints, s.errors);
        read(node.get("protocols"), "protocols", s.endpoints, s.protocols);
        read(node.get("protocolsIncomplete"), "protocolsIncomplete", s.endpoints, s.incomplete);
        read(node.get("weakSuites"), "weakSuites", s.endpoints, s.weakSuites);
        read(node.get("findings"), "findings", s.endpoints, s.findings);
        read(node.get("certificatesByDaysLeft"), "certificatesByDaysLeft", s.endpoints, s.daysLeft);
        long byStatus = sum(s.status);
        if (byStatus != s.endpoints) {
            throw new IllegalArgumentException("status: " + byStatus + " endpoints in all (expected: endpoints, "
                    + s.endpoints + ")");
        }
        long notOk = s.endpoints - s.status.getOrDefault(ScanStatus.OK.label(), 0L);
        long byError = sum(s.errors);
        if (byError > notOk) {
            throw new IllegalArgumentException("errors: " + byError + " endpoints in all (expected: at most the "
                    + notOk + " endpoints not ok)");
        }
        long byDays = sum(s.daysLeft);
        if (byDays > s.endpoints) {
            throw new IllegalArgumentException("certificatesByDaysLeft: " + byDays + " endpoints in all (expected: "
                    + "at most endpoints, " + s.endpoints + ")");
        }
        JsonNode scanners = node.path("scanners");
        if (!scanners.isMissingNode() && !scanners.isNull() && !scanners.isArray()) {
            throw new IllegalArgumentException("scanners: " + Printable.cut(scanners.toString(), 40)
                    + " (expected: an array)");
        }
        for (JsonNode p : scanners) {
            try {
                s.addScanner(ReportReader.provenance(p));
            } catch (ReportReader.ReportFormatException e) {
                throw new IllegalArgumentException("scanners[]: " + e.getMessage(), e);
            }
        }
        return s;
    }

    /** A whole number from 0 to {@code max}. */
    private static long count(JsonNode n, String name, long max) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > max) {
            throw new IllegalArgumentException(name + ": " + (n == null ? "missing" : Printable.cut(n.toString(), 40))
                    + " (expected: a whole number from 0 to " + max + ")");
        }
        return n.asLong();
    }

    private static long sum(TreeMap<String, Long> m) {
        long total = 0;
        for (long v : m.values()) {
            total = Math.addExact(total, v);
        }
        return total;
    }

    /** The JSON form, schema {@value #SCHEMA}, pretty-printed. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeNumberField("endpoints", endpoints);
            g.writeNumberField("hellosSent", hellos);
            write(g, "status", ordered(status, STATUS_ORDER));
            write(g, "errors", errors);
            write(g, "protocols", ordered(protocols, VERSION_ORDER));
            write(g, "protocolsIncomplete", ordered(incomplete, VERSION_ORDER));
            write(g, "weakSuites", weakSuites);
            write(g, "findings", findings);
            write(g, "certificatesByDaysLeft", ordered(daysLeft, List.of(DAYS_LEFT_BUCKETS)));
            g.writeArrayFieldStart("scanners");
            for (Provenance p : scanners) {
                ReportJson.writeProvenance(p, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A few lines for the terminal. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("Summary: ").append(endpoints).append(" endpoints, ").append(hellos).append(" hellos\n");
        line(b, "status", ordered(status, STATUS_ORDER));
        line(b, "protocols accepted", ordered(protocols, VERSION_ORDER));
        line(b, "protocols incomplete", ordered(incomplete, VERSION_ORDER));
        line(b, "weak suites", weakSuites);
        line(b, "findings", findings);
        line(b, "certificates by days left", ordered(daysLeft, List.of(DAYS_LEFT_BUCKETS)));
        if (!errors.isEmpty()) {
            b.append("  errors:\n");
            errors.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
                    .forEach(e -> b.append(String.format("    %8d  %s%n", e.getValue(), Printable.cut(e.getKey(), 200))));
            if (errors.size() > 20) {
                b.append("    ... ").append(errors.size() - 20).append(" more reasons (see --summary)\n");
            }
        }
        for (Provenance p : scanners) {
            b.append("  made by: ").append(p.describe()).append("; options: ").append(p.optionsText());
            if (p.trustStore() != null) {
                b.append("; trust store: ").append(p.trustStore().source()).append(", ")
                        .append(p.trustStore().anchors()).append(" anchors");
            }
            b.append('\n');
        }
        return b.toString();
    }

    public long endpoints() {
        return endpoints;
    }

    public long hellosSent() {
        return hellos;
    }

    /** Endpoints by status label. */
    public SortedMap<String, Long> byStatus() {
        return Collections.unmodifiableSortedMap(status);
    }

    /** Endpoints not scanned, by {@code status: reason} (addresses and numbers blanked out of the error). */
    public SortedMap<String, Long> errors() {
        return Collections.unmodifiableSortedMap(errors);
    }

    /** Endpoints whose probes of each protocol version did not complete. */
    public SortedMap<String, Long> protocolsIncomplete() {
        return Collections.unmodifiableSortedMap(incomplete);
    }

    /** Endpoints accepting each protocol version. */
    public SortedMap<String, Long> protocols() {
        return Collections.unmodifiableSortedMap(protocols);
    }

    /** Endpoints with each weak-suite finding ({@code CIPHER_*} codes). */
    public SortedMap<String, Long> weakSuites() {
        return Collections.unmodifiableSortedMap(weakSuites);
    }

    /** Endpoints with each finding code. */
    public SortedMap<String, Long> findings() {
        return Collections.unmodifiableSortedMap(findings);
    }

    /** What made the reports counted (tlsweep version, options, trust store), in the order first seen. */
    public List<Provenance> scanners() {
        return List.copyOf(scanners);
    }

    /** Endpoints by the days left of the soonest-expiring certificate they serve. */
    public SortedMap<String, Long> certificatesByDaysLeft() {
        return Collections.unmodifiableSortedMap(daysLeft);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Summary s && endpoints == s.endpoints && hellos == s.hellos && status.equals(s.status)
                && errors.equals(s.errors) && protocols.equals(s.protocols) && incomplete.equals(s.incomplete)
                && weakSuites.equals(s.weakSuites)
                && findings.equals(s.findings) && daysLeft.equals(s.daysLeft) && scanners.equals(s.scanners);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoints, hellos, status, errors, protocols, incomplete, weakSuites, findings, daysLeft,
                scanners);
    }

    @Override
    public String toString() {
        return toJson();
    }

    static String bucket(long days) {
        if (days < 0) {
            return DAYS_LEFT_BUCKETS[0];
        } else if (days <= 7) {
            return DAYS_LEFT_BUCKETS[1];
        } else if (days <= 30) {
            return DAYS_LEFT_BUCKETS[2];
        } else if (days <= 90) {
            return DAYS_LEFT_BUCKETS[3];
        } else if (days <= 365) {
            return DAYS_LEFT_BUCKETS[4];
        }
        return DAYS_LEFT_BUCKETS[5];
    }

    /** The error with the endpoint's names and addresses, then every number, blanked out. */
    static String reason(EndpointReport report) {
        String error = report.error() == null ? "" : report.error();
        for (String v : new String[] {report.target(), report.host(), report.ip()}) {
            if (v != null && v.length() > 1) {
                error = error.replace(v, "*");
            }
        }
        error = ADDRESS.matcher(error).replaceAll("*");
        error = NUMBER.matcher(error).replaceAll("#");
        return error.length() > MAX_REASON ? error.substring(0, MAX_REASON) + "..." : error;
    }

    private static void inc(TreeMap<String, Long> m, String key, long n) {
        m.merge(key, n, Long::sum);
    }

    private static void mergeInto(TreeMap<String, Long> into, TreeMap<String, Long> from) {
        from.forEach((k, v) -> inc(into, k, v));
    }

    private static void read(JsonNode node, String name, long endpoints, TreeMap<String, Long> into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(name + ": " + Printable.cut(node.toString(), 40)
                    + " (expected: an object of counts)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_KEY) {
                throw new IllegalArgumentException(name + ": a name of " + e.getKey().length() + " characters "
                        + "(expected: 1 to " + MAX_KEY + ")");
            }
            inc(into, e.getKey(), count(e.getValue(), name + "." + Printable.echo(e.getKey()), endpoints));
        }
    }

    private static final List<String> STATUS_ORDER = Arrays.stream(ScanStatus.values()).map(ScanStatus::label).toList();
    private static final List<String> VERSION_ORDER = Arrays.stream(ProtocolVersion.values())
            .map(ProtocolVersion::label).toList();

    /** The counts with the keys of {@code order} first, in that order, then any other key in sorted order. */
    static Map<String, Long> ordered(TreeMap<String, Long> m, List<String> order) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String k : order) {
            Long v = m.get(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        m.forEach(out::putIfAbsent);
        return out;
    }

    private static void write(JsonGenerator g, String name, Map<String, Long> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : m.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void line(StringBuilder b, String name, Map<String, Long> m) {
        if (m.isEmpty()) {
            return;
        }
        b.append("  ").append(name).append(':');
        m.forEach((k, v) -> b.append("  ").append(Printable.cut(k, 200)).append(' ').append(v));
        b.append('\n');
    }
}
