package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: against Debian's {@code openssl s_server} configured in turn, the versions, suites and
 * order tlsweep reports equal what was configured.
 */
class OpenSslServerScanTest {

    private static IssuedCertificate rsa;

    @BeforeAll
    static void pki() {
        assumeTrue(OpenSslServer.available(), "openssl is not installed (.ci/run installs it)");
        rsa = TestPki.create().leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
    }

    @Test
    void tls12OnlyThreeSuitesWithServerPreference() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().certificate(rsa).protocols("tls1_2")
                .cipher("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA:AES128-GCM-SHA256")
                .serverPreference(true).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            assertThat(Scans.suitesByVersion(r)).containsExactly(Map.entry(ProtocolVersion.TLSv1_2, List.of(
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                    "TLS_RSA_WITH_AES_128_GCM_SHA256")));
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_2).serverPreference()).isTrue();
            assertThat(Scans.findingCodes(r)).contains("NO_TLS13", "CIPHER_NO_FORWARD_SECRECY")
                    .doesNotContain("PROTOCOL_TLS10", "PROTOCOL_TLS11", "CIPHER_3DES");
        }
    }

    @Test
    void tls12OnlyWithClientPreference() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().certificate(rsa).protocols("tls1_2")
                .cipher("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA:AES128-GCM-SHA256")
                .serverPreference(false).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(Scans.suitesByVersion(r).get(ProtocolVersion.TLSv1_2)).containsExactlyInAnyOrder(
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                    "TLS_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_2).serverPreference()).isFalse();
        }
    }

    @Test
    void tls13OnlyTwoSuitesInServerOrder() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().certificate(rsa).protocols("tls1_3")
                .ciphersuites("TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256")
                .serverPreference(true).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            assertThat(Scans.suitesByVersion(r)).containsExactly(Map.entry(ProtocolVersion.TLSv1_3,
                    List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256")));
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_3).serverPreference()).isTrue();
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_3).suites().get(0).keyExchange().group())
                    .isEqualTo("x25519");
            assertThat(Scans.findingCodes(r)).doesNotContain("NO_TLS13");
        }
    }

    @Test
    void legacyVersionsAtSecurityLevelZeroWithCbcCamelliaAndNull() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().certificate(rsa).protocols("tls1", "tls1_1", "tls1_2")
                .cipher("AES128-SHA:CAMELLIA256-SHA:NULL-SHA:NULL-SHA256:@SECLEVEL=0")
                .serverPreference(true).start()) {
            EndpointReport r = Scans.scan(s.port(), Scans.SUITES_ONLY);
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            List<String> sha1 = List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
                    "TLS_RSA_WITH_NULL_SHA");
            Map<ProtocolVersion, List<String>> found = Scans.suitesByVersion(r);
            assertThat(found.keySet()).containsExactly(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_1,
                    ProtocolVersion.TLSv1_2);
            assertThat(found.get(ProtocolVersion.TLSv1_0)).containsExactlyElementsOf(sha1);
            assertThat(found.get(ProtocolVersion.TLSv1_1)).containsExactlyElementsOf(sha1);
            assertThat(found.get(ProtocolVersion.TLSv1_2)).containsExactly("TLS_RSA_WITH_AES_128_CBC_SHA",
                    "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", "TLS_RSA_WITH_NULL_SHA", "TLS_RSA_WITH_NULL_SHA256");
            assertThat(Scans.findingCodes(r)).contains("PROTOCOL_TLS10", "PROTOCOL_TLS11", "CIPHER_NULL",
                    "NO_FORWARD_SECRECY", "NO_TLS13");
        }
    }
}
