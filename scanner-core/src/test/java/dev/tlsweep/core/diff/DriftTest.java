package dev.tlsweep.core.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.core.diff.Change.Aspect;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateCapture;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.Reports;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.report.Severity;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drift between two sets of reports: matching, each aspect, and what counts as worse. */
class DriftTest {

    private static final List<ProtocolVersion> MODERN = List.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3);

    private static EndpointReport modern(String target) {
        return Reports.scanned(target, MODERN);
    }

    private static List<Change> changes(Drift d) {
        return d.differences().stream().flatMap(e -> e.changes().stream()).toList();
    }

    private static EndpointReport quic(String target, boolean v2, boolean h3) {
        dev.tlsweep.core.report.QuicReport q = new dev.tlsweep.core.report.QuicReport(
                dev.tlsweep.core.report.ProbeRun.completed(10, 6),
                List.of(new dev.tlsweep.core.report.QuicReport.VersionSupport("v1", true, null),
                        new dev.tlsweep.core.report.QuicReport.VersionSupport("v2", v2, v2 ? null : "negotiated away")),
                List.of(), false, h3 ? List.of("h3") : List.of(), h3 ? List.of() : List.of("h3"), java.util.Map.of(),
                List.of());
        return Reports.scanned(target, List.of(ProtocolVersion.TLSv1_3)).toBuilder()
                .transport(dev.tlsweep.core.reach.Transport.QUIC).quic(q).build();
    }

    @Test
    void quicVersionsAndHttp3AreComparedLikeVersions() {
        EndpointReport tcp = modern("a.example");
        Drift d = Drift.between(List.of(tcp, quic("a.example", false, true)), List.of(tcp, quic("a.example", true,
                false)));
        assertThat(d.differences()).singleElement().satisfies(e ->
                assertThat(e.key().transport()).contains("quic"));
        assertThat(changes(d)).extracting(Change::subject).containsExactly("QUIC v2", "QUIC ALPN h3");
        assertThat(d.worse()).isTrue(); // HTTP/3 gone
    }

    @Test
    void theSameSweepTwiceIsNoChange() {
        List<EndpointReport> sweep = List.of(modern("a.example"), modern("b.example"),
                Reports.unscanned("c.example", ScanStatus.REFUSED, "refused"));
        Drift d = Drift.between(sweep, sweep);
        assertThat(d.noChange()).isTrue();
        assertThat(d.worse()).isFalse();
        assertThat(d.counts()).containsEntry(EndpointDrift.State.UNCHANGED, 3L);
    }

    @Test
    void aDeprecatedVersionSwitchedOnIsWorseAndNamed() {
        EndpointReport before = modern("a.example");
        EndpointReport after = Reports.scanned("a.example", List.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2,
                ProtocolVersion.TLSv1_3));
        after = after.withFindings(List.of(new Finding("PROTOCOL_TLS10", Severity.MEDIUM, "TLS 1.0 is accepted", "off",
                List.of("TLSv1.0"))));
        Drift d = Drift.between(List.of(before, modern("b.example")), List.of(after, modern("b.example")));
        assertThat(d.worse()).isTrue();
        assertThat(d.differences()).singleElement().satisfies(e -> {
            assertThat(e.key().target()).isEqualTo("a.example");
            assertThat(e.state()).isEqualTo(EndpointDrift.State.CHANGED);
        });
        assertThat(changes(d)).anySatisfy(c -> {
            assertThat(c.aspect()).isEqualTo(Aspect.VERSION);
            assertThat(c.subject()).isEqualTo("TLSv1.0");
            assertThat(c.worse()).isTrue();
        }).anySatisfy(c -> {
            assertThat(c.aspect()).isEqualTo(Aspect.FINDING);
            assertThat(c.subject()).isEqualTo("PROTOCOL_TLS10");
            assertThat(c.why()).isEqualTo("a new finding of severity medium");
        });
        // TLS 1.0's suite here is ECDHE (forward secret): not a weak suite of its own
        assertThat(changes(d)).noneMatch(c -> c.aspect() == Aspect.SUITE);
        // switching it off again is a change, not worse
        Drift back = Drift.between(List.of(after), List.of(before));
        assertThat(back.worse()).isFalse();
        assertThat(changes(back)).anyMatch(c -> c.kind() == Change.Kind.DISAPPEARED && c.subject().equals("TLSv1.0"))
                .anyMatch(c -> c.kind() == Change.Kind.DISAPPEARED && c.subject().equals("PROTOCOL_TLS10")
                        && c.before().startsWith("resolved: "));
    }

    @Test
    void aWeakSuiteIsWorseAStrongOneIsNot() {
        EndpointReport before = modern("a.example");
        EndpointReport strong = withSuites(before, ProtocolVersion.TLSv1_2, 0xC02F, 0xC030);
        EndpointReport weak = withSuites(before, ProtocolVersion.TLSv1_2, 0xC02F, 0x000A);
        assertThat(Drift.between(List.of(before), List.of(strong)).worse()).isFalse();
        Drift d = Drift.between(List.of(before), List.of(weak));
        assertThat(d.worse()).isTrue();
        assertThat(changes(d)).singleElement().satisfies(c -> {
            assertThat(c.subject()).isEqualTo("TLSv1.2 TLS_RSA_WITH_3DES_EDE_CBC_SHA");
            assertThat(c.why()).isEqualTo("a weak suite accepted: a 64-bit block cipher");
        });
    }

    @Test
    void anIncompleteVersionIsNeverNoLongerAccepted() {
        EndpointReport before = modern("a.example");
        List<ProtocolReport> ps = new ArrayList<>(before.protocols());
        ProtocolReport tls12 = ps.stream().filter(p -> p.version() == ProtocolVersion.TLSv1_2).findFirst().orElseThrow();
        ps.set(ps.indexOf(tls12), new ProtocolReport(ProtocolVersion.TLSv1_2, new ProbeRun(ProbeStatus.INCOMPLETE,
                "reset", 1, 1), false, null, List.of(), null));
        EndpointReport after = before.toBuilder().status(ScanStatus.INCOMPLETE).protocols(ps).build();
        Drift d = Drift.between(List.of(before), List.of(after));
        assertThat(changes(d)).noneMatch(c -> c.kind() == Change.Kind.DISAPPEARED)
                .anyMatch(c -> c.subject().equals("TLSv1.2") && c.after().equals("unknown (incomplete)"));
        assertThat(d.worse()).isFalse();
    }

    @Test
    void aRotatedCertificateShowsOldAndNewSerialAndExpiry() {
        EndpointReport before = withChain(modern("a.example"), cert("CN=a.example", "0a1b", 60, "11"), true, true);
        EndpointReport after = withChain(modern("a.example"), cert("CN=a.example", "0c2d", 150, "22"), true, true);
        Drift d = Drift.between(List.of(before), List.of(after));
        assertThat(d.worse()).isFalse();
        assertThat(changes(d)).singleElement().satisfies(c -> {
            assertThat(c.aspect()).isEqualTo(Aspect.CERTIFICATE);
            assertThat(c.subject()).isEqualTo("RSA");
            assertThat(c.before()).isEqualTo("'a.example' serial 0a1b, expires 2026-03-02");
            assertThat(c.after()).isEqualTo("'a.example' serial 0c2d, expires 2026-05-31");
        });
    }

    @Test
    void aChainThatStoppedBeingTrustedOrValidForTheNameIsWorse() {
        CertificateInfo leaf = cert("CN=a.example", "0a", 60, "11");
        EndpointReport before = withChain(modern("a.example"), leaf, true, true);
        assertThat(Drift.between(List.of(before), List.of(withChain(modern("a.example"), leaf, false, true))).worse())
                .isTrue();
        Drift name = Drift.between(List.of(before), List.of(withChain(modern("a.example"), leaf, true, false)));
        assertThat(changes(name)).singleElement().satisfies(c -> assertThat(c.why())
                .isEqualTo("the certificate became invalid: no longer valid for the name"));
        // and the other way round is better, not worse
        assertThat(Drift.between(List.of(withChain(modern("a.example"), leaf, false, false)), List.of(before)).worse())
                .isFalse();
    }

    @Test
    void findingsAreMatchedByCodeAndSubjectsNotByTheirChangingWords() {
        EndpointReport before = modern("a.example").withFindings(List.of(new Finding("CERT_EXPIRES_SOON",
                Severity.MEDIUM, "expires in 20 days", "renew", List.of("ab"))));
        EndpointReport sameDaysLater = modern("a.example").withFindings(List.of(new Finding("CERT_EXPIRES_SOON",
                Severity.MEDIUM, "expires in 13 days", "renew", List.of("ab"))));
        EndpointReport raised = modern("a.example").withFindings(List.of(new Finding("CERT_EXPIRES_SOON",
                Severity.HIGH, "expires in 5 days", "renew", List.of("ab"))));
        assertThat(Drift.between(List.of(before), List.of(sameDaysLater)).noChange()).isTrue();
        Drift d = Drift.between(List.of(before), List.of(raised));
        assertThat(changes(d)).singleElement().satisfies(c -> {
            assertThat(c.before()).isEqualTo("medium");
            assertThat(c.after()).isEqualTo("high");
            assertThat(c.worse()).isTrue();
        });
        EndpointReport low = modern("a.example").withFindings(List.of(new Finding("NO_TLS13", Severity.LOW, "no", null)));
        assertThat(Drift.between(List.of(modern("a.example")), List.of(low)).worse()).as("a new low finding").isFalse();
    }

    @Test
    void inventoriesOfDifferentSizesAndUnreachableEndpoints() {
        EndpointReport gone = modern("gone.example");
        EndpointReport down = modern("down.example");
        EndpointReport fresh = Reports.scanned("new.example", List.of(ProtocolVersion.TLSv1_2), "PROTOCOL_TLS11");
        Drift d = Drift.between(List.of(gone, down, modern("same.example")), List.of(modern("same.example"),
                Reports.unscanned("down.example", ScanStatus.TIMEOUT, "no answer"), fresh));
        Map<EndpointDrift.State, Long> n = d.counts();
        assertThat(n).containsEntry(EndpointDrift.State.UNCHANGED, 1L).containsEntry(EndpointDrift.State.CHANGED, 1L)
                .containsEntry(EndpointDrift.State.APPEARED, 1L).containsEntry(EndpointDrift.State.DISAPPEARED, 1L);
        EndpointDrift unreachable = d.differences().stream().filter(e -> e.key().target().equals("down.example"))
                .findFirst().orElseThrow();
        assertThat(unreachable.changes()).singleElement().satisfies(c -> {
            assertThat(c.aspect()).isEqualTo(Aspect.STATUS);
            assertThat(c.after()).isEqualTo("timeout (no answer)");
        });
        assertThat(unreachable.worse()).isFalse();
        // the new endpoint's medium finding is new: worse
        assertThat(d.worse()).isTrue();
        assertThat(d.worseCount()).isEqualTo(1);
    }

    /**
     * A target reached through STARTTLS in one sweep and from the first byte in the other (the same text, with and
     * without {@code --starttls}) is two endpoints, never compared; through the same upgrade, the same one.
     */
    @Test
    void theWayTlsIsReachedIsPartOfTheEndpoint() {
        EndpointReport plain = modern("mx.example:25");
        EndpointReport smtp = plain.toBuilder().starttls(dev.tlsweep.core.reach.Starttls.SMTP).build();
        assertThat(EndpointKey.of(smtp).transport()).isEqualTo("tcp+smtp");
        assertThat(EndpointKey.of(plain).transport()).isEqualTo("tcp");
        Drift d = Drift.between(List.of(plain), List.of(smtp));
        assertThat(d.counts()).containsEntry(EndpointDrift.State.APPEARED, 1L)
                .containsEntry(EndpointDrift.State.DISAPPEARED, 1L);
        assertThat(Drift.between(List.of(smtp), List.of(smtp)).noChange()).isTrue();
    }

    @Test
    void severalAddressesOfOneTargetArePairedByAddress() {
        EndpointReport a1 = modern("multi.example").toBuilder().ip("192.0.2.1").build();
        EndpointReport a2 = modern("multi.example").toBuilder().ip("192.0.2.2").build();
        EndpointReport a2weak = Reports.scanned("multi.example", List.of(ProtocolVersion.TLSv1_0,
                ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3)).toBuilder().ip("192.0.2.2").build();
        Drift d = Drift.between(List.of(a1, a2), List.of(a2weak, a1));
        assertThat(d.differences()).singleElement().satisfies(e -> assertThat(e.ip()).isEqualTo("192.0.2.2"));
    }

    @Test
    void differentOptionsOrTrustStoresAreNoted() {
        Provenance p1 = new Provenance("1", "c", false, Map.of("timeout", "5s"), new Provenance.TrustStore("system", 140,
                "aa"));
        Provenance p2 = new Provenance("1", "c", false, Map.of("timeout", "1s"), new Provenance.TrustStore("mine", 1,
                "bb"));
        Drift d = Drift.between(List.of(modern("a").toBuilder().provenance(p1).build()),
                List.of(modern("a").toBuilder().provenance(p2).build()));
        assertThat(d.notes()).containsExactly("the sweeps were run with different options: timeout 5s → 1s",
                "the sweeps judged chains against different trust stores: system, 140 anchors → mine, 1 anchors");
    }

    @Test
    void theJsonFormSaysWhatTheTextSays() throws Exception {
        EndpointReport after = Reports.scanned("a.example", List.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2,
                ProtocolVersion.TLSv1_3));
        StringWriter w = new StringWriter();
        DriftJson.write(Drift.between(List.of(modern("a.example")), List.of(after)), w);
        JsonNode j = new ObjectMapper().readTree(w.toString());
        assertThat(j.get("schema").asText()).isEqualTo("tlsweep-diff/1");
        assertThat(j.get("worse").asBoolean()).isTrue();
        assertThat(j.get("endpoints").get("changed").asInt()).isEqualTo(1);
        JsonNode change = j.get("differences").get(0).get("changes").get(0);
        assertThat(change.get("aspect").asText()).isEqualTo("version");
        assertThat(change.get("change").asText()).isEqualTo("appeared");
        assertThat(change.get("subject").asText()).isEqualTo("TLSv1.0");
        assertThat(change.get("why").asText()).contains("deprecated");
    }

    private static EndpointReport withSuites(EndpointReport r, ProtocolVersion v, int... codes) {
        List<ProtocolReport> ps = new ArrayList<>();
        for (ProtocolReport p : r.protocols()) {
            if (p.version() == v) {
                List<AcceptedSuite> suites = new ArrayList<>();
                for (int c : codes) {
                    suites.add(new AcceptedSuite(CipherSuites.byCode(c).orElseThrow(), null));
                }
                p = new ProtocolReport(v, p.run(), true, null, suites, null);
            }
            ps.add(p);
        }
        return r.toBuilder().protocols(ps).build();
    }

    private static CertificateInfo cert(String subject, String serial, long days, String sha) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new CertificateInfo(subject, "CN=issuer", serial, sha, "00", now.minusSeconds(86_400),
                now.plusSeconds(86_400 * days), days, "RSA", 2048, null, "SHA256withRSA", List.of("a.example"),
                List.of(), false, false, List.of());
    }

    private static EndpointReport withChain(EndpointReport r, CertificateInfo leaf, boolean trusted, boolean name) {
        ChainReport chain = new ChainReport(List.of(leaf), List.of(leaf), trusted, trusted, false, name,
                OpenSslVerdict.of(0, 0), List.of(), null);
        ServedChain served = new ServedChain("RSA", ProtocolVersion.TLSv1_2, 0xC02F, List.of(new byte[] {1}), false, null);
        return r.toBuilder().served(new CertificateCapture(List.of(served), null)).chains(List.of(chain)).build();
    }
}
