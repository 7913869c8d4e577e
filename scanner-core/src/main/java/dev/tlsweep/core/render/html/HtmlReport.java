package dev.tlsweep.core.render.html;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import dev.tlsweep.core.diff.Change;
import dev.tlsweep.core.diff.Drift;
import dev.tlsweep.core.diff.EndpointDrift;
import dev.tlsweep.core.diff.EndpointKey;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.Flag;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.ClientResult;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.PolicyResult;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ReportSource;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the HTML report of a sweep. One pass over the reports counts the overview (status, worst finding,
 * versions, weak suites, certificate expiry) and writes the endpoints as compact JSON data (strings, suites, suite
 * lists and certificates each written once and referred to by index) that the page's script turns into the
 * table and the detail of an endpoint on demand. Everything from a server travels as JSON text inside a
 * {@code <script type="application/json">} with {@code <}, {@code >} and {@code &} escaped, and the script puts
 * it into the page with {@code textContent}, never as markup; a Content-Security-Policy lets only this page's
 * own script (by its hash) run and forbids every network request.
 */
public final class HtmlReport {

    /** How many weeks the expiry timeline shows one by one. */
    static final int TIMELINE_WEEKS = 12;

    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");
    private static final String SCRIPT_HASH = sha256Base64(JS);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * What the page says about itself.
     *
     * @param title     the page's title
     * @param generated when it was written
     * @param sources   the report files it was made from (names only), shown under the title
     * @param baseline  the drift from a baseline sweep ({@code report --baseline}), or {@code null}
     * @param baselineName the baseline's name, or {@code null}
     */
    public record Options(String title, Instant generated, List<String> sources, Drift baseline, String baselineName) {

        public Options {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(generated, "generated");
            sources = List.copyOf(sources);
        }
    }

    private HtmlReport() {
    }

