package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.report.SupportedGroup;
import dev.tlsweep.core.report.SupportedSignatureAlgorithm;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance against Debian's {@code openssl s_server}: the groups, signature algorithms, ALPN list and behaviours
 * tlsweep reports are exactly those configured with {@code -groups}, {@code -sigalgs}, {@code -alpn},
 * {@code -client_renegotiation} and {@code -no_ticket} (s_server cannot combine {@code -early_data} with its
 * multi-connection {@code -www} mode: early data is checked against gnutls-serv); a typical modern endpoint is fully
 * scanned, checks included, in at most 60 connections; a dual-certificate TLS 1.3-only server hands over both chains
 * through tlsweep's own key schedule.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DepthOpenSslTest {

    /** Mozilla's intermediate suites (5.8 / 6.0): the ECDHE ones with AES-GCM and ChaCha20. */
    static final String INTERMEDIATE = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
            + "ECDHE-RSA-CHACHA20-POLY1305";
    static final String SIGALGS = "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pkcs1_sha256:rsa_pkcs1_sha384";

    private static IssuedCertificate rsa;
    private static IssuedCertificate ecdsa;

    @BeforeAll
    static void pki() {
        assumeTrue(OpenSslServer.available(), "openssl is not installed (.ci/run installs it)");
        TestPki pki = TestPki.create();
        rsa = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        ecdsa = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.EC_P256).issue();
    }

    @Test
    void aTypicalModernEndpointIsFullyScannedInAtMostSixtyConnections() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().certificate(rsa).protocols("tls1_2", "tls1_3")
                .cipher(INTERMEDIATE).serverPreference(true)
                .extraArgs("-groups", "X25519:P-256:P-384", "-sigalgs", SIGALGS, "-alpn", "h2,http/1.1").start()) {
            EndpointReport r = Scans.scan(s.port(), ScanOptions.defaults());
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            assertThat(r.hellosSent()).as("connections for versions, suites, order, groups, signature algorithms,"
                    + " certificates and every check").isLessThanOrEqualTo(60);

            for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3)) {
                ProtocolReport p = Scans.protocol(r, v);
                assertThat(p.groups().run().status()).isEqualTo(ProbeStatus.COMPLETED);
                assertThat(p.groups().accepted()).extracting(SupportedGroup::name).as("groups at %s", v)
                        .containsExactly("x25519", "secp256r1", "secp384r1");
                assertThat(p.groups().preference()).isEqualTo("server");
            }
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_2).signatureAlgorithms().accepted())
                    .extracting(SupportedSignatureAlgorithm::name).containsExactlyInAnyOrder("rsa_pss_rsae_sha256",
                            "rsa_pss_rsae_sha384", "rsa_pkcs1_sha256", "rsa_pkcs1_sha384");
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_3).signatureAlgorithms().accepted())
                    .extracting(SupportedSignatureAlgorithm::name)
                    .containsExactlyInAnyOrder("rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384");

            assertThat(alpn(r)).containsExactly("h2", "http/1.1");
            assertThat(flag(r, Check.FALLBACK_SCSV)).isTrue();
            assertThat(flag(r, Check.SECURE_RENEGOTIATION)).isTrue();
            assertThat(flag(r, Check.EXTENDED_MASTER_SECRET)).isTrue();
            assertThat(flag(r, Check.COMPRESSION)).isFalse();
            assertThat(flag(r, Check.HEARTBLEED)).isFalse();
            assertThat(flag(r, Check.CCS_INJECTION)).isFalse();
            assertThat(flag(r, Check.VERSION_INTOLERANCE)).isFalse();
            assertThat(flag(r, Check.LARGE_CLIENT_HELLO)).isFalse();
            CheckResult.Renegotiation renegotiation = result(r, Check.CLIENT_RENEGOTIATION);
            assertThat(renegotiation.allowed()).as("OpenSSL 3 refuses client renegotiation by default").isFalse();
            CheckResult.Resumption resumption = result(r, Check.SESSION_RESUMPTION);
            assertThat(resumption.ids()).isTrue();
            assertThat(resumption.tickets()).isTrue();
            assertThat(this.<CheckResult.EarlyData>result(r, Check.EARLY_DATA).supported()).isFalse();
            assertThat(r.checks().get(Check.ROBOT).orElseThrow().run().status()).isEqualTo(ProbeStatus.NOT_APPLICABLE);
            assertThat(this.<CheckResult.Text>result(r, Check.JARM).value()).hasSize(62);
            assertThat(Scans.findingCodes(r)).doesNotContain("HEARTBLEED", "CCS_INJECTION", "ROBOT", "TLS_COMPRESSION",
                    "NO_SECURE_RENEGOTIATION", "CLIENT_RENEGOTIATION", "WEAK_DH", "SMALL_ECDHE_GROUP");
        }
    }

    @Test
    void theServersOptionsChangeTheBehaviours() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().certificate(rsa).protocols("tls1_2", "tls1_3")
                .extraArgs("-client_renegotiation", "-no_ticket", "-groups", "P-384:X25519").start()) {
            EndpointReport r = Scans.scan(s.port(), ScanOptions.defaults());
            CheckResult.Renegotiation renegotiation = result(r, Check.CLIENT_RENEGOTIATION);
            assertThat(renegotiation.allowed()).isTrue();
            assertThat(renegotiation.secure()).isTrue();
            CheckResult.Resumption resumption = result(r, Check.SESSION_RESUMPTION);
            assertThat(resumption.tickets()).as("-no_ticket").isFalse();
            assertThat(resumption.ids()).isTrue();
            assertThat(this.<CheckResult.EarlyData>result(r, Check.EARLY_DATA).supported()).isFalse();
            assertThat(Scans.findingCodes(r)).contains("CLIENT_RENEGOTIATION");
            // without -serverpref: the client's order, whatever it is; the DHE suites of s_server's default list use
            // OpenSSL 3's default parameters, RFC 3526's 2048-bit MODP group, named as such
            ProtocolReport tls12 = Scans.protocol(r, ProtocolVersion.TLSv1_2);
            assertThat(tls12.groups().accepted()).extracting(SupportedGroup::name)
                    .containsExactlyInAnyOrder("secp384r1", "x25519", "rfc3526-modp2048");
            assertThat(tls12.groups().preference()).isEqualTo("client");
            Scans.roundTrips(r);
        }
    }

    @Test
    void aDualCertificateTls13OnlyServerYieldsBothChainsThroughTheKeySchedule() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().certificate(rsa).secondCertificate(ecdsa).tls1_3Only().start()) {
            EndpointReport r = Scans.scan(s.port(), ScanOptions.defaults().withChecks(false));
            assertThat(r.served().chains()).extracting(ServedChain::keyType).containsExactly("RSA", "ECDSA");
            for (ServedChain c : r.served().chains()) {
                assertThat(c.version()).isEqualTo(ProtocolVersion.TLSv1_3);
            }
            assertThat(r.served().chains().get(0).leaf()).isEqualTo(rsa.certificate().getEncoded());
            assertThat(r.served().chains().get(1).leaf()).isEqualTo(ecdsa.certificate().getEncoded());
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_3).signatureAlgorithms().accepted())
                    .extracting(SupportedSignatureAlgorithm::name)
                    .contains("ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256");
        }
    }

    @Test
    void aLegacyServerHasItsRsaKeyExchangeAndCbcChecked() throws Exception {
        try (OpenSslServer s = OpenSslServer.builder().certificate(rsa).protocols("tls1", "tls1_1", "tls1_2")
                .cipher("ECDHE-RSA-AES128-SHA:AES128-SHA:AES256-GCM-SHA384:@SECLEVEL=0").start()) {
            // s_server answers one connection at a time: the checks that wait for a reaction hold it, so the others
            // queue longer than the tests' usual read timeout.
            EndpointReport r = Scans.scan(s.port(), ScanOptions.defaults(),
                    Scans.fastConfig().withReadTimeout(java.time.Duration.ofSeconds(8)));
            CheckResult.Robot robot = result(r, Check.ROBOT);
            assertThat(robot.run().status()).isEqualTo(ProbeStatus.COMPLETED);
            assertThat(robot.vulnerable()).as("OpenSSL 3 is not an oracle").isFalse();
            assertThat(flag(r, Check.ENCRYPT_THEN_MAC)).isTrue();
            CheckResult.SuiteSelection selection = result(r, Check.SUITE_SELECTION);
            assertThat(selection.wrongVersion()).isFalse();
            assertThat(selection.unoffered()).isFalse();
            assertThat(Scans.protocol(r, ProtocolVersion.TLSv1_0).signatureAlgorithms().run().status())
                    .isEqualTo(ProbeStatus.NOT_APPLICABLE);
        }
    }

    static Boolean flag(EndpointReport r, Check check) {
        CheckResult.Flag f = (CheckResult.Flag) r.checks().get(check).orElseThrow();
        assertThat(f.run().status()).as("%s: %s", check, f.run().error()).isEqualTo(ProbeStatus.COMPLETED);
        return f.value();
    }

    @SuppressWarnings("unchecked")
    <T extends CheckResult> T result(EndpointReport r, Check check) {
        return (T) r.checks().get(check).orElseThrow();
    }

    static List<String> alpn(EndpointReport r) {
        return ((CheckResult.Alpn) r.checks().get(Check.ALPN).orElseThrow()).protocols();
    }
}
