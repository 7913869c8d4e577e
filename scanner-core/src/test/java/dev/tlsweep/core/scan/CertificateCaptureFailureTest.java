package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.render.TerminalReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedQuirk;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TLS 1.2 flight that should have carried the certificate and did not yield it — a Certificate message over the
 * flight limit, a malformed certificate list, a reset after the ServerHello — makes the capture and the endpoint
 * incomplete, with the reason, never a clean scan "without certificate". Anonymous suites alone are not a failure.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificateCaptureFailureTest {

    private static final ScanOptions TLS12 = Scans.SUITES_ONLY.withVersions(EnumSet.of(ProtocolVersion.TLSv1_2));

    static EndpointReport scan(CannedResponder.Builder server) throws Exception {
        try (CannedResponder s = server.start()) {
            return Scans.scan(s.port(), TLS12);
        }
    }

    static void assertIncomplete(EndpointReport r, String... why) throws Exception {
        assertThat(r.status()).isEqualTo(ScanStatus.INCOMPLETE);
        assertThat(r.served().status()).isEqualTo(ProbeStatus.INCOMPLETE);
        assertThat(r.served().chains()).isEmpty();
        assertThat(r.served().error()).contains("no RSA certificate chain could be read").contains(why);
        assertThat(r.error()).contains(why);
        assertThat(r.served().note()).isNull();
        // what was found is still true: the suites the server picked
        ProtocolReport tls12 = r.protocols().get(0);
        assertThat(tls12.accepted()).isTrue();
        assertThat(tls12.suites()).extracting(a -> a.suite().code()).containsExactlyInAnyOrder(0xC02F, 0x009C);
        EndpointReport back = Scans.roundTrips(r);
        assertThat(back.served()).isEqualTo(r.served());
        assertThat(ReportJson.toLine(r)).contains("\"servedStatus\":\"incomplete\"", "\"servedError\":");
        StringWriter text = new StringWriter();
        new TerminalReport(false).render(r, new PrintWriter(text));
        assertThat(text.toString()).contains("Certificates: incomplete: ").doesNotContain("anonymous or PSK");
    }

    @Test
    void aCertificateMessageOverTheFlightLimitIsIncomplete() throws Exception {
        EndpointReport r = scan(CannedResponder.builder().version(0x0303, 0xC02F, 0x009C)
                .certificateChain(List.of(new byte[300_000])));
        assertIncomplete(r, "the flight is larger than tlsweep reads (", "exceeds maxFlightBytes (262144)");
    }

    @Test
    void aMalformedCertificateListIsIncomplete() throws Exception {
        EndpointReport r = scan(CannedResponder.builder().version(0x0303, 0xC02F, 0x009C)
                .quirk(CannedQuirk.BAD_CERTIFICATE_LIST));
        assertIncomplete(r, "the Certificate message could not be read");
    }

    @Test
    void aResetAfterTheServerHelloIsIncomplete() throws Exception {
        EndpointReport r = scan(CannedResponder.builder().version(0x0303, 0xC02F, 0x009C)
                .quirk(CannedQuirk.RESET_AFTER_SERVER_HELLO));
        assertIncomplete(r, "the connection was reset after the ServerHello, before the Certificate message");
    }

    @Test
    void anonymousSuitesAloneAreACompleteCaptureWithoutCertificate() throws Exception {
        assumeTrue(OpenSslServer.available(), "openssl is not installed (.ci/run installs it)");
        try (OpenSslServer server = OpenSslServer.builder().certificate(TestPki.create().leaf("localhost").issue())
                .tls1_2Only().cipher("ADH-AES128-SHA:@SECLEVEL=0").start()) {
            EndpointReport r = Scans.scan(server.port(), TLS12);
            assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
            assertThat(r.protocols().get(0).suites()).extracting(a -> a.suite().ianaName())
                    .containsExactly("TLS_DH_anon_WITH_AES_128_CBC_SHA");
            assertThat(r.served().status()).isEqualTo(ProbeStatus.COMPLETED);
            assertThat(r.served().chains()).isEmpty();
            assertThat(r.served().note()).contains("anonymous or PSK suites only");
        }
    }
}
