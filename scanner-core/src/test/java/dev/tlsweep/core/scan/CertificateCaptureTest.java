package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.lab.CannedQuirk;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import io.netty.handler.ssl.ClientAuth;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The served chains, captured during real scans of lab servers on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificateCaptureTest {

    /** Without the checks: some finish handshakes (resumption, HTTP), which these tests count as none. */
    private static final ScanOptions MODERN = ScanOptions.defaults()
            .withVersions(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3)).withChecks(false);

    private static TestPki pki;
    private static IssuedCertificate rsa;
    private static IssuedCertificate ecdsa;

    @BeforeAll
    static void pki() {
        pki = TestPki.create();
        rsa = pki.leaf("localhost", "a.example").issue();
        ecdsa = pki.leaf("localhost").keyType(KeyType.EC_P256).issue();
    }

    @Test
    void tls12FlightsGiveTheFullChainInServedOrderWithoutAnExtraConnection() throws Exception {
        EndpointReport withCapture;
        EndpointReport without;
        try (LabServer server = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2", "TLSv1.3")
                .certificate(rsa).start()) {
            withCapture = Scans.scan(server.port(), MODERN);
            assertThat(server.handshakesCompleted()).isZero();
            without = Scans.scan(server.port(), MODERN.withCertificates(false));
        }
        assertThat(withCapture.status()).isEqualTo(ScanStatus.OK);
        assertThat(withCapture.served().chains()).hasSize(1);
        ServedChain chain = withCapture.served().chains().get(0);
        assertThat(chain.keyType()).isEqualTo("RSA");
        assertThat(chain.version()).isEqualTo(ProtocolVersion.TLSv1_2);
        assertThat(Scans.codesByVersion(withCapture).get(ProtocolVersion.TLSv1_2)).contains(chain.suite());
        assertThat(chain.certificates()).containsExactlyElementsOf(der(rsa.fullChain()));
        assertThat(chain.ocspStapled()).isFalse();
        assertThat(chain.ocspResponse()).isNull();
        assertThat(withCapture.served().note()).isNull();
        assertThat(withCapture.hellosSent()).isEqualTo(without.hellosSent());
        assertThat(without.served().chains()).isEmpty();

        String json = ReportJson.toLine(withCapture);
        assertThat(json).contains("\"served\":[{\"keyType\":\"RSA\",\"version\":\"TLSv1.2\",\"suite\":\"TLS_")
                .contains("\"ocspStapled\":false,\"certificates\":[\""
                        + Base64.getEncoder().encodeToString(rsa.certificate().getEncoded()) + "\",\"");
    }

    @Test
    void tls13OnlyIsReadFromTheEncryptedFlightWithoutAHandshake() throws Exception {
        try (LabServer server = LabServer.builder().protocols("TLSv1.3").certificate(rsa).start()) {
            EndpointReport r = Scans.scan(server.port(), MODERN);
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            assertThat(r.served().chains()).hasSize(1);
            ServedChain chain = r.served().chains().get(0);
            assertThat(chain.keyType()).isEqualTo("RSA");
            assertThat(chain.version()).isEqualTo(ProtocolVersion.TLSv1_3);
            assertThat(Scans.codesByVersion(r).get(ProtocolVersion.TLSv1_3)).contains(chain.suite());
            assertThat(chain.certificates()).containsExactlyElementsOf(der(rsa.fullChain()));
            assertThat(r.served().note()).contains("encrypted flight with tlsweep's own key share");
            assertThat(server.handshakesCompleted()).as("no handshake finished: the flight was decrypted").isZero();
        }
    }

    /**
     * The canned responder's TLS 1.3 flight is real (its own key schedule, written apart from tlsweep's): tlsweep
     * decrypts it, checks its Finished and reads the chain — for each suite, for a NIST curve, and after a
     * HelloRetryRequest, whose transcript starts with the first hello's message_hash.
     */
    @ParameterizedTest
    @ValueSource(strings = {"4865:29", "4866:23", "4867:29", "4865:24:hrr"})
    void aCannedTls13OnlyServerGivesItsChainThroughTheKeySchedule(String setting) throws Exception {
        String[] p = setting.split(":");
        CannedResponder.Builder builder = CannedResponder.builder().version(0x0304, Integer.parseInt(p[0]))
                .keyExchangeGroup(Integer.parseInt(p[1])).certificateChain(der(ecdsa.fullChain()));
        if (p.length > 2) {
            builder.quirk(CannedQuirk.HRR_WITHOUT_KEY_SHARE);
        }
        try (CannedResponder canned = builder.start()) {
            EndpointReport r = Scans.scan(canned.port(), MODERN);
            assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
            assertThat(r.served().chains()).singleElement().satisfies(chain -> {
                assertThat(chain.keyType()).isEqualTo("ECDSA");
                assertThat(chain.version()).isEqualTo(ProtocolVersion.TLSv1_3);
                assertThat(chain.suite()).isEqualTo(Integer.parseInt(p[0]));
            });
            assertThat(r.served().chains().get(0).certificates()).containsExactlyElementsOf(der(ecdsa.fullChain()));
        }
    }

    @Test
    void aServerWithAnRsaAndAnEcdsaCertificateYieldsBoth() throws Exception {
        try (LabServer server = LabServer.builder().provider(TlsProvider.JDK).protocols("TLSv1.2")
                .certificates(rsa, ecdsa).start()) {
            EndpointReport r = Scans.scan(server.port(), MODERN);
            assertThat(r.served().chains()).extracting(ServedChain::keyType).containsExactly("RSA", "ECDSA");
            assertThat(r.served().chains().get(0).certificates()).containsExactlyElementsOf(der(rsa.fullChain()));
            assertThat(r.served().chains().get(1).certificates()).containsExactlyElementsOf(der(ecdsa.fullChain()));
        }
    }

    @Test
    void aMissingKeyTypeIsFetchedWithOneMoreHello() throws Exception {
        // A canned TLS 1.2 server that accepts an ECDSA suite but whose flights all carry the RSA chain
        // (the canned responder has one chain): the capture asks once more with only the ECDSA suite.
        try (CannedResponder s = CannedResponder.builder().version(0x0303, 0xC02F, 0xC02B)
                .certificateChain(der(rsa.fullChain())).serverPreference(true).start()) {
            EndpointReport with = Scans.scan(s.port(), MODERN);
            EndpointReport without = Scans.scan(s.port(), MODERN.withCertificates(false));
            assertThat(with.served().chains()).extracting(ServedChain::keyType).containsExactly("RSA");
            assertThat(with.hellosSent()).isEqualTo(without.hellosSent() + 1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void theChainDependsOnTheSniName(String protocol) throws Exception {
        IssuedCertificate b = pki.leaf("b.example").keyType(KeyType.EC_P256).issue();
        try (LabServer server = LabServer.builder().protocols(protocol).certificate(rsa)
                .sni("a.example", rsa).sni("b.example", b).start()) {
            EndpointReport ra = Scans.scan(new Target("a.example", "127.0.0.1", server.port(), "a.example"), MODERN);
            EndpointReport rb = Scans.scan(new Target("b.example", "127.0.0.1", server.port(), "b.example"), MODERN);
            assertThat(ra.served().chains()).hasSize(1);
            assertThat(rb.served().chains()).hasSize(1);
            assertThat(ra.served().chains().get(0).leaf()).isEqualTo(rsa.certificate().getEncoded());
            assertThat(rb.served().chains().get(0).leaf()).isEqualTo(b.certificate().getEncoded());
            assertThat(rb.served().chains().get(0).keyType()).isEqualTo("ECDSA");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aStapledOcspResponseIsKept(String protocol) throws Exception {
        byte[] ocsp = pki.ocspResponse(rsa, true);
        try (LabServer server = LabServer.builder().protocols(protocol).certificate(rsa).ocspStaple(ocsp).start()) {
            EndpointReport r = Scans.scan(server.port(), MODERN);
            ServedChain chain = r.served().chains().get(0);
            assertThat(chain.ocspStapled()).isTrue();
            assertThat(chain.ocspResponse()).isEqualTo(ocsp);
            assertThat(ReportJson.toLine(r)).contains("\"ocspStapled\":true");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void leafOnlyAndWrongOrderAreCapturedExactlyAsServed(String protocol) throws Exception {
        try (LabServer leafOnly = LabServer.builder().protocols(protocol).certificate(rsa).servedChain(List.of())
                .start();
                LabServer wrongOrder = LabServer.builder().protocols(protocol).certificate(rsa)
                        .servedChain(List.of(pki.root(), pki.intermediate().certificate())).start()) {
            assertThat(Scans.scan(leafOnly.port(), MODERN).served().chains().get(0).certificates())
                    .containsExactlyElementsOf(der(List.of(rsa.certificate())));
            assertThat(Scans.scan(wrongOrder.port(), MODERN).served().chains().get(0).certificates())
                    .containsExactlyElementsOf(der(List.of(rsa.certificate(), pki.root(),
                            pki.intermediate().certificate())));
        }
    }

    @Test
    void intermediateBeforeLeafIsKeptInThatOrder() throws Exception {
        List<byte[]> served = der(List.of(pki.intermediate().certificate(), rsa.certificate()));
        try (CannedResponder s = CannedResponder.builder().version(0x0303, 0xC02F).certificateChain(served).start()) {
            EndpointReport r = Scans.scan(s.port(), MODERN);
            // Keyed by the first certificate served: here the intermediate, an RSA key too.
            assertThat(r.served().chains()).hasSize(1);
            assertThat(r.served().chains().get(0).certificates()).containsExactlyElementsOf(served);
        }
    }

    @Test
    void aDemandedClientCertificateDoesNotStopTheCapture() throws Exception {
        try (CannedResponder canned = CannedResponder.builder().version(0x0303, 0xC02F)
                .certificateChain(der(rsa.fullChain())).quirk(CannedQuirk.CLIENT_CERT_REQUIRED).start();
                LabServer tls13 = LabServer.builder().protocols("TLSv1.3").certificate(rsa)
                        .clientAuth(ClientAuth.REQUIRE).clientTrust(pki.root()).start()) {
            EndpointReport r12 = Scans.scan(canned.port(), MODERN);
            assertThat(r12.status()).isEqualTo(ScanStatus.OK);
            assertThat(r12.served().chains().get(0).certificates()).containsExactlyElementsOf(der(rsa.fullChain()));

            EndpointReport r13 = Scans.scan(tls13.port(), MODERN);
            assertThat(r13.status()).isEqualTo(ScanStatus.OK);
            assertThat(r13.served().chains()).hasSize(1);
            assertThat(r13.served().chains().get(0).certificates()).containsExactlyElementsOf(der(rsa.fullChain()));
            assertThat(r13.served().note()).isNotNull();
        }
    }

    @Test
    void noAcceptedVersionMeansNoChainAndANote() throws Exception {
        try (LabServer server = LabServer.builder().protocols("TLSv1.3").certificate(rsa).start()) {
            EndpointReport r = Scans.scan(server.port(), ScanOptions.defaults()
                    .withVersions(EnumSet.of(ProtocolVersion.TLSv1_2)));
            assertThat(r.served().chains()).isEmpty();
            assertThat(r.served().note()).isEqualTo("no protocol version accepted");
        }
    }

    static List<byte[]> der(List<X509Certificate> chain) throws CertificateEncodingException {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            out.add(c.getEncoded());
        }
        return out;
    }
}
