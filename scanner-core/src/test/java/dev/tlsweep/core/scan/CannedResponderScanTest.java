package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedQuirk;
import dev.tlsweep.lab.CannedResponder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Versions and suites no TLS library still serves, and the server misbehaviours of
 * shared/reference/enumeration-pitfalls.md, against the lab's canned responder.
 */
class CannedResponderScanTest {

    @Test
    void legacyProtocolsAndBrokenSuitesAreFoundAndFlagged() throws Exception {
        try (CannedResponder s = CannedResponder.builder()
                .version(0x0002, 0x0700C0, 0x010080, 0x020080)
                .version(0x0300, 0x0005, 0x0004, 0x000A, 0x0003, 0x0009)
                .version(0x0301, 0xC013, 0x000A, 0x0005)
                .version(0x0303, 0xC02F, 0xC013, 0x0018, 0x000A)
                .serverPreference(true).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            Map<ProtocolVersion, List<Integer>> found = Scans.codesByVersion(r);
            assertThat(found.keySet()).containsExactly(ProtocolVersion.SSLv2, ProtocolVersion.SSLv3,
                    ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2);
            assertThat(found.get(ProtocolVersion.SSLv2)).containsExactlyInAnyOrder(0x0700C0, 0x010080, 0x020080);
            assertThat(found.get(ProtocolVersion.SSLv3)).containsExactly(0x0005, 0x0004, 0x000A, 0x0003, 0x0009);
            assertThat(found.get(ProtocolVersion.TLSv1_0)).containsExactly(0xC013, 0x000A, 0x0005);
            assertThat(found.get(ProtocolVersion.TLSv1_2)).containsExactly(0xC02F, 0xC013, 0x0018, 0x000A);
            assertThat(Scans.findingCodes(r)).contains("PROTOCOL_SSLV2", "PROTOCOL_SSLV3", "PROTOCOL_TLS10",
                    "NO_TLS13", "CIPHER_RC4", "CIPHER_3DES", "CIPHER_EXPORT", "CIPHER_DES", "CIPHER_ANONYMOUS")
                    .doesNotContain("PROTOCOL_TLS11", "CIPHER_NULL", "NO_FORWARD_SECRECY");
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_2).suites().get(0).keyExchange().group())
                    .isEqualTo("x25519");
        }
    }

    @Test
    void clientPreferenceIsRecognised() throws Exception {
        try (CannedResponder s = CannedResponder.builder()
                .version(0x0303, 0xC02F, 0xC030, 0x009C).serverPreference(false).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_2).serverPreference()).isFalse();
            assertThat(Scans.codesByVersion(r).get(ProtocolVersion.TLSv1_2)).containsExactlyInAnyOrder(0xC02F,
                    0xC030, 0x009C);
        }
    }

    @Test
    void dheSuitesReportTheirPrimeSize() throws Exception {
        try (CannedResponder s = CannedResponder.builder().version(0x0303, 0x009E, 0x0033).dhPrimeBits(1024)
                .serverPreference(true).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            var suites = Scans.protocol(r, ProtocolVersion.TLSv1_2).suites();
            assertThat(suites).hasSize(2);
            assertThat(suites.get(0).keyExchange().bits()).isEqualTo(1024);
        }
    }

    @Test
    void silenceInsteadOfAlertsStillGivesTheRightSuites() throws Exception {
        try (CannedResponder s = CannedResponder.builder().version(0x0303, 0xC02F, 0x009C)
                .serverPreference(true).quirk(CannedQuirk.SILENT_ON_REJECT).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY.withVersions(
                    java.util.EnumSet.of(ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3)));
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            assertThat(Scans.codesByVersion(r)).containsExactly(Map.entry(ProtocolVersion.TLSv1_2,
                    List.of(0xC02F, 0x009C)));
            assertThat(Scans.findingCodes(r)).contains("SILENT_REJECTION");
        }
    }

    @Test
    void tls13ClaimedByATls12ServerIsNotCounted() throws Exception {
        try (CannedResponder s = CannedResponder.builder().version(0x0303, 0xC02F, 0x1301)
                .quirk(CannedQuirk.IGNORE_SUPPORTED_VERSIONS).serverPreference(true).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(Scans.codesByVersion(r).keySet()).containsExactly(ProtocolVersion.TLSv1_2);
        }
    }

    @Test
    void aServerPickingUnofferedSuitesIsReported() throws Exception {
        try (CannedResponder s = CannedResponder.builder().version(0x0303, 0xC02F, 0x009C)
                .quirk(CannedQuirk.PICK_UNOFFERED_SUITE).serverPreference(true).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(Scans.findingCodes(r)).contains("SUITE_NOT_OFFERED");
            assertThat(Scans.codesByVersion(r).get(ProtocolVersion.TLSv1_2)).contains(0xC02F);
        }
    }

    @Test
    void intolerantServersAreScannedCompletely() throws Exception {
        for (CannedQuirk quirk : List.of(CannedQuirk.INTOLERANT_256_511, CannedQuirk.MAX_128_SUITES,
                CannedQuirk.REQUIRE_RENEGOTIATION_INFO, CannedQuirk.HANDSHAKE_FAILURE_AFTER_SERVER_HELLO,
                CannedQuirk.CLIENT_CERT_REQUIRED)) {
            try (CannedResponder s = CannedResponder.builder()
                    .version(0x0300, 0x000A, 0x0005)
                    .version(0x0303, 0xC02F, 0xC013, 0x009C).serverPreference(true).quirk(quirk).start()) {
                EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
                assertThat(Scans.codesByVersion(r)).as(quirk.name()).containsExactly(
                        Map.entry(ProtocolVersion.SSLv3, List.of(0x000A, 0x0005)),
                        Map.entry(ProtocolVersion.TLSv1_2, List.of(0xC02F, 0xC013, 0x009C)));
            }
        }
    }

    @Test
    void helloRetryRequestCountsAsTheSuitePick() throws Exception {
        try (CannedResponder s = CannedResponder.builder().version(0x0304, 0x1302, 0x1301)
                .keyExchangeGroup(0x0017).quirk(CannedQuirk.HRR_WITHOUT_KEY_SHARE).serverPreference(true).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(Scans.codesByVersion(r)).containsExactly(Map.entry(ProtocolVersion.TLSv1_3,
                    List.of(0x1302, 0x1301)));
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_3).suites().get(0).keyExchange().group())
                    .isEqualTo("secp256r1");
        }
    }
}
