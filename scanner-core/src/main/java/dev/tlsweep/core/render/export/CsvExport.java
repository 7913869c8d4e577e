package dev.tlsweep.core.render.export;

import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.ReportSource;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One CSV row per finding, close to testssl.sh's {@code --csvfile} so that importers of it (DefectDojo's "Testssl
 * Scan") take it: its columns {@code id} (the finding code), {@code fqdn/ip} ({@code host/ip}), {@code port},
 * {@code severity} (INFO, LOW, MEDIUM, HIGH, CRITICAL), {@code finding} (the message), {@code cve} (space
 * separated) and {@code cwe} (the first CWE), then tlsweep's own: {@code target}, {@code ip}, {@code sni},
 * {@code subjects} (space separated), {@code fix}, {@code references} (every CWE, CVE and RFC). An endpoint that
 * could not be scanned gets one row with id {@code scanProblem} and severity {@code WARN}, as testssl.sh writes
 * it. RFC 4180 quoting; a value starting with {@code = + - @} or a control character gets a leading {@code '}
 * so that a spreadsheet does not run it as a formula (server-supplied text is hostile).
 */
public final class CsvExport {

    /** The header row. */
    public static final List<String> COLUMNS = List.of("id", "fqdn/ip", "port", "severity", "finding", "cve", "cwe",
            "target", "ip", "sni", "subjects", "fix", "references");

    private CsvExport() {
    }

    /** Writes the header and every row of {@code reports}. */
    public static void write(ReportSource reports, Writer out) throws IOException {
        row(COLUMNS, out);
        reports.forEach((r, line) -> rows(r, out));
    }

    /** The rows of one report. */
    public static void rows(EndpointReport r, Writer out) throws IOException {
        String where = r.host() + "/" + (r.ip() == null ? "" : r.ip());
        if (!r.status().scanned() && r.findings().isEmpty()) {
            row(List.of("scanProblem", where, String.valueOf(r.port()), "WARN",
                    r.status().label() + (r.error() == null ? "" : ": " + r.error()), "", "", r.target(),
                    nz(r.ip()), nz(r.sni()), "", "", ""), out);
            return;
        }
        for (Finding f : r.findings()) {
            List<String> refs = f.catalogued().map(FindingCode::references).orElse(List.of());
            List<String> cves = new ArrayList<>();
            String cwe = "";
            for (String ref : refs) {
                if (ref.startsWith("CVE-")) {
                    cves.add(ref);
                } else if (ref.startsWith("CWE-") && cwe.isEmpty()) {
                    cwe = ref;
                }
            }
            row(List.of(f.code(), where, String.valueOf(r.port()), f.severity().name().toUpperCase(Locale.ROOT),
                    f.message(), String.join(" ", cves), cwe, r.target(), nz(r.ip()), nz(r.sni()),
                    String.join(" ", f.subjects()), nz(f.fix()), String.join(" ", refs)), out);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static void row(List<String> values, Writer out) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quote(values.get(i)));
        }
        out.write(b.append("\r\n").toString());
    }

    /** The value quoted (always, as testssl.sh does), with formula-starting values defused. */
    static String quote(String v) {
        String s = v;
        if (!s.isEmpty()) {
            char c = s.charAt(0);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n') {
                s = "'" + s;
            }
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