    /**
     * Writes the whole page in one pass over the reports: the endpoints' data is written to memory while the
     * overview is counted (the data is what the page holds anyway), then the page is written in order.
     */
    public static void write(ReportSource reports, Options options, Writer out) throws IOException {
        Overview o = new Overview();
        Map<EndpointKeyIp, EndpointDrift> drift = new HashMap<>();
        if (options.baseline() != null) {
            for (EndpointDrift d : options.baseline().endpoints()) {
                if (d.after() != null) {
                    drift.put(new EndpointKeyIp(d.key(), d.after().ip(), d.after().startedAt()), d);
                }
            }
        }
        java.io.StringWriter dataJson = new java.io.StringWriter(1 << 20);
        data(reports, o, drift, options.baseline() != null, dataJson);
        Html h = new Html(out);
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " img-src data:; script-src 'sha256-" + SCRIPT_HASH + "'\">\n");
        h.raw("<meta name=\"generator\" content=\"tlsweep\">\n<title>").text(options.title()).raw("</title>\n<style>\n")
                .raw(CSS).raw("</style>\n</head>\n<body>\n");
        h.raw("<a class=\"skip\" href=\"#endpoints\">Skip to the endpoints</a>\n<header>\n<h1>").text(options.title())
                .raw("</h1>\n<p class=\"meta\">");
        h.text(o.endpoints + " endpoints");
        if (o.first != null) {
            h.text(", scanned " + WHEN.format(o.first) + (o.last.equals(o.first) ? "" : " to " + WHEN.format(o.last)));
        }
        h.text("; report written " + WHEN.format(options.generated()));
        if (!options.sources().isEmpty()) {
            h.text(" from " + String.join(", ", options.sources()));
        }
        h.raw("</p>\n");
        provenance(h, o.made);
        h.raw("<noscript><p class=\"warn\">The table and the detail of each endpoint need JavaScript; the overview"
                + " below does not.</p></noscript>\n</header>\n<main>\n");
        overview(h, o);
        if (options.baseline() != null) {
            changes(h, options.baseline(), options.baselineName());
        }
        table(h, options.baseline() != null);
        h.raw("<section id=\"detail\" class=\"detail\" tabindex=\"-1\" aria-label=\"Endpoint detail\" hidden></section>\n");
        h.raw("</main>\n<script type=\"application/json\" id=\"data\">");
        out.append(dataJson.getBuffer());
        h.raw("</script>\n<script>").raw(JS).raw("</script>\n</body>\n</html>\n");
    }

    // ---- overview ----

    /** The counts of the overview, from pass 1. */
    private static final class Overview {
        long endpoints;
        Instant first;
        Instant last;
        final Map<String, Long> status = new LinkedHashMap<>();
        final Map<Severity, Long> worst = new EnumMap<>(Severity.class);
        long noFinding;
        final Map<Severity, Long> findings = new EnumMap<>(Severity.class);
        final Map<ProtocolVersion, Long> versions = new EnumMap<>(ProtocolVersion.class);
        final Map<String, Long> weak = new TreeMap<>();
        final long[] expiry = new long[TIMELINE_WEEKS + 5]; // expired, weeks..., 3-6 months, 6-12 months, > 1 year
        long noCertificate;
        final Set<Provenance> made = new LinkedHashSet<>();

        Overview() {
            for (ScanStatus s : ScanStatus.values()) {
                status.put(s.label(), 0L);
            }
        }

        void add(EndpointReport r) {
            endpoints++;
            first = first == null || r.startedAt().isBefore(first) ? r.startedAt() : first;
            last = last == null || r.startedAt().isAfter(last) ? r.startedAt() : last;
            status.merge(r.status().label(), 1L, Long::sum);
            Severity w = worst(r);
            if (w == null) {
                noFinding++;
            } else {
                worst.merge(w, 1L, Long::sum);
            }
            r.findings().forEach(f -> findings.merge(f.severity(), 1L, Long::sum));
            for (ProtocolReport p : r.protocols()) {
                if (p.accepted()) {
                    versions.merge(p.version(), 1L, Long::sum);
                }
            }
            Set<String> codes = new LinkedHashSet<>();
            r.findings().stream().map(Finding::code).filter(c -> c.startsWith("CIPHER_")).forEach(codes::add);
            codes.forEach(c -> weak.merge(c, 1L, Long::sum));
            Long days = daysLeft(r);
            if (days == null) {
                noCertificate++;
            } else {
                expiry[expiryBucket(days)]++;
            }
            if (r.provenance() != null && made.size() < 8) {
                made.add(r.provenance());
            }
        }
    }

    static int expiryBucket(long days) {
        if (days < 0) {
            return 0;
        }
        if (days < TIMELINE_WEEKS * 7L) {
            return 1 + (int) (days / 7);
        }
        return days < 183 ? TIMELINE_WEEKS + 1 : days < 366 ? TIMELINE_WEEKS + 2 : TIMELINE_WEEKS + 3;
    }

    static String expiryLabel(int bucket) {
        if (bucket == 0) {
            return "expired";
        }
        if (bucket <= TIMELINE_WEEKS) {
            return "wk " + bucket;
        }
        return bucket == TIMELINE_WEEKS + 1 ? "≤ 6 mo" : bucket == TIMELINE_WEEKS + 2 ? "≤ 1 yr" : "later";
    }

    private static void provenance(Html h, Set<Provenance> made) throws IOException {
        if (made.isEmpty()) {
            h.raw("<p class=\"meta\">Made by: not recorded (reports of an earlier version of tlsweep)</p>\n");
            return;
        }
        h.raw("<details class=\"meta\"><summary>Made by ");
        h.text(made.stream().map(Provenance::describe).distinct().reduce((a, b) -> a + "; " + b).orElse(""));
        h.raw("</summary>\n<dl>");
        for (Provenance p : made) {
            h.raw("<dt>Options</dt><dd>").text(p.optionsText()).raw("</dd>");
            if (p.trustStore() != null) {
                h.raw("<dt>Trust store</dt><dd>").text(p.trustStore().source() + ", " + p.trustStore().anchors()
                        + " anchors, SHA-256 " + p.trustStore().sha256()).raw("</dd>");
            }
        }
        h.raw("</dl></details>\n");
    }

    private static void overview(Html h, Overview o) throws IOException {
        h.raw("<section aria-labelledby=\"overview-h\">\n<h2 id=\"overview-h\">Overview</h2>\n<div class=\"charts\">\n");
        List<Bar> status = new ArrayList<>();
        o.status.forEach((k, v) -> {
            if (v > 0 || k.equals("ok")) {
                status.add(new Bar(k, v, "st-" + k, "status", k));
            }
        });
        bars(h, "chart-status", "Endpoints by status", status, o.endpoints);
        List<Bar> worst = new ArrayList<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            long findings = o.findings.getOrDefault(s, 0L);
            worst.add(new Bar(s.label() + " (" + findings + " finding" + (findings == 1 ? "" : "s") + ")",
                    o.worst.getOrDefault(s, 0L), "sev-" + s.label(), "severity", s.label()));
        }
        worst.add(new Bar("no finding", o.noFinding, "sev-none", null, null));
        bars(h, "chart-severity", "Endpoints by their worst finding", worst, o.endpoints);
        List<Bar> versions = new ArrayList<>();
        for (ProtocolVersion v : ProtocolVersion.values()) {
            versions.add(new Bar(v.label() + (v.compareTo(ProtocolVersion.TLSv1_2) < 0 ? " (deprecated)" : ""),
                    o.versions.getOrDefault(v, 0L), v.compareTo(ProtocolVersion.TLSv1_2) < 0 ? "bad" : "good",
                    "version", v.label()));
        }
        bars(h, "chart-versions", "Endpoints accepting each protocol version", versions, o.endpoints);
        List<Bar> weak = new ArrayList<>();
        o.weak.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> weak.add(new Bar(e.getKey(), e.getValue(), "bad", "code", e.getKey())));
        if (weak.isEmpty()) {
            h.raw("<figure class=\"chart\" id=\"chart-weak\"><figcaption>Weak cipher suites</figcaption>"
                    + "<p>No endpoint accepts a weak suite.</p></figure>\n");
        } else {
            bars(h, "chart-weak", "Endpoints accepting weak cipher suites, by finding", weak, o.endpoints);
        }
        timeline(h, o);
        h.raw("</div>\n</section>\n");
    }

    /** One bar: its label, value, CSS class, and the filter a click sets ({@code null}: none). */
    private record Bar(String label, long value, String css, String filter, String filterValue) {
    }

    /** A horizontal bar chart as SVG: every bar labelled with its name and count (no colour needed to read it). */
    private static void bars(Html h, String id, String caption, List<Bar> bars, long total) throws IOException {
        int rowH = 22;
        int labelW = 230;
        int barW = 260;
        int height = bars.size() * rowH + 4;
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        StringBuilder desc = new StringBuilder();
        for (Bar b : bars) {
            desc.append(desc.length() == 0 ? "" : "; ").append(b.label()).append(": ").append(b.value());
        }
        h.raw("<figure class=\"chart\" id=\"").text(id).raw("\"><figcaption id=\"").text(id).raw("-c\">").text(caption)
                .raw("</figcaption>\n<svg role=\"img\" aria-labelledby=\"").text(id).raw("-c ").text(id)
                .raw("-d\" viewBox=\"0 0 ").raw(String.valueOf(labelW + barW + 70)).raw(" ")
                .raw(String.valueOf(height)).raw("\" width=\"100%\"><desc id=\"").text(id).raw("-d\">")
                .text(desc.toString()).raw("</desc>\n");
        int y = 2;
        for (Bar b : bars) {
            int w = (int) Math.round((double) b.value() / max * barW);
            String pct = total == 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100.0 * b.value() / total);
            boolean link = b.filter() != null && b.value() > 0;
            if (link) {
                h.raw("<a href=\"#endpoints\" class=\"filter-link\" data-filter=\"").text(b.filter())
                        .raw("\" data-value=\"").text(b.filterValue()).raw("\" aria-label=\"Show the ")
                        .text(b.value() + " endpoints: " + b.label()).raw("\">");
            }
            h.raw("<text x=\"").raw(String.valueOf(labelW - 6)).raw("\" y=\"").raw(String.valueOf(y + 15))
                    .raw("\" text-anchor=\"end\">").text(b.label()).raw("</text>");
            h.raw("<rect class=\"").text(b.css()).raw("\" x=\"").raw(String.valueOf(labelW)).raw("\" y=\"")
                    .raw(String.valueOf(y + 3)).raw("\" width=\"").raw(String.valueOf(Math.max(w, b.value() > 0 ? 2 : 0)))
                    .raw("\" height=\"").raw(String.valueOf(rowH - 6)).raw("\"/>");
            h.raw("<text x=\"").raw(String.valueOf(labelW + w + 6)).raw("\" y=\"").raw(String.valueOf(y + 15))
                    .raw("\">").text(b.value() + pct).raw("</text>");
            if (link) {
                h.raw("</a>");
            }
            h.raw("\n");
            y += rowH;
        }
        h.raw("</svg></figure>\n");
    }

    /** The certificate expiry timeline: endpoints by the week their soonest certificate expires, as columns. */
    private static void timeline(Html h, Overview o) throws IOException {
        int n = o.expiry.length;
        int colW = 44;
        int chartH = 110;
        int width = n * colW + 10;
        long max = 1;
        for (long v : o.expiry) {
            max = Math.max(max, v);
        }
        StringBuilder desc = new StringBuilder();
        for (int i = 0; i < n; i++) {
            desc.append(i == 0 ? "" : "; ").append(expiryLabel(i)).append(": ").append(o.expiry[i]);
        }
        desc.append("; no certificate analysed: ").append(o.noCertificate);
        h.raw("<figure class=\"chart wide\" id=\"chart-expiry\"><figcaption id=\"chart-expiry-c\">Certificate expiry:"
                + " endpoints by when their soonest certificate expires</figcaption>\n<svg role=\"img\""
                + " aria-labelledby=\"chart-expiry-c chart-expiry-d\" viewBox=\"0 0 ").raw(String.valueOf(width))
                .raw(" ").raw(String.valueOf(chartH + 48)).raw("\" width=\"100%\"><desc id=\"chart-expiry-d\">")
                .text(desc.toString()).raw("</desc>\n");
        for (int i = 0; i < n; i++) {
            long v = o.expiry[i];
            int bh = (int) Math.round((double) v / max * chartH);
            int x = 5 + i * colW;
            String css = i == 0 ? "bad" : i <= 1 ? "bad" : i <= 4 ? "warn" : "good";
            h.raw("<rect class=\"").raw(css).raw("\" x=\"").raw(String.valueOf(x + 4)).raw("\" y=\"")
                    .raw(String.valueOf(20 + chartH - bh)).raw("\" width=\"").raw(String.valueOf(colW - 8))
                    .raw("\" height=\"").raw(String.valueOf(Math.max(bh, v > 0 ? 2 : 0))).raw("\"/>");
            h.raw("<text x=\"").raw(String.valueOf(x + colW / 2)).raw("\" y=\"").raw(String.valueOf(16 + chartH - bh))
                    .raw("\" text-anchor=\"middle\">").raw(String.valueOf(v)).raw("</text>");
            h.raw("<text class=\"small\" x=\"").raw(String.valueOf(x + colW / 2)).raw("\" y=\"")
                    .raw(String.valueOf(chartH + 38)).raw("\" text-anchor=\"middle\">").text(expiryLabel(i))
                    .raw("</text>\n");
        }
        h.raw("</svg><p class=\"small\">wk 1 is the next 7 days, wk 2 the 7 after, and so on; then within 6 months,"
                + " within a year, later. No certificate analysed: ")
                .text(String.valueOf(o.noCertificate)).raw(".</p></figure>\n");
    }

    private static void changes(Html h, Drift d, String baselineName) throws IOException {
        Map<EndpointDrift.State, Long> n = d.counts();
        h.raw("<section aria-labelledby=\"changes-h\" id=\"changes\">\n<h2 id=\"changes-h\">Changes since the baseline</h2>\n"
                + "<p>");
        h.text("Baseline " + (baselineName == null ? "" : baselineName + " ") + "(" + d.beforeCount() + " endpoints): "
                + n.get(EndpointDrift.State.UNCHANGED) + " unchanged, " + n.get(EndpointDrift.State.CHANGED)
                + " changed, " + n.get(EndpointDrift.State.APPEARED) + " appeared, "
                + n.get(EndpointDrift.State.DISAPPEARED) + " disappeared; ");
        h.raw(d.worse() ? "<strong class=\"worse\">" : "<strong>").text(d.worse() ? d.worseCount() + " got worse"
                : "none got worse").raw("</strong>.</p>\n");
        for (String note : d.notes()) {
            h.raw("<p class=\"warn\">Note: ").text(note).raw("</p>\n");
        }
        if (d.noChange()) {
            h.raw("<p>No change.</p>\n</section>\n");
            return;
        }
        h.raw("<table class=\"changes\"><caption>Endpoints that appeared, disappeared or changed (worse first)"
                + "</caption>\n<thead><tr><th scope=\"col\">Endpoint</th><th scope=\"col\">What happened</th>"
                + "<th scope=\"col\">Changes</th></tr></thead>\n<tbody>\n");
        List<EndpointDrift> diffs = new ArrayList<>(d.differences());
        diffs.sort((a, b) -> Boolean.compare(b.worse(), a.worse()));
        int shown = 0;
        for (EndpointDrift e : diffs) {
            if (shown++ == 500) {
                h.raw("<tr><td colspan=\"3\">").text((diffs.size() - 500) + " more: tlsweep diff lists them all")
                        .raw("</td></tr>\n");
                break;
            }
            h.raw("<tr").raw(e.worse() ? " class=\"worse\"" : "").raw("><th scope=\"row\">").text(e.key().describe())
                    .raw("</th><td>").text(e.state().label() + (e.worse() ? ", worse" : "")).raw("</td><td><ul>");
            for (Change c : e.changes()) {
                h.raw("<li").raw(c.worse() ? " class=\"worse\"" : "").raw(">").text(c.describe()
                        + (c.worse() ? " — worse: " + c.why() : "")).raw("</li>");
            }
            h.raw("</ul></td></tr>\n");
        }
        h.raw("</tbody></table>\n</section>\n");
    }

    private static void table(Html h, boolean withChanges) throws IOException {
        h.raw("<section aria-labelledby=\"endpoints-h\" id=\"endpoints\">\n<h2 id=\"endpoints-h\">Endpoints</h2>\n"
                + "<form class=\"filters\" role=\"search\" aria-label=\"Filter the endpoints\" onsubmit=\"return false\">\n"
                + "<label>Search <input type=\"search\" id=\"q\" placeholder=\"target, address, finding code\""
                + " autocomplete=\"off\"></label>\n"
                + "<label>Status <select id=\"f-status\"><option value=\"\">any</option>");
        for (ScanStatus s : ScanStatus.values()) {
            h.raw("<option>").text(s.label()).raw("</option>");
        }
        h.raw("</select></label>\n<label>Worst finding at least <select id=\"f-severity\"><option value=\"\">any"
                + "</option>");
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            h.raw("<option>").text(Severity.values()[i].label()).raw("</option>");
        }
        h.raw("</select></label>\n<label>Version accepted <select id=\"f-version\"><option value=\"\">any</option>");
        for (ProtocolVersion v : ProtocolVersion.values()) {
            h.raw("<option>").text(v.label()).raw("</option>");
        }
        h.raw("</select></label>\n");
        if (withChanges) {
            h.raw("<label><input type=\"checkbox\" id=\"f-changed\"> changed since the baseline only</label>\n");
        }
        h.raw("<button type=\"button\" id=\"f-clear\">Clear</button>\n</form>\n"
                + "<p id=\"count\" role=\"status\" aria-live=\"polite\"></p>\n"
                + "<div class=\"scroll\"><table id=\"table\"><caption class=\"visually-hidden\">Endpoints: select a"
                + " column header to sort, a target to see its detail</caption>\n<thead><tr>");
        String[][] cols = {{"target", "Target"}, {"status", "Status"}, {"versions", "Versions"},
            {"worst", "Worst finding"}, {"expiry", "Days to expiry"}, {"chain", "Chain"}, {"policy", "Policy"}};
        for (String[] c : cols) {
            h.raw("<th scope=\"col\" aria-sort=\"none\"><button type=\"button\" data-sort=\"").raw(c[0]).raw("\">")
                    .text(c[1]).raw("</button></th>");
        }
        if (withChanges) {
            h.raw("<th scope=\"col\" aria-sort=\"none\"><button type=\"button\" data-sort=\"change\">Change</button></th>");
        }
        h.raw("</tr></thead>\n<tbody></tbody></table></div>\n</section>\n");
    }

    // ---- data ----

    /** Matches a report of the sweep with its drift entry. */
    private record EndpointKeyIp(EndpointKey key, String ip, Instant startedAt) {
    }

    /** Escapes {@code < > &} and the JavaScript line separators inside JSON strings: safe inside a script element. */
    private static final class ScriptSafe extends CharacterEscapes {
        private final int[] table;

        ScriptSafe() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null; // standard \\uXXXX for the rest (U+2028 and U+2029: see below)
        }
    }

    private static final JsonFactory DATA = JsonFactory.builder().build();

    private static void data(ReportSource reports, Overview overview, Map<EndpointKeyIp, EndpointDrift> drift,
            boolean withChanges, Writer out) throws IOException {
        Strings strings = new Strings();
        Map<String, Integer> suites = new LinkedHashMap<>();
        List<CipherSuite> suiteList = new ArrayList<>();
        Map<String, Integer> lists = new HashMap<>();
        List<int[]> listTable = new ArrayList<>();
        Map<String, Integer> certIndex = new HashMap<>();
        List<CertificateInfo> certs = new ArrayList<>();
        // Endpoints first, into a buffer-free generator; the tables they refer to are written after them.
        JsonGenerator g = DATA.createGenerator(new LineSeparatorSafe(out));
        g.setCharacterEscapes(new ScriptSafe());
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeBooleanField("changes", withChanges);
        g.writeArrayFieldStart("endpoints");
        reports.forEach((r, line) -> {
            overview.add(r);
            EndpointDrift d = drift.get(new EndpointKeyIp(EndpointKey.of(r), r.ip(), r.startedAt()));
            endpoint(g, r, line.isPresent() ? line.getAsLong() : 0, d, strings, suites, suiteList, lists, listTable,
                    certIndex, certs);
        });
        g.writeEndArray();
        g.writeArrayFieldStart("suites");
        for (CipherSuite s : suiteList) {
            g.writeStartArray();
            g.writeString(s.ianaName());
            g.writeString(s.opensslName() == null ? "" : s.opensslName());
            g.writeNumber(s.keyBits());
            g.writeNumber(suiteRank(s));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("lists");
        for (int[] l : listTable) {
            g.writeArray(l, 0, l.length);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("certs");
        for (CertificateInfo c : certs) {
            g.writeStartArray();
            g.writeNumber(strings.of(c.subject()));
            g.writeNumber(strings.of(c.issuer()));
            g.writeString(c.serialHex());
            g.writeString(c.sha256());
            g.writeString(c.notBefore().toString());
            g.writeString(c.notAfter().toString());
            g.writeNumber(c.daysLeft());
            g.writeNumber(strings.of(c.keyDescription()));
            g.writeNumber(strings.of(c.signatureAlgorithm()));
            g.writeNumber(strings.of(String.join(", ", c.subjectAltNames())));
            g.writeNumber((c.selfIssued() ? 1 : 0) | (c.ca() ? 2 : 0));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("codes");
        for (FindingCode c : FindingCode.values()) {
            g.writeStartArray();
            g.writeString(c.code());
            g.writeString(String.join(" ", c.references()));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("strings");
        for (String s : strings.all) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /** Interned strings: each distinct one written once. */
    private static final class Strings {
        final Map<String, Integer> index = new HashMap<>();
        final List<String> all = new ArrayList<>();

        int of(String s) {
            if (s == null) {
                return -1;
            }
            Integer i = index.get(s);
            if (i == null) {
                i = all.size();
                all.add(s);
                index.put(s, i);
            }
            return i;
        }
    }

    private static int list(int[] values, Map<String, Integer> lists, List<int[]> table) {
        String key = java.util.Arrays.toString(values);
        Integer i = lists.get(key);
        if (i == null) {
            i = table.size();
            table.add(values);
            lists.put(key, i);
        }
        return i;
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void endpoint(JsonGenerator g, EndpointReport r, long line, EndpointDrift d, Strings s,
            Map<String, Integer> suites, List<CipherSuite> suiteList, Map<String, Integer> lists, List<int[]> listTable,
            Map<String, Integer> certIndex, List<CertificateInfo> certs) throws IOException {
        g.writeStartObject();
        g.writeNumberField("t", s.of(r.target()));
        g.writeNumberField("h", s.of(r.host()));
        g.writeNumberField("p", r.port());
        g.writeNumberField("i", s.of(r.ip()));
        g.writeNumberField("n", s.of(r.sni()));
        g.writeNumberField("s", s.of(r.status().label()));
        g.writeNumberField("e", s.of(r.error()));
        if (line > 0) {
            g.writeNumberField("l", line);
        }
        g.writeNumberField("a", s.of(r.startedAt().toString()));
        g.writeNumberField("ms", r.durationMillis());
        g.writeNumberField("hs", r.hellosSent());
        Severity w = worst(r);
        g.writeNumberField("w", w == null ? -1 : w.ordinal());
        Long days = daysLeft(r);
        if (days != null) {
            g.writeNumberField("d", days);
        }
        g.writeNumberField("cv", s.of(chainVerdict(r)));
        g.writeNumberField("pv", s.of(policyVerdict(r)));
        g.writeArrayFieldStart("v");
        for (ProtocolReport p : r.protocols()) {
            int[] pairs = new int[p.suites().size() * 2];
            int k = 0;
            for (AcceptedSuite a : p.suites()) {
                Integer si = suites.get(a.suite().codeHex());
                if (si == null) {
                    si = suiteList.size();
                    suiteList.add(a.suite());
                    suites.put(a.suite().codeHex(), si);
                }
                pairs[k++] = si;
                pairs[k++] = a.keyExchange() == null ? -1 : s.of(a.keyExchange().group()
                        + (a.keyExchange().bits() > 0 ? " " + a.keyExchange().bits() : ""));
            }
            g.writeStartArray();
            g.writeNumber(p.version().ordinal());
            g.writeNumber(p.accepted() ? 1 : p.refused() ? 0 : 2);
            g.writeNumber(p.serverPreference() == null ? -1 : p.serverPreference() ? 1 : 0);
            g.writeNumber(list(pairs, lists, listTable));
            g.writeNumber(s.of(p.note()));
            g.writeNumber(s.of(p.run().completed() ? null : p.run().status().label() + ": " + p.run().error()));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("f");
        for (Finding f : r.findings()) {
            g.writeStartArray();
            g.writeNumber(s.of(f.code()));
            g.writeNumber(f.severity().ordinal());
            g.writeNumber(s.of(f.message()));
            g.writeNumber(s.of(f.fix()));
            g.writeNumber(s.of(String.join(" ", f.subjects())));
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("c");
        for (int i = 0; i < r.chains().size(); i++) {
            ChainReport c = r.chains().get(i);
            g.writeStartObject();
            if (i < r.served().chains().size()) {
                g.writeNumberField("k", s.of(r.served().chains().get(i).keyType()));
                g.writeNumberField("v", s.of(r.served().chains().get(i).version().label()));
                g.writeNumberField("o", r.served().chains().get(i).ocspStapled() ? 1 : 0);
            }
            g.writeNumberField("f", (c.trusted() ? 1 : 0) | (c.complete() ? 2 : 0) | (c.aiaFixable() ? 4 : 0)
                    | (c.hostnameValid() ? 8 : 0));
            g.writeNumberField("os", s.of(c.openssl().code() + " (" + c.openssl().text() + ")"));
            g.writeArrayFieldStart("sv");
            for (CertificateInfo ci : c.served()) {
                g.writeNumber(cert(ci, certIndex, certs));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("pa");
            for (CertificateInfo ci : c.path()) {
                g.writeNumber(cert(ci, certIndex, certs));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        if (r.served().incomplete()) {
            g.writeNumberField("cn", s.of("incomplete: " + r.served().error()
                    + (r.served().note() == null ? "" : "; " + r.served().note())));
        } else if (r.served().note() != null) {
            g.writeNumberField("cn", s.of(r.served().note()));
        }
        if (r.policy() != null) {
            g.writeArrayFieldStart("po");
            for (PolicyResult p : r.policy().checks()) {
                g.writeStartArray();
                g.writeNumber(s.of(p.policy()));
                g.writeNumber(p.compliant() ? 1 : 0);
                g.writeNumber(s.of(String.join("\n", p.deviations().stream().map(x -> (x.failing() ? "fail: "
                        : "advisory: ") + x.message()).toList())));
                g.writeEndArray();
            }
            g.writeEndArray();
            if (r.policy().match() != null) {
                g.writeNumberField("pm", s.of(r.policy().match().exact().isEmpty() ? "nearest "
                        + r.policy().match().nearest() + " (distance " + r.policy().match().distance() + ")"
                        : "matches " + String.join(", ", r.policy().match().exact())));
            }
        }
        if (!r.clients().isEmpty()) {
            g.writeArrayFieldStart("cl");
            for (ClientResult c : r.clients()) {
                g.writeStartArray();
                g.writeNumber(s.of(c.name()));
                g.writeNumber(c.connected() ? 1 : 0);
                g.writeNumber(s.of(c.version() == null ? null : c.version().label()));
                g.writeNumber(s.of(c.suite() == null ? null : c.suite().ianaName()));
                g.writeNumber(s.of(c.connected() ? c.keyExchange() : c.reason()));
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        if (r.provenance() != null) {
            g.writeNumberField("pr", s.of(r.provenance().describe() + "; options: " + r.provenance().optionsText()));
        }
        if (d != null) {
            g.writeNumberField("ds", s.of(d.state().label()));
            g.writeNumberField("dw", d.worse() ? 1 : 0);
            g.writeArrayFieldStart("dc");
            for (Change c : d.changes()) {
                g.writeStartArray();
                g.writeNumber(s.of(c.describe()));
                g.writeNumber(s.of(c.worse() ? c.why() : null));
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static int cert(CertificateInfo c, Map<String, Integer> index, List<CertificateInfo> certs) {
        Integer i = index.get(c.sha256());
        if (i == null) {
            i = certs.size();
            certs.add(c);
            index.put(c.sha256(), i);
        }
        return i;
    }

    /** 2: broken (red), 1: weak (no forward secrecy, 64-bit block), 0: fine: as the terminal colours suites. */
    static int suiteRank(CipherSuite s) {
        if (s.has(Flag.NULL_CIPHER) || s.has(Flag.EXPORT) || s.has(Flag.ANONYMOUS) || s.has(Flag.RC4)
                || s.has(Flag.DES)) {
            return 2;
        }
        return s.has(Flag.TRIPLE_DES) || s.has(Flag.BLOCK_64) || !s.has(Flag.FORWARD_SECRECY) ? 1 : 0;
    }

    static Severity worst(EndpointReport r) {
        Severity w = null;
        for (Finding f : r.findings()) {
            w = w == null || f.severity().compareTo(w) > 0 ? f.severity() : w;
        }
        return w;
    }

    static Long daysLeft(EndpointReport r) {
        Long soonest = null;
        for (ChainReport c : r.chains()) {
            for (CertificateInfo i : c.served()) {
                soonest = soonest == null ? i.daysLeft() : Math.min(soonest, i.daysLeft());
            }
        }
        return soonest;
    }

    /** The table's chain column: trusted, AIA only, not trusted, expired or not yet valid, not valid for the name, none. */
    static String chainVerdict(EndpointReport r) {
        if (r.chains().isEmpty()) {
            return r.status().scanned() ? "none analysed" : "";
        }
        String worst = "trusted";
        int rank = 0;
        for (ChainReport c : r.chains()) {
            String v;
            int k;
            boolean expired = c.findingCodes().contains(dev.tlsweep.core.report.FindingCode.CERT_EXPIRED.code());
            boolean early = c.findingCodes().contains(dev.tlsweep.core.report.FindingCode.CERT_NOT_YET_VALID.code());
            if (!c.trusted()) {
                v = "not trusted";
                k = 4;
            } else if (expired || early) {
                // trusted and complete says nothing when the dates fail every client: as the terminal's headline
                v = expired ? "expired" : "not yet valid";
                k = 5;
            } else if (!c.hostnameValid()) {
                v = "wrong name";
                k = 3;
            } else if (!c.complete()) {
                v = c.aiaFixable() ? "incomplete (AIA)" : "incomplete";
                k = 2;
            } else {
                v = "trusted";
                k = 0;
            }
            if (k > rank) {
                rank = k;
                worst = v;
            }
        }
        return worst;
    }

    /** The table's policy column: compliant, not compliant (which), or empty when no policy was checked. */
    static String policyVerdict(EndpointReport r) {
        if (r.policy() == null || r.policy().checks().isEmpty()) {
            return "";
        }
        List<String> failing = r.policy().checks().stream().filter(p -> !p.compliant()).map(PolicyResult::policy)
                .toList();
        return failing.isEmpty() ? "compliant" : "not compliant: " + String.join(", ", failing);
    }

    // ---- plumbing ----

    /** Writes HTML: raw markup, or text escaped for element content and attribute values alike. */
    private static final class Html {
        private final Writer out;

        Html(Writer out) {
            this.out = out;
        }

        Html raw(String s) throws IOException {
            out.write(s);
            return this;
        }

        Html text(String s) throws IOException {
            out.write(escape(s));
            return this;
        }
    }

    /** {@code & < > " '} as character references. */
    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** Passes text through with U+2028 and U+2029 escaped (a JSON string may hold them; a script may not). */
    private static final class LineSeparatorSafe extends Writer {
        private final Writer out;

        LineSeparatorSafe(Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            int start = off;
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                if (c == '\u2028' || c == '\u2029') {
                    out.write(buf, start, i - start);
                    out.write(c == '\u2028' ? "\\u2028" : "\\u2029");
                    start = i + 1;
                }
            }
            out.write(buf, start, off + len - start);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256Base64(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
