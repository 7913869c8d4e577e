package dev.tlsweep.core.render.export;

import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ReportSource;
import dev.tlsweep.core.report.Severity;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A JUnit XML report of a sweep for CI systems (Jenkins, GitLab, GitHub Actions reporters): one test suite, one
 * test case per endpoint. A case fails ({@code <failure>}) when the endpoint has a finding at or above the chosen
 * severity, listing those findings with their fixes; it is an error ({@code <error>}) when the endpoint could not
 * be scanned to the end (any status but {@code ok}); otherwise it passes. Two passes over the reports: the counts
 * of the suite's attributes first, then the cases. Text from servers is escaped, and characters XML cannot carry
 * are replaced.
 */
public final class JunitExport {

    private JunitExport() {
    }

    /** Whether a report fails at {@code failOn}: a finding at or above it. */
    public static boolean fails(EndpointReport r, Severity failOn) {
        return r.findings().stream().anyMatch(f -> f.severity().compareTo(failOn) >= 0);
    }

    /** Writes the report; {@code failOn} is the severity from which a finding fails its endpoint's case. */
    public static void write(ReportSource reports, Severity failOn, Writer out) throws IOException {
        Objects.requireNonNull(failOn, "failOn");
        long[] n = new long[3]; // tests, failures, errors
        long[] millis = {0};
        Instant[] first = {null};
        Provenance[] made = {null};
        reports.forEach((r, line) -> {
            n[0]++;
            if (!r.status().scanned()) {
                n[2]++;
            } else if (fails(r, failOn)) {
                n[1]++;
            }
            millis[0] += r.durationMillis();
            if (first[0] == null || r.startedAt().isBefore(first[0])) {
                first[0] = r.startedAt();
            }
            if (made[0] == null) {
                made[0] = r.provenance();
            }
        });
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "tlsweep");
            counts(x, n, millis[0]);
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "tlsweep: findings at or above " + failOn.label());
            counts(x, n, millis[0]);
            x.writeAttribute("skipped", "0");
            if (first[0] != null) {
                x.writeAttribute("timestamp", first[0].toString().replaceAll("\\.\\d+Z$", "Z").replace("Z", ""));
            }
            x.writeCharacters("\n    ");
            x.writeStartElement("properties");
            property(x, "fail-on", failOn.label());
            if (made[0] != null) {
                property(x, "tlsweep.version", made[0].version());
                property(x, "tlsweep.commit", made[0].commit());
                for (Map.Entry<String, String> e : made[0].options().entrySet()) {
                    property(x, "option." + e.getKey(), e.getValue());
                }
                if (made[0].trustStore() != null) {
                    property(x, "trust-store", made[0].trustStore().source() + ", " + made[0].trustStore().anchors()
                            + " anchors");
                }
            }
            x.writeCharacters("\n    ");
            x.writeEndElement();
            reports.forEach((r, line) -> testCase(x, r, failOn));
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("writing JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void counts(XMLStreamWriter x, long[] n, long millis) throws XMLStreamException {
        x.writeAttribute("tests", String.valueOf(n[0]));
        x.writeAttribute("failures", String.valueOf(n[1]));
        x.writeAttribute("errors", String.valueOf(n[2]));
        x.writeAttribute("time", seconds(millis));
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", clean(name));
        x.writeAttribute("value", clean(value));
    }

    private static void testCase(XMLStreamWriter x, EndpointReport r, Severity failOn) throws IOException {
        try {
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", "tlsweep.endpoint");
            x.writeAttribute("name", clean(r.target() + (r.sni() == null ? " (no SNI)" : r.target().contains(r.sni())
                    ? "" : " (SNI " + r.sni() + ")") + (r.ip() == null ? "" : " " + r.ip())));
            x.writeAttribute("time", seconds(r.durationMillis()));
            if (!r.status().scanned()) {
                x.writeCharacters("\n      ");
                x.writeStartElement("error");
                x.writeAttribute("type", r.status().label());
                x.writeAttribute("message", clean(r.status().label() + (r.error() == null ? "" : ": " + r.error())));
                x.writeCharacters(clean(findingsText(r.findings())));
                x.writeEndElement();
                x.writeCharacters("\n    ");
            } else if (fails(r, failOn)) {
                List<Finding> failing = r.findings().stream().filter(f -> f.severity().compareTo(failOn) >= 0).toList();
                x.writeCharacters("\n      ");
                x.writeStartElement("failure");
                x.writeAttribute("type", failing.get(0).code());
                x.writeAttribute("message", clean(failing.size() + " finding" + (failing.size() == 1 ? "" : "s")
                        + " at or above " + failOn.label() + ": " + String.join(", ",
                                failing.stream().map(Finding::code).distinct().toList())));
                x.writeCharacters(clean(findingsText(failing)));
                x.writeEndElement();
                x.writeCharacters("\n    ");
            }
            x.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException("writing JUnit XML: " + e.getMessage(), e);
        }
    }

    private static String findingsText(List<Finding> findings) {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append(f.severity().label().toUpperCase(Locale.ROOT)).append(' ').append(f.code()).append(": ")
                    .append(f.message()).append('\n');
            if (f.fix() != null) {
                b.append("  fix: ").append(f.fix()).append('\n');
            }
        }
        return b.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** The text with every character XML 1.0 cannot carry replaced by U+FFFD. */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))
                    || (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (!ok && b == null) {
                b = new StringBuilder(s.substring(0, i));
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }
}
