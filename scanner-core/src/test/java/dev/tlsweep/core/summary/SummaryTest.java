package dev.tlsweep.core.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.Reports;
import dev.tlsweep.core.report.ScanStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting reports, merging summaries, reading them back. */
class SummaryTest {

    @Test
    void countsStatusesReasonsProtocolsFindingsAndCertificates() {
        Summary s = new Summary();
        s.add(Reports.withDaysLeft(Reports.scanned("a", List.of(ProtocolVersion.TLSv1_2), "CIPHER_3DES", "NO_TLS13",
                "CHAIN_INCOMPLETE", "CIPHER_3DES"), 200, 12));
        s.add(Reports.unscanned("10.0.0.2:443", ScanStatus.REFUSED, "connection refused by 10.0.0.2:443"));
        s.add(Reports.unscanned("10.0.0.3:8443", ScanStatus.REFUSED, "connection refused by 10.0.0.3:8443"));
        assertThat(s.endpoints()).isEqualTo(3);
        assertThat(s.hellosSent()).isEqualTo(22);
        assertThat(s.byStatus()).containsEntry("ok", 1L).containsEntry("refused", 2L);
        assertThat(s.errors()).containsExactly(java.util.Map.entry("refused: connection refused by *", 2L));
        assertThat(s.protocols()).containsExactly(java.util.Map.entry("TLSv1.2", 1L));
        assertThat(s.weakSuites()).containsExactly(java.util.Map.entry("CIPHER_3DES", 1L));
        assertThat(s.findings()).containsEntry("CIPHER_3DES", 1L).containsKeys("NO_TLS13", "CHAIN_INCOMPLETE");
        assertThat(s.certificatesByDaysLeft()).containsExactly(java.util.Map.entry("8-30", 1L));
        assertThat(Summary.fromJson(json(s.toJson()))).isEqualTo(s);
        dev.tlsweep.core.report.ReportSchema.checkSummary(s.toJson());
        assertThat(s.toText()).contains("3 endpoints").contains("refused 2");
    }

    @Test
    void printsBucketsInTheirOwnOrderAndSaysWhatMadeTheReports() {
        Provenance made = new Provenance("1.2.3", "0123456789abcdef", false, java.util.Map.of("timeout", "5s"),
                new Provenance.TrustStore("system", 140, "00"));
        Summary s = new Summary();
        for (long days : new long[] {400, -3, 100, 5, 45, 20}) {
            s.add(Reports.withDaysLeft(Reports.scanned("e" + days, List.of(ProtocolVersion.TLSv1_0,
                    ProtocolVersion.TLSv1_3)), days).toBuilder().provenance(made).build());
        }
        s.add(Reports.unscanned("x", ScanStatus.TIMEOUT, "t"));
        s.add(Reports.unscanned("y", ScanStatus.REFUSED, "r"));
        String text = s.toText();
        assertThat(text).contains("certificates by days left:  expired 1  0-7 1  8-30 1  31-90 1  91-365 1  >365 1")
                .contains("status:  ok 6  refused 1  timeout 1")
                .contains("protocols accepted:  TLSv1.0 6  TLSv1.3 6")
                .contains("made by: tlsweep 1.2.3 (commit 0123456789ab); options: timeout=5s; trust store: system, 140 anchors");
        String json = s.toJson();
        dev.tlsweep.core.report.ReportSchema.checkSummary(json);
        assertThat(json.indexOf("\"expired\"")).isLessThan(json.indexOf("\"0-7\""));
        assertThat(json.indexOf("\"91-365\"")).isLessThan(json.indexOf("\">365\""));
        Summary back = Summary.fromJson(json(json));
        assertThat(back).isEqualTo(s);
        assertThat(back.scanners()).containsExactly(made);
    }

    @Test
    void countsIncompleteVersionsApartFromAcceptedOnes() {
        EndpointReport r = Reports.scanned("a", List.of(ProtocolVersion.TLSv1_2));
        List<ProtocolReport> protocols = new java.util.ArrayList<>(r.protocols());
        protocols.set(0, new ProtocolReport(ProtocolVersion.TLSv1_0, new ProbeRun(ProbeStatus.INCOMPLETE,
                "TLSv1.0: reset", 5, 3), false, null, List.of(), null));
        Summary s = new Summary();
        s.add(r.toBuilder().protocols(protocols).status(ScanStatus.INCOMPLETE).error("1 of 3 versions").build());
        assertThat(s.protocols()).containsExactly(java.util.Map.entry("TLSv1.2", 1L));
        assertThat(s.protocolsIncomplete()).containsExactly(java.util.Map.entry("TLSv1.0", 1L));
        assertThat(s.byStatus()).containsExactly(java.util.Map.entry("incomplete", 1L));
        assertThat(s.toText()).contains("protocols incomplete:  TLSv1.0 1");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 100)
    void mergingIsAssociativeAndCommutativeAndEqualsCountingTogether(@ForAll("summaries") List<List<EndpointReport>> parts) {
        List<EndpointReport> a = parts.get(0);
        List<EndpointReport> b = parts.get(1);
        List<EndpointReport> c = parts.get(2);
        Summary left = of(a);
        Summary ab = of(a);
        ab.merge(of(b));
        left = ab;
        left.merge(of(c));
        Summary bc = of(b);
        bc.merge(of(c));
        Summary right = of(a);
        right.merge(bc);
        assertThat(left).isEqualTo(right);
        Summary together = new Summary();
        for (List<EndpointReport> p : List.of(c, a, b)) {
            p.forEach(together::add);
        }
        assertThat(together).isEqualTo(right);
        assertThat(Summary.fromJson(json(right.toJson()))).isEqualTo(right);
    }

    @Test
    void summarizeReadsReportLinesAndSummariesAlike(@TempDir Path dir) throws IOException {
        Path lines = dir.resolve("a.jsonl");
        Files.writeString(lines, ReportJson.toLine(Reports.scanned("x", List.of(ProtocolVersion.TLSv1_2))) + "\n"
                + ReportJson.toLine(Reports.unscanned("y", ScanStatus.TIMEOUT, "no answer")) + "\n"
                + "{\"schema\":\"tlsweep/1\",\"line\":3,\"tar");
        Summary fromLines = SummaryFiles.read(lines);
        assertThat(fromLines.endpoints()).isEqualTo(2);
        Path summary = dir.resolve("s.json");
        Files.writeString(summary, fromLines.toJson());
        assertThat(SummaryFiles.read(summary)).isEqualTo(fromLines);
    }

    private static Summary of(List<EndpointReport> reports) {
        Summary s = new Summary();
        reports.forEach(s::add);
        return s;
    }

    @Provide
    Arbitrary<List<List<EndpointReport>>> summaries() {
        Arbitrary<EndpointReport> report = Combinators.combine(
                Arbitraries.of(ScanStatus.OK, ScanStatus.REFUSED, ScanStatus.TIMEOUT, ScanStatus.DNS_ERROR),
                Arbitraries.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3),
                Arbitraries.of("CIPHER_RC4", "NO_TLS13", "CHAIN_EXPIRED", "PROTOCOL_TLS10"),
                Arbitraries.integers().between(-10, 800)).as((st, v, code, days) -> {
                    if (st != ScanStatus.OK) {
                        return Reports.unscanned("t", st, "failed " + days);
                    }
                    EndpointReport r = Reports.scanned("t", List.of(v), code);
                    return days % 3 == 0 ? r : Reports.withDaysLeft(r, days);
                });
        return report.list().ofMaxSize(8).list().ofSize(3);
    }
}
