package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.HostileFront;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A result never claims more than was observed: behind a front that resets connections, a version the
 * server supports is never reported as refused with status completed; it is incomplete, and so is the
 * endpoint.
 */
class HostileFrontScanTest {

    /** TLS 1.0, 1.2 and 1.3 with a few suites each; SSLv2, SSLv3 and TLS 1.1 refused with an alert. */
    private static CannedResponder server() {
        return CannedResponder.builder()
                .version(0x0301, 0xC013, 0x002F)
                .version(0x0303, 0xC02F, 0xC013, 0x009C, 0x002F)
                .version(0x0304, 0x1301, 0x1302)
                .serverPreference(true).start();
    }

    private static final Set<ProtocolVersion> SUPPORTED = EnumSet.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2,
            ProtocolVersion.TLSv1_3);

    private static EndpointReport scanThrough(HostileFront front) throws Exception {
        return scanThrough(front, ScanOptions.defaults());
    }

    private static EndpointReport scanThrough(HostileFront front, ScanOptions options) throws Exception {
        return Scans.scan(new Target("127.0.0.1:" + front.port(), "127.0.0.1", front.port(), "localhost"), options);
    }

    /** No supported version is "not accepted" with a completed status: it is found, or it is incomplete. */
    private static void neverClaimsRefusalOfASupportedVersion(EndpointReport r) {
        for (ProtocolReport p : r.protocols()) {
            if (SUPPORTED.contains(p.version())) {
                assertThat(p.accepted() || p.status() != ProbeStatus.COMPLETED)
                        .as(p.version() + " is supported: accepted or incomplete, never a completed refusal (" + p + ")")
                        .isTrue();
            }
        }
    }

    @Test
    void aFrontThatResetsEveryConnectionAfterTheFirstFewMakesTheScanIncompleteNotRefused() throws Exception {
        try (CannedResponder s = server();
                HostileFront front = HostileFront.start(new InetSocketAddress("127.0.0.1", s.port()),
                        HostileFront.Behaviour.resetAfter(3))) {
            // The endpoint looks throttled (answered connections, then none): tlsweep backs off and offers again
            // until the endpoint timeout, then says what it could not finish.
            EndpointReport r = scanThrough(front, ScanOptions.defaults().withEndpointTimeout(Duration.ofSeconds(6)));
            assertThat(front.reset()).as("the front reset connections").isPositive();
            neverClaimsRefusalOfASupportedVersion(r);
            assertThat(r.status()).isEqualTo(ScanStatus.INCOMPLETE);
            assertThat(r.error()).contains("could not be probed to the end");
            assertThat(Scans.findingCodes(r)).doesNotContain("NO_PROTOCOL_ACCEPTED", "NO_TLS13", "NO_FORWARD_SECRECY")
                    .contains("ENUMERATION_INCOMPLETE");
            long incomplete = r.protocols().stream().filter(p -> p.status() == ProbeStatus.INCOMPLETE).count();
            assertThat(r.findings().stream().filter(f -> f.code().equals("ENUMERATION_INCOMPLETE")))
                    .as("one ENUMERATION_INCOMPLETE per incomplete version, naming it").hasSize((int) incomplete)
                    .allSatisfy(f -> assertThat(f.subjects()).hasSize(1));
            for (ProtocolReport p : r.protocols()) {
                if (p.status() == ProbeStatus.INCOMPLETE) {
                    assertThat(p.run().error()).as(p.version().label()).isNotBlank();
                }
            }
        }
    }

    /**
     * Behind a front that takes four new connections a second and resets the rest, the engine sees a retry
     * answered where the first attempt was reset, slows down for that address (fewer connections, spaced, more
     * retries with back-off) and the probes offer again what went unanswered: the scan ends complete and exact,
     * as without the front.
     */
    @Test
    void aRateLimitingFrontIsBackedOffFromUntilTheScanIsCompleteAndExact() throws Exception {
        try (CannedResponder s = server();
                HostileFront front = HostileFront.start(new InetSocketAddress("127.0.0.1", s.port()),
                        HostileFront.Behaviour.rateLimit(4))) {
            EndpointReport r = scanThrough(front);
            assertThat(front.reset()).as("the front reset connections").isPositive();
            neverClaimsRefusalOfASupportedVersion(r);
            assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
            assertThat(r.protocols()).allSatisfy(p -> assertThat(p.status()).as(p.toString())
                    .isEqualTo(ProbeStatus.COMPLETED));
            assertThat(Scans.codesByVersion(r).keySet()).containsExactlyInAnyOrderElementsOf(SUPPORTED);
            assertThat(Scans.codesByVersion(r).get(ProtocolVersion.TLSv1_0)).containsExactly(0xC013, 0x002F);
            assertThat(Scans.codesByVersion(r).get(ProtocolVersion.TLSv1_2)).containsExactly(0xC02F, 0xC013, 0x009C,
                    0x002F);
            assertThat(Scans.codesByVersion(r).get(ProtocolVersion.TLSv1_3)).containsExactlyInAnyOrder(0x1301, 0x1302);
        }
    }

    @Test
    void theSameServerWithoutAFrontIsCompletedAndExact() throws Exception {
        try (CannedResponder s = server();
                HostileFront front = HostileFront.start(new InetSocketAddress("127.0.0.1", s.port()),
                        HostileFront.Behaviour.forwardAll())) {
            EndpointReport r = scanThrough(front);
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            assertThat(r.protocols()).allSatisfy(p -> assertThat(p.status()).isEqualTo(ProbeStatus.COMPLETED));
            assertThat(Scans.codesByVersion(r).keySet()).containsExactlyInAnyOrderElementsOf(SUPPORTED);
            assertThat(Scans.codesByVersion(r).get(ProtocolVersion.TLSv1_2)).containsExactly(0xC02F, 0xC013, 0x009C,
                    0x002F);
            assertThat(r.protocols()).allSatisfy(p -> assertThat(p.run().hellos()).isPositive());
        }
    }
}
