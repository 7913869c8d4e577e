package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.render.TerminalReport;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.lab.CannedQuirk;
import dev.tlsweep.lab.CannedResponder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The vulnerabilities no current TLS library serves, found on the canned responder that shows them — and not on one
 * that does not: Heartbleed (without a byte of the leaked memory reaching the report or the terminal), CCS injection,
 * a ROBOT oracle, compression, no RFC 5746, hello-size and post-quantum key-share intolerance.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChecksCannedTest {

    private static CannedResponder.Builder tls12() {
        return CannedResponder.builder().version(0x0303, 0xC02F, 0x009C, 0x002F);
    }

    @Test
    void aVulnerableServerIsFoundAndItsLeakNeverPrinted() throws Exception {
        try (CannedResponder s = tls12().quirk(CannedQuirk.HEARTBLEED, CannedQuirk.CCS_INJECTION,
                CannedQuirk.COMPRESSION, CannedQuirk.NO_SECURE_RENEGOTIATION, CannedQuirk.ROBOT_ORACLE).start()) {
            EndpointReport r = Scans.scan(s.port(), ScanOptions.defaults());
            assertThat(DepthOpenSslTest.flag(r, Check.HEARTBLEED)).isTrue();
            assertThat(DepthOpenSslTest.flag(r, Check.CCS_INJECTION)).isTrue();
            assertThat(DepthOpenSslTest.flag(r, Check.COMPRESSION)).isTrue();
            assertThat(DepthOpenSslTest.flag(r, Check.SECURE_RENEGOTIATION)).isFalse();
            CheckResult.Robot robot = (CheckResult.Robot) r.checks().get(Check.ROBOT).orElseThrow();
            assertThat(robot.run().status()).as("%s", robot.run().error()).isEqualTo(ProbeStatus.COMPLETED);
            assertThat(robot.vulnerable()).isTrue();
            assertThat(robot.oracle()).isEqualTo("strong");
            assertThat(Scans.findingCodes(r)).contains("HEARTBLEED", "CCS_INJECTION", "ROBOT", "TLS_COMPRESSION",
                    "NO_SECURE_RENEGOTIATION");

            String json = ReportJson.toLine(r);
            dev.tlsweep.core.report.ReportSchema.check(json);
            StringWriter terminal = new StringWriter();
            new TerminalReport(false).render(r, new PrintWriter(terminal, true));
            String marker = CannedResponder.LEAKED_MEMORY.substring(0, 12);
            assertThat(json).doesNotContain(marker);
            assertThat(terminal.toString()).doesNotContain(marker).contains("VULNERABLE");
        }
    }

    @Test
    void aPatchedServerIsNotFoundVulnerable() throws Exception {
        try (CannedResponder plain = tls12().start();
                CannedResponder heartbeat = tls12().quirk(CannedQuirk.HEARTBEAT).start()) {
            EndpointReport r = Scans.scan(plain.port(), ScanOptions.defaults());
            assertThat(DepthOpenSslTest.flag(r, Check.HEARTBLEED)).isFalse();
            assertThat(DepthOpenSslTest.flag(r, Check.CCS_INJECTION)).isFalse();
            assertThat(DepthOpenSslTest.flag(r, Check.COMPRESSION)).isFalse();
            assertThat(DepthOpenSslTest.flag(r, Check.SECURE_RENEGOTIATION)).isTrue();
            CheckResult.Robot robot = (CheckResult.Robot) r.checks().get(Check.ROBOT).orElseThrow();
            assertThat(robot.run().status()).as("%s", robot.run().error()).isEqualTo(ProbeStatus.COMPLETED);
            assertThat(robot.vulnerable()).isFalse();
            assertThat(Scans.findingCodes(r)).doesNotContain("HEARTBLEED", "CCS_INJECTION", "ROBOT", "TLS_COMPRESSION");

            EndpointReport patched = Scans.scan(heartbeat.port(), ScanOptions.defaults().withGroups(false));
            CheckResult.Flag hb = (CheckResult.Flag) patched.checks().get(Check.HEARTBLEED).orElseThrow();
            assertThat(hb.value()).isFalse();
            assertThat(hb.note()).contains("echoed");
        }
    }

    @Test
    void sizeAndPostQuantumIntoleranceAreToldApart() throws Exception {
        try (CannedResponder size = tls12().quirk(CannedQuirk.LARGE_HELLO_INTOLERANT).start();
                CannedResponder pq = tls12().quirk(CannedQuirk.PQ_KEY_SHARE_INTOLERANT).start()) {
            ScanOptions options = ScanOptions.defaults().withGroups(false);
            CheckResult.Flag bySize = (CheckResult.Flag) Scans.scan(size.port(), options).checks()
                    .get(Check.LARGE_CLIENT_HELLO).orElseThrow();
            assertThat(bySize.value()).isTrue();
            assertThat(bySize.detail()).isEqualTo("size");
            EndpointReport byShare = Scans.scan(pq.port(), options);
            CheckResult.Flag share = (CheckResult.Flag) byShare.checks().get(Check.LARGE_CLIENT_HELLO).orElseThrow();
            assertThat(share.value()).isTrue();
            assertThat(share.detail()).isEqualTo("post-quantum key share");
            assertThat(Scans.findingCodes(byShare)).contains("PQ_KEY_SHARE_INTOLERANCE");
        }
    }
}
