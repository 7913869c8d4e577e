package dev.tlsweep.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabServerTest {

    private static final String RSA_AES128 = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    private static final String RSA_AES256 = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    private static final String ECDSA_AES128 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

    private TestPki pki;
    private IssuedCertificate rsaLeaf;
    private IssuedCertificate ecLeaf;

    @BeforeAll
    void createPki() {
        pki = TestPki.create();
        rsaLeaf = pki.leaf("localhost", "127.0.0.1").issue();
        ecLeaf = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.EC_P256).issue();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void completesHandshakesAndAnswers(TlsProvider provider) throws Exception {
        try (LabServer server = LabServer.builder().provider(provider).certificate(rsaLeaf).start()) {
            TlsClients.Handshake first = TlsClients.jdk(server.address());
            TlsClients.Handshake second = TlsClients.jdk(server.address());

            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(first.protocol()).isEqualTo("TLSv1.3");
            assertThat(first.response()).startsWith("HTTP/1.0 200 OK\r\n").endsWith("\r\n\r\ntlsweep lab\n");
            assertThat(second.chain()).containsExactlyElementsOf(rsaLeaf.fullChain());
            assertThat(server.handshakesCompleted()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void versionsTakeEffect(TlsProvider provider) throws Exception {
        try (LabServer server = LabServer.builder().provider(provider).certificate(rsaLeaf)
                .protocols("TLSv1.2").start()) {
            assertThat(TlsClients.jdk(server.address(), List.of("TLSv1.3", "TLSv1.2"), null, null).protocol())
                    .isEqualTo("TLSv1.2");
            assertThatThrownBy(() -> TlsClients.jdk(server.address(), List.of("TLSv1.3"), null, null))
                    .isInstanceOf(SSLException.class);
        }
        try (LabServer server = LabServer.builder().provider(provider).certificate(rsaLeaf)
                .protocols("TLSv1.3").start()) {
            assertThat(TlsClients.jdk(server.address(), List.of("TLSv1.3", "TLSv1.2"), null, null).protocol())
                    .isEqualTo("TLSv1.3");
            assertThatThrownBy(() -> TlsClients.jdk(server.address(), List.of("TLSv1.2"), null, null))
                    .isInstanceOf(SSLException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void cipherListAndServerPreferenceTakeEffect(TlsProvider provider) throws Exception {
        List<String> reversed = List.of(RSA_AES256, RSA_AES128);
        try (LabServer server = LabServer.builder().provider(provider).certificate(rsaLeaf).protocols("TLSv1.2")
                .ciphers(RSA_AES128, RSA_AES256).serverPreference(true).start()) {
            assertThat(TlsClients.jdk(server.address(), null, reversed, null).cipher()).isEqualTo(RSA_AES128);
            assertThatThrownBy(() -> TlsClients.jdk(server.address(), null,
                    List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"), null)).isInstanceOf(SSLException.class);
        }
        try (LabServer server = LabServer.builder().provider(provider).certificate(rsaLeaf).protocols("TLSv1.2")
                .ciphers(RSA_AES128, RSA_AES256).serverPreference(false).start()) {
            assertThat(TlsClients.jdk(server.address(), null, reversed, null).cipher()).isEqualTo(RSA_AES256);
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void servesExactlyTheConfiguredChain(TlsProvider provider) throws Exception {
        X509Certificate intermediate = pki.intermediate().certificate();
        X509Certificate unrelated = pki.newIntermediate("unrelated", KeyType.EC_P256).certificate();
        List<List<X509Certificate>> chains = List.of(
                List.of(),
                List.of(intermediate, pki.root()),
                List.of(pki.root(), intermediate),
                List.of(unrelated, intermediate, unrelated));
        for (List<X509Certificate> chain : chains) {
            try (LabServer server = LabServer.builder().provider(provider).certificate(rsaLeaf).servedChain(chain)
                    .start()) {
                for (String version : List.of("TLSv1.2", "TLSv1.3")) {
                    List<X509Certificate> seen = TlsClients.jdk(server.address(), List.of(version), null, null).chain();
                    assertThat(seen).first().isEqualTo(rsaLeaf.certificate());
                    assertThat(seen.subList(1, seen.size())).as(version).containsExactlyElementsOf(chain);
                }
            }
        }
    }

    @Test
    void boringSslChainAsSeenByOpenSsl() throws Exception {
        assumeThat(OpenSslServer.available()).isTrue();
        List<X509Certificate> chain = List.of(pki.root(), pki.intermediate().certificate(), pki.root());
        try (LabServer server = LabServer.builder().certificate(rsaLeaf).servedChain(chain).start()) {
            TlsClients.Handshake tls12 = TlsClients.openssl(server.address(), "-tls1_2");
            TlsClients.Handshake tls13 = TlsClients.openssl(server.address(), "-tls1_3");

            assertThat(tls12.protocol()).isEqualTo("TLSv1.2");
            assertThat(tls12.chain()).containsExactly(rsaLeaf.certificate(), pki.root(),
                    pki.intermediate().certificate(), pki.root());
            assertThat(tls13.protocol()).isEqualTo("TLSv1.3");
            assertThat(tls13.chain()).containsExactlyElementsOf(tls12.chain());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void sniPicksTheCertificate(TlsProvider provider) throws Exception {
        IssuedCertificate a = pki.leaf("a.test").issue();
        IssuedCertificate b = pki.leaf("b.test").keyType(KeyType.EC_P256).issue();
        try (LabServer server = LabServer.builder().provider(provider).certificate(rsaLeaf)
                .sni("a.test", a).sni("B.test", b, List.of()).start()) {
            assertThat(TlsClients.jdk(server.address(), null, null, "a.test").chain())
                    .containsExactlyElementsOf(a.fullChain());
            assertThat(TlsClients.jdk(server.address(), null, null, "b.test").chain()).containsExactly(b.certificate());
            assertThat(TlsClients.jdk(server.address(), null, null, "other.test").chain().get(0))
                    .isEqualTo(rsaLeaf.certificate());
            assertThat(TlsClients.jdk(server.address(), null, null, null).chain().get(0))
                    .isEqualTo(rsaLeaf.certificate());
            assertThat(server.handshakesCompleted()).isEqualTo(4);
        }
    }

    @Test
    void dualCertificatesFollowTheSuiteWithTheJdk() throws Exception {
        try (LabServer server = LabServer.builder().provider(TlsProvider.JDK).certificates(rsaLeaf, ecLeaf)
                .protocols("TLSv1.2").ciphers(ECDSA_AES128, RSA_AES128).start()) {
            TlsClients.Handshake ecdsa = TlsClients.jdk(server.address(), null, List.of(ECDSA_AES128), null);
            TlsClients.Handshake rsa = TlsClients.jdk(server.address(), null, List.of(RSA_AES128), null);

            assertThat(ecdsa.cipher()).isEqualTo(ECDSA_AES128);
            assertThat(ecdsa.chain()).containsExactlyElementsOf(ecLeaf.fullChain());
            assertThat(rsa.cipher()).isEqualTo(RSA_AES128);
            assertThat(rsa.chain()).containsExactlyElementsOf(rsaLeaf.fullChain());
        }
    }

    @Test
    void boringSslRefusesSeveralCertificates() {
        assertThatThrownBy(() -> LabServer.builder().certificates(rsaLeaf, ecLeaf).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("certificates: 2 with provider BORINGSSL (expected: 1;");
    }

    @Test
    void boringSslServesLegacyVersionsToOpenSsl() throws Exception {
        assumeThat(OpenSslServer.available()).isTrue();
        try (LabServer server = LabServer.builder().certificate(rsaLeaf).protocols("TLSv1", "TLSv1.1", "TLSv1.2")
                .ciphers("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA").start()) {
            TlsClients.Handshake tls10 = TlsClients.openssl(server.address(), "-tls1", "-cipher", "ALL:@SECLEVEL=0");
            TlsClients.Handshake tls11 = TlsClients.openssl(server.address(), "-tls1_1", "-cipher",
                    "AES128-SHA:@SECLEVEL=0");

            assertThat(tls10.protocol()).as(tls10.response()).isEqualTo("TLSv1");
            assertThat(tls10.cipher()).isEqualTo("AES128-SHA");
            assertThat(tls11.protocol()).as(tls11.response()).isEqualTo("TLSv1.1");
            assertThat(tls11.cipher()).isEqualTo("AES128-SHA");
        }
    }

    @Test
    void staplesTheOcspResponse() throws Exception {
        assumeThat(OpenSslServer.available()).isTrue();
        byte[] staple = pki.ocspResponse(rsaLeaf, true);
        try (LabServer server = LabServer.builder().certificate(rsaLeaf).ocspStaple(staple).start()) {
            TlsClients.Handshake handshake = TlsClients.openssl(server.address(), "-status");

            assertThat(handshake.response()).contains("OCSP Response Status: successful")
                    .contains("Cert Status: good");
        }
        assertThatThrownBy(() -> LabServer.builder().provider(TlsProvider.JDK).certificate(rsaLeaf)
                .ocspStaple(staple).start()).hasMessage("ocspStaple: set with provider JDK (expected: BORINGSSL)");
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void requiredClientAuthRejectsAnonymousClients(TlsProvider provider) throws Exception {
        try (LabServer server = LabServer.builder().provider(provider).certificate(rsaLeaf)
                .clientAuth(ClientAuth.REQUIRE).clientTrust(pki.root()).protocols("TLSv1.2").start()) {
            assertThatThrownBy(() -> TlsClients.jdk(server.address())).isInstanceOf(IOException.class);
            assertThat(server.handshakesCompleted()).isZero();
        }
    }

    @Test
    void closeStopsListening() throws Exception {
        LabServer server = LabServer.builder().certificate(rsaLeaf).start();
        var address = server.address();
        try (Socket idle = new Socket(address.getAddress(), address.getPort())) {
            server.close();
            server.close();
            int read;
            try {
                read = idle.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
        }
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void rejectsIncompleteConfiguration() {
        assertThatThrownBy(() -> LabServer.builder().start())
                .hasMessage("certificate: none (expected: certificate(...) or certificates(...))");
        assertThatThrownBy(() -> LabServer.builder().port(70000)).hasMessage("port: 70000 (expected: 0..65535)");
    }
}
