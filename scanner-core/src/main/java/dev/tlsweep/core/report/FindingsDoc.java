package dev.tlsweep.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * docs/FINDINGS.md, rendered from the {@link FindingCode} catalogue: a title and introduction, one section per
 * {@link FindingCode.Section} with its table, then the deployment reasons of {@code tlsweep chain --target}
 * (not findings; kept as written in the resource {@value #DEPLOYMENT_RESOURCE}). Pure and deterministic.
 */
public final class FindingsDoc {

    /** The hand-written deployment section, next to this class. */
    static final String DEPLOYMENT_RESOURCE = "findings-deployment.md";

    /** The command that rewrites docs/FINDINGS.md from the catalogue. */
    public static final String REGENERATE_COMMAND = "mvn -B -o -q -pl scanner-lab,scanner-core"
            + " -Dtest=FindingCodeTest -Dsurefire.failIfNoSpecifiedTests=false -Dtlsweep.regenerate-docs=true test";

    private FindingsDoc() {
    }

    /** The whole of docs/FINDINGS.md, ending with one newline. */
    public static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- generated from FindingCode (dev.tlsweep.core.report) by FindingsDoc; do not edit by hand.\n")
                .append("     Change the catalogue, then regenerate: ").append(REGENERATE_COMMAND).append(" -->\n");
        sb.append("# Findings\n\n");
        sb.append("Every problem tlsweep reports is a finding with a stable code, a severity, a message saying what"
                + " was seen, and usually the fix. Codes never change meaning within a schema version.\n\n");
        sb.append("*Severity* is the severity a finding of the code gets, and when it gets another. *Fix* is the"
                + " general fix; a finding's own fix names the versions, suites, certificates or files concerned."
                + " *References* are the CWE weaknesses, CVEs and RFCs that apply. The deployment reasons of"
                + " `tlsweep chain --target`, which are not findings, come last.\n");
        for (FindingCode.Section section : FindingCode.Section.values()) {
            sb.append('\n');
            section(sb, section);
        }
        sb.append('\n').append(deployment());
        return sb.toString();
    }

    private static void section(StringBuilder sb, FindingCode.Section section) {
        List<FindingCode> codes = section.codes();
        sb.append("## ").append(section.heading()).append("\n\n");
        sb.append(section.intro()).append("\n\n");
        boolean words = codes.stream().anyMatch(c -> c.clientWords() != null);
        boolean affected = codes.stream().anyMatch(c -> c.affected() != null);
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("Code", c -> "`" + c.code() + "`"));
        columns.add(new Column("Severity", FindingsDoc::severity));
        columns.add(new Column("When", FindingCode::title));
        if (words) {
            columns.add(new Column("Clients print", FindingCode::clientWords));
        }
        if (affected) {
            columns.add(new Column("Affected", FindingCode::affected));
        }
        columns.add(new Column("Fix", FindingCode::fix));
        columns.add(new Column("References", c -> c.references().stream().map(FindingsDoc::link)
                .collect(Collectors.joining(", "))));
        sb.append(columns.stream().map(Column::name).collect(Collectors.joining(" | ", "| ", " |\n")));
        sb.append(columns.stream().map(c -> "---").collect(Collectors.joining("|", "|", "|\n")));
        for (FindingCode code : codes) {
            sb.append(columns.stream().map(c -> cell(c.value().apply(code)))
                    .collect(Collectors.joining(" | ", "| ", " |\n")));
        }
    }

    private static String severity(FindingCode code) {
        return code.severity().label() + (code.severityNote() == null ? "" : " (" + code.severityNote() + ")");
    }

    private static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return "—";
        }
        return text.replace("|", "\\|");
    }

    /** A reference as a Markdown link to its registry: MITRE's CWE list, cve.org, the RFC Editor. */
    static String link(String reference) {
        String url;
        if (reference.startsWith("CWE-")) {
            url = "https://cwe.mitre.org/data/definitions/" + reference.substring(4) + ".html";
        } else if (reference.startsWith("CVE-")) {
            url = "https://www.cve.org/CVERecord?id=" + reference;
        } else if (reference.startsWith("RFC ")) {
            url = "https://www.rfc-editor.org/rfc/rfc" + reference.substring(4);
        } else {
            throw new IllegalArgumentException("reference: " + reference + " (expected: CWE-n, CVE-yyyy-n or RFC n)");
        }
        return "[" + reference + "](" + url + ")";
    }

    /** The hand-written deployment section, as stored. */
    static String deployment() {
        try (InputStream in = FindingsDoc.class.getResourceAsStream(DEPLOYMENT_RESOURCE)) {
            Objects.requireNonNull(in, DEPLOYMENT_RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(DEPLOYMENT_RESOURCE, e);
        }
    }

    private record Column(String name, Function<FindingCode, String> value) {
    }
}
