package dev.tlsweep.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.Checks;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.GroupsResult;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.report.SignatureAlgorithmsResult;
import dev.tlsweep.core.report.SupportedGroup;
import dev.tlsweep.core.report.SupportedSignatureAlgorithm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The findings of groups, signature algorithms and checks: only completed results claim anything. */
class DepthFindingsTest {

    private static final ProbeRun DONE = ProbeRun.completed(10, 1);
    private static final ProbeRun INCOMPLETE = new ProbeRun(ProbeStatus.INCOMPLETE, "time ran out", 10, 1);

    @Test
    void weakFiniteFieldGroupsAndSmallCurvesAreFindingsWithTheirSizes() {
        ProtocolReport tls12 = accepted(ProtocolVersion.TLSv1_2).withGroups(new GroupsResult(DONE, List.of(
                new SupportedGroup("x25519", 0x001D, 253), new SupportedGroup("secp192r1", 0x0013, 192),
                new SupportedGroup("ffdhe2048", 0x0100, 2048), new SupportedGroup("dh-custom", -1, 1024)), "server", null));
        List<Finding> out = DepthFindings.judge(report(List.of(tls12), Checks.NONE));
        assertThat(codes(out)).containsExactly(FindingCode.WEAK_DH.code(), FindingCode.SMALL_ECDHE_GROUP.code());
        Finding dh = out.get(0);
        assertThat(dh.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(dh.subjects()).containsExactly("dh-custom");
        assertThat(out.get(1).severity()).isEqualTo(Severity.HIGH); // below 224 bits
        assertThat(out.get(1).subjects()).containsExactly("secp192r1");
    }

    @Test
    void groupsOfAnIncompleteProbeClaimNothing() {
        ProtocolReport tls12 = accepted(ProtocolVersion.TLSv1_2).withGroups(new GroupsResult(INCOMPLETE, List.of(
                new SupportedGroup("secp160r1", 0x0010, 160)), null, null));
        assertThat(DepthFindings.judge(report(List.of(tls12), Checks.NONE))).isEmpty();
    }

    @Test
    void sha1SignaturesAtTls12AndPkcs1AtTls13AreFindings() {
        ProtocolReport tls12 = accepted(ProtocolVersion.TLSv1_2).withSignatureAlgorithms(new SignatureAlgorithmsResult(
                DONE, List.of(new SupportedSignatureAlgorithm("rsa_pss_rsae_sha256", 0x0804),
                        new SupportedSignatureAlgorithm("rsa_pkcs1_sha1", 0x0201)), null));
        ProtocolReport tls13 = accepted(ProtocolVersion.TLSv1_3).withSignatureAlgorithms(new SignatureAlgorithmsResult(
                DONE, List.of(new SupportedSignatureAlgorithm("rsa_pkcs1_sha256", 0x0401)), null));
        List<Finding> out = DepthFindings.judge(report(List.of(tls12, tls13), Checks.NONE));
        assertThat(codes(out)).containsExactly(FindingCode.WEAK_SIGNATURE_ALGORITHM.code(),
                FindingCode.RSA_PKCS1_IN_TLS13.code());
        assertThat(out.get(0).subjects()).containsExactly("rsa_pkcs1_sha1");
        assertThat(out.get(0).severity()).isEqualTo(Severity.LOW); // MD5 would be high
    }

    @Test
    void vulnerableChecksRaiseTheirFindingsAndIncompleteOnesDoNot() {
        Map<Check, CheckResult> m = new LinkedHashMap<>();
        m.put(Check.HEARTBLEED, new CheckResult.Flag(DONE, true, null, null));
        m.put(Check.CCS_INJECTION, new CheckResult.Flag(INCOMPLETE, true, null, null));
        m.put(Check.ROBOT, new CheckResult.Robot(DONE, true, "weak", "weak oracle"));
        m.put(Check.FALLBACK_SCSV, new CheckResult.Flag(DONE, false, null, "hello at TLSv1.1"));
        m.put(Check.SECURE_RENEGOTIATION, new CheckResult.Flag(DONE, true, null, null));
        m.put(Check.CLIENT_RENEGOTIATION, new CheckResult.Renegotiation(DONE, true, false, null));
        m.put(Check.HSTS, new CheckResult.Hsts(DONE, true, 86_400, false, false, "max-age=86400", null));
        m.put(Check.SERVER_HEADER, new CheckResult.Text(DONE, "nginx/1.18.0", null));
        List<Finding> out = DepthFindings.judge(report(List.of(), new Checks(m)));
        assertThat(codes(out)).containsExactlyInAnyOrder(FindingCode.HEARTBLEED.code(), FindingCode.ROBOT.code(),
                FindingCode.NO_FALLBACK_SCSV.code(), FindingCode.INSECURE_RENEGOTIATION.code(),
                FindingCode.HSTS_SHORT_MAX_AGE.code(), FindingCode.SERVER_VERSION_DISCLOSED.code());
        assertThat(out.stream().filter(f -> f.code().equals(FindingCode.ROBOT.code())).findFirst().orElseThrow()
                .severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void aServerHeaderWithoutAVersionAndALongHstsAreFine() {
        Map<Check, CheckResult> m = new LinkedHashMap<>();
        m.put(Check.HSTS, new CheckResult.Hsts(DONE, true, 63_072_000, true, false, "max-age=63072000", null));
        m.put(Check.SERVER_HEADER, new CheckResult.Text(DONE, "nginx", null));
        m.put(Check.CLIENT_RENEGOTIATION, new CheckResult.Renegotiation(DONE, false, true, null));
        assertThat(DepthFindings.judge(report(List.of(), new Checks(m)))).isEmpty();
    }

    private static ProtocolReport accepted(ProtocolVersion v) {
        return new ProtocolReport(v, DONE, true, true, List.of(), null);
    }

    private static EndpointReport report(List<ProtocolReport> protocols, Checks checks) {
        return EndpointReport.builder("server.test:443", "server.test", 443).status(ScanStatus.OK)
                .protocols(protocols).checks(checks).build();
    }

    private static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }
}
