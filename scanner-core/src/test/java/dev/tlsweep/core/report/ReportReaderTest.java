package dev.tlsweep.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The JSON form reads back into the same record: what --resume, summarize and the exit code rely on. */
class ReportReaderTest {

    private static EndpointReport full() {
        EndpointReport base = Reports.withDaysLeft(Reports.scanned("a.example:8443", List.of(ProtocolVersion.TLSv1_2,
                ProtocolVersion.TLSv1_3), "PROTOCOL_TLS10"), 40, 400);
        ProtocolReport incomplete = new ProtocolReport(ProtocolVersion.TLSv1_0, new ProbeRun(ProbeStatus.INCOMPLETE,
                "connections ended without an answer", 12, 4), false, null, List.of(), null);
        List<ProtocolReport> protocols = new java.util.ArrayList<>(base.protocols());
        protocols.set(0, incomplete);
        ServedChain served = new ServedChain("RSA", ProtocolVersion.TLSv1_2, 0xC02F, List.of(new byte[] {1, 2, 3}),
                true, null);
        PolicyResult check = new PolicyResult("mozilla-modern-6.0", false, List.of(new Deviation(
                Deviation.Kind.EXTRA_VERSION, true, List.of("TLSv1.2"), "versions accepted: TLSv1.2")),
                List.of("versions not probed: SSLv3"));
        PolicyMatch match = new PolicyMatch(List.of(), "ELBSecurityPolicy-TLS13-1-2-2021-06", 3, check);
        ClientResult client = new ClientResult("java-17", "Java 17", true, ProtocolVersion.TLSv1_3,
                CipherSuites.byCode(0x1301).orElseThrow(), "x25519", null, null, 1);
        return base.toBuilder().protocols(protocols).status(ScanStatus.INCOMPLETE).error("1 of 3 versions")
                .served(new CertificateCapture(List.of(served), "a note")).policy(new PolicyResults(List.of(check), match))
                .clients(List.of(client))
                .provenance(new Provenance("1.2.3", "0123456789abcdef0123456789abcdef01234567", true,
                        java.util.Map.of("timeout", "5s", "protocols", "all"),
                        new Provenance.TrustStore("system (cacerts) + --ca-file roots.pem", 146, "ab".repeat(32))))
                .findings(List.of(new Finding(FindingCode.ENUMERATION_INCOMPLETE, Severity.MEDIUM, "TLSv1.0 unknown",
                        "scan again", List.of("TLSv1.0")))).build();
    }

    @Test
    void everyMemberReadsBackAndWritesTheSameLine() throws Exception {
        EndpointReport r = full();
        String json = ReportJson.toLine(r);
        ReportSchema.check(json);
        ReportReader.Line back = ReportReader.readLine(json);
        assertThat(ReportJson.toLine(back.report())).isEqualTo(json);
        assertThat(back.line()).isEmpty();
        EndpointReport read = back.report();
        assertThat(read.status()).isEqualTo(ScanStatus.INCOMPLETE);
        assertThat(read.protocols().get(0).unknown()).isTrue();
        assertThat(read.protocols().get(0).run().error()).isEqualTo("connections ended without an answer");
        assertThat(read.findings().get(0).subjects()).containsExactly("TLSv1.0");
        assertThat(read.policy().anyNonCompliant()).isTrue();
        assertThat(read.clients()).hasSize(1);
        assertThat(read.provenance()).isEqualTo(r.provenance());
        assertThat(json).contains("\"scanner\":{\"name\":\"tlsweep\",\"version\":\"1.2.3\"");
        assertThat(json).contains("\"accepted\":null").contains("\"status\":\"incomplete\"");
    }

    @Test
    void aSweepLineCarriesItsInventoryLine() throws Exception {
        String line = "{\"schema\":\"tlsweep/1\",\"line\":7," + ReportJson.toLine(full()).substring(
                "{\"schema\":\"tlsweep/1\",".length());
        assertThat(ReportReader.readLine(line).line()).hasValue(7);
    }

