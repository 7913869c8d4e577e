package dev.tlsweep.core.render.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ReportSource;
import dev.tlsweep.core.report.Reports;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.Severity;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * CSV, SARIF and JUnit of a small sweep with every kind of endpoint: weak, clean, not scanned, and one whose
 * server-supplied text is hostile (markup, a formula, control characters).
 */
class ExportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "=HYPERLINK(\"http://x\") <script>alert(1)</script> \u0007 \"q\"";

    private static final Provenance MADE = new Provenance("0.1.0-SNAPSHOT", "0123456789abcdef0123456789abcdef01234567",
            false, Map.of("timeout", "5s"), new Provenance.TrustStore("system", 140, "ab"));

    private static List<EndpointReport> sweep() {
        EndpointReport weak = Reports.scanned("weak.example:443", List.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2))
                .withFindings(List.of(
                        new Finding(FindingCode.PROTOCOL_TLS10, Severity.MEDIUM, "TLS 1.0 is accepted", "Disable TLSv1.0",
                                List.of("TLSv1.0")),
                        new Finding(FindingCode.CIPHER_3DES, Severity.MEDIUM, "3DES suites are accepted", "Remove them",
                                List.of("TLS_RSA_WITH_3DES_EDE_CBC_SHA")),
                        new Finding(FindingCode.NO_TLS13, Severity.LOW, "TLS 1.3 is not supported", "Enable TLS 1.3")));
        EndpointReport clean = Reports.scanned("clean.example:443", List.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3));
        EndpointReport hostile = Reports.scanned("hostile.example:443", List.of(ProtocolVersion.TLSv1_3))
                .withFindings(List.of(new Finding(FindingCode.CERT_HOSTNAME_MISMATCH, Severity.HIGH,
                        "The leaf '" + HOSTILE + "' does not cover hostile.example", "Serve another certificate",
                        List.of("ab01"))));
        EndpointReport down = Reports.unscanned("down.example:443", ScanStatus.REFUSED, "connection refused by " + HOSTILE);
        List<EndpointReport> out = new ArrayList<>();
        for (EndpointReport r : List.of(weak, clean, hostile, down)) {
            out.add(r.toBuilder().provenance(MADE).build());
        }
        return out;
    }

    /** The sweep with inventory lines 1 to 4. */
    private static ReportSource withLines() {
        List<EndpointReport> reports = sweep();
        return each -> {
            for (int i = 0; i < reports.size(); i++) {
                each.accept(reports.get(i), OptionalLong.of(i + 1));
            }
        };
    }

    @Test
    void csvHasOneRowPerFindingInTestsslsColumnsAndDefusesFormulas() throws Exception {
        StringWriter w = new StringWriter();
        CsvExport.write(ReportSource.of(sweep()), w);
        List<List<String>> rows = parseCsv(w.toString());
        assertThat(rows.get(0)).containsExactly("id", "fqdn/ip", "port", "severity", "finding", "cve", "cwe", "target",
                "ip", "sni", "subjects", "fix", "references");
        assertThat(rows).hasSize(1 + 3 + 1 + 1); // weak: 3 findings, clean: none, hostile: 1, down: scanProblem
        List<String> tls10 = rows.get(1);
        assertThat(tls10.subList(0, 7)).containsExactly("PROTOCOL_TLS10", "weak.example/192.0.2.1", "443", "MEDIUM",
                "TLS 1.0 is accepted", "", "CWE-327");
        assertThat(tls10.get(10)).isEqualTo("TLSv1.0");
        assertThat(tls10.get(11)).isEqualTo("Disable TLSv1.0");
        assertThat(tls10.get(12)).isEqualTo("CWE-327 RFC 8996");
        assertThat(rows.get(2).get(5)).isEqualTo("CVE-2016-2183");
        assertThat(rows.get(4).get(4)).startsWith("The leaf '=HYPERLINK"); // mid-value: harmless, kept as is
        List<String> down = rows.get(5);
        assertThat(down.subList(0, 4)).containsExactly("scanProblem", "down.example/192.0.2.1", "443", "WARN");
        assertThat(down.get(4)).isEqualTo("refused: connection refused by " + HOSTILE);
        assertThat(CsvExport.quote("=1+1")).isEqualTo("\"'=1+1\"");
        assertThat(CsvExport.quote("-cmd")).isEqualTo("\"'-cmd\"");
        assertThat(CsvExport.quote("@x")).isEqualTo("\"'@x\"");
        assertThat(CsvExport.quote("a \"b\"")).isEqualTo("\"a \"\"b\"\"\"");
    }

    @Test
    void sarifIsValidSarif210WithOneRulePerCodeAndOneResultPerFinding() throws Exception {
        StringWriter w = new StringWriter();
        SarifExport.write(withLines(), "inventories/prod targets.txt", w);
        String sarif = w.toString();
        Schema schema;
        try (InputStream in = getClass().getResourceAsStream("/dev/tlsweep/core/render/sarif-schema-2.1.0.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
        assertThat(schema.validate(sarif, InputFormat.JSON)).as("SARIF 2.1.0 schema errors").isEmpty();
        // the validator does catch a broken log
        assertThat(schema.validate(sarif.replace("\"version\" : \"2.1.0\"", "\"version\" : \"2.0.0\""),
                InputFormat.JSON)).isNotEmpty();

        JsonNode run = JSON.readTree(sarif).get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        List<String> ruleIds = new ArrayList<>();
        rules.forEach(r -> ruleIds.add(r.get("id").asText()));
        assertThat(ruleIds).containsExactly("PROTOCOL_TLS10", "NO_TLS13", "CIPHER_3DES", "CERT_HOSTNAME_MISMATCH");
        assertThat(rules.get(0).get("properties").get("security-severity").asText()).isEqualTo("5.5");
        assertThat(rules.get(0).get("properties").get("tags").toString()).contains("external/cwe/cwe-327");
        assertThat(run.get("tool").get("driver").get("version").asText()).isEqualTo("0.1.0-SNAPSHOT+0123456789ab");
        JsonNode results = run.get("results");
        assertThat(results).hasSize(4);
        for (JsonNode r : results) {
            assertThat(ruleIds.get(r.get("ruleIndex").asInt())).isEqualTo(r.get("ruleId").asText());
        }
        JsonNode first = results.get(0);
        assertThat(first.get("level").asText()).isEqualTo("warning");
        JsonNode location = first.get("locations").get(0);
        assertThat(location.get("physicalLocation").get("artifactLocation").get("uri").asText())
                .isEqualTo("inventories/prod%20targets.txt");
        assertThat(location.get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(1);
        assertThat(location.get("logicalLocations").get(0).get("name").asText()).isEqualTo("weak.example:443");
        assertThat(results.get(3).get("level").asText()).isEqualTo("error");
        assertThat(results.get(3).get("message").get("text").asText()).contains(HOSTILE);
        assertThat(first.get("partialFingerprints").get("tlsweepFinding/v1").asText()).matches("[0-9a-f]{64}");
        JsonNode notes = run.get("invocations").get(0).get("toolExecutionNotifications");
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).get("message").get("text").asText()).startsWith("not scanned to the end: down.example:443: refused");
    }

    @Test
    void junitHasOneCasePerEndpointFailingAtTheChosenSeverity() throws Exception {
        Document medium = junit(Severity.MEDIUM);
        Element suite = (Element) medium.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        NodeList cases = medium.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element weak = (Element) cases.item(0);
        assertThat(weak.getAttribute("name")).isEqualTo("weak.example:443 (no SNI) 192.0.2.1");
        Element failure = (Element) weak.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("2 findings at or above medium: PROTOCOL_TLS10, CIPHER_3DES");
        assertThat(failure.getTextContent()).contains("MEDIUM PROTOCOL_TLS10: TLS 1.0 is accepted\n  fix: Disable TLSv1.0")
                .doesNotContain("NO_TLS13");
        assertThat(((Element) cases.item(1)).getElementsByTagName("failure").getLength()).isZero();
        Element hostile = (Element) ((Element) cases.item(2)).getElementsByTagName("failure").item(0);
        assertThat(hostile.getTextContent()).contains("<script>alert(1)</script>").contains("\uFFFD")
                .doesNotContain("\u0007");
        Element error = (Element) ((Element) cases.item(3)).getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("type")).isEqualTo("refused");
        Element props = (Element) suite.getElementsByTagName("properties").item(0);
        assertThat(props.getTextContent()).isBlank();
        assertThat(props.getElementsByTagName("property").getLength()).isGreaterThanOrEqualTo(4);

        Document high = junit(Severity.HIGH);
        assertThat(((Element) high.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("1");
        Document low = junit(Severity.LOW);
        assertThat(((Element) low.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("2");
    }

    private static Document junit(Severity failOn) throws Exception {
        StringWriter w = new StringWriter();
        JunitExport.write(ReportSource.of(sweep()), failOn, w);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(w.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** RFC 4180: quoted fields, doubled quotes, CRLF rows. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