    @Test
    void olderReportsWithoutTheNewMembersAreCompleted() throws Exception {
        String old = "{\"schema\":\"tlsweep/1\",\"target\":\"x\",\"host\":\"x\",\"port\":443,\"ip\":\"192.0.2.1\","
                + "\"sni\":\"x\",\"status\":\"ok\",\"error\":null,\"protocols\":[{\"version\":\"TLSv1.2\",\"accepted\":"
                + "false,\"serverPreference\":null,\"suites\":[]}],\"findings\":[{\"code\":\"NO_PROTOCOL_ACCEPTED\","
                + "\"severity\":\"high\",\"message\":\"m\"}],\"startedAt\":\"2026-01-01T00:00:00Z\",\"durationMillis\":5,"
                + "\"hellosSent\":2}";
        EndpointReport r = ReportReader.readLine(old).report();
        assertThat(r.protocols().get(0).refused()).isTrue();
        assertThat(r.protocols().get(0).status()).isEqualTo(ProbeStatus.COMPLETED);
    }

    @Test
    void whatIsNotAReportIsRefusedWithTheMemberNamed() {
        assertThatThrownBy(() -> ReportReader.readLine("not json")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> ReportReader.readLine("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> ReportReader.readLine("{\"schema\":\"other/1\"}")).hasMessageContaining("schema");
        assertThatThrownBy(() -> ReportReader.readLine("{\"schema\":\"tlsweep/1\",\"target\":\"x\",\"host\":\"x\","
                + "\"port\":443,\"status\":\"sideways\"}")).hasMessageContaining("status: 'sideways'");
        assertThatThrownBy(() -> ReportReader.readLine("{\"schema\":\"tlsweep/1\",\"target\":\"x\",\"host\":\"x\","
                + "\"port\":443,\"status\":\"ok\",\"protocols\":[{\"version\":\"TLSv1.2\",\"suites\":[{\"code\":"
                + "\"0xZZZZ\"}]}]}")).hasMessageContaining("suites[].code");
        assertThatThrownBy(() -> ReportReader.readLine("{\"schema\":\"tlsweep/1\",\"target\":\"x\",\"host\":\"x\","
                + "\"port\":443,\"status\":\"ok\",\"startedAt\":\"\\u001b[31myesterday\"}"))
                .hasMessageContaining("startedAt").hasMessageNotContaining("\u001b");
        assertThatThrownBy(() -> ReportReader.readLine("{\"schema\":\"tlsweep/1\",\"target\":\"x\",\"host\":\"x\","
                + "\"port\":443,\"status\":\"incomplete\",\"servedStatus\":\"incomplete\"}"))
                .hasMessageContaining("servedError");
        assertThatThrownBy(() -> ReportReader.readLine("{\"schema\":\"tlsweep/1\",\"target\":\"x\",\"host\":\"x\","
                + "\"port\":443,\"status\":\"ok\",\"servedStatus\":\"half\"}"))
                .hasMessageContaining("servedStatus: 'half'");
    }

    @Test
    void anIncompleteCaptureReadsBackWithItsReason() throws Exception {
        EndpointReport full = full();
        EndpointReport r = full.toBuilder().status(ScanStatus.INCOMPLETE).error("why")
                .served(CertificateCapture.incomplete(full.served().chains(), null,
                        "no ECDSA certificate chain could be read")).build();
        String json = ReportJson.toLine(r);
        assertThat(json).contains("\"servedStatus\":\"incomplete\",\"servedError\":\"no ECDSA certificate chain");
        CertificateCapture back = ReportReader.readLine(json).report().served();
        assertThat(back.status()).isEqualTo(ProbeStatus.INCOMPLETE);
        assertThat(back.error()).isEqualTo("no ECDSA certificate chain could be read");
        assertThat(ReportJson.toLine(ReportReader.readLine(json).report())).isEqualTo(json);
    }

    @Property(tries = 300)
    void anyTextIsAReportOrAFormatErrorNothingElse(@ForAll("mangled") String text) {
        try {
            ReportReader.readLine(text);
        } catch (ReportReader.ReportFormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> mangled() {
        String json = ReportJson.toLine(full());
        Arbitrary<String> cut = Arbitraries.integers().between(0, json.length()).map(n -> json.substring(0, n));
        Arbitrary<String> flipped = Arbitraries.integers().between(0, json.length() - 1).flatMap(i ->
                Arbitraries.chars().map(c -> json.substring(0, i) + c + json.substring(i + 1)));
        return Arbitraries.oneOf(cut, flipped, Arbitraries.strings().ofMaxLength(200));
    }
}
