package dev.tlsweep.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSslServerTest {

    private TestPki pki;
    private IssuedCertificate rsaLeaf;

    @BeforeAll
    void setUp() {
        assumeThat(OpenSslServer.available()).as("openssl on the PATH").isTrue();
        pki = TestPki.create();
        rsaLeaf = pki.leaf("localhost", "127.0.0.1").issue();
    }

    @Test
    void servesOnlyTls12WhenAsked() throws Exception {
        try (OpenSslServer server = OpenSslServer.builder().certificate(rsaLeaf).tls1_2Only().start()) {
            TlsClients.Handshake tls12 = TlsClients.jdk(server.address(), null, null, null, true);
            TlsClients.Handshake tls13 = TlsClients.openssl(server.address(), "-tls1_3");

            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(tls12.protocol()).isEqualTo("TLSv1.2");
            assertThat(tls12.chain()).containsExactlyElementsOf(rsaLeaf.fullChain());
            assertThat(tls13.protocol()).as(tls13.response()).isNull();
        }
    }

    @Test
    void servesTls10WithLegacySuitesAtSecurityLevelZero() throws Exception {
        try (OpenSslServer server = OpenSslServer.builder().certificate(rsaLeaf).protocols("tls1")
                .cipher("AES128-SHA:CAMELLIA128-SHA:NULL-SHA256:@SECLEVEL=0").start()) {
            TlsClients.Handshake aes = TlsClients.openssl(server.address(), "-tls1", "-cipher", "AES128-SHA:@SECLEVEL=0");
            TlsClients.Handshake camellia = TlsClients.openssl(server.address(), "-tls1", "-cipher",
                    "CAMELLIA128-SHA:@SECLEVEL=0");
            TlsClients.Handshake tls12 = TlsClients.openssl(server.address(), "-tls1_2", "-cipher",
                    "ALL:@SECLEVEL=0");

            assertThat(aes.protocol()).as(aes.response()).isEqualTo("TLSv1");
            assertThat(aes.cipher()).isEqualTo("AES128-SHA");
            assertThat(camellia.protocol()).isEqualTo("TLSv1");
            assertThat(camellia.cipher()).isEqualTo("CAMELLIA128-SHA");
            assertThat(tls12.protocol()).isNull();
        }
    }

    @Test
    void legacyVersionsAloneLowerTheSecurityLevel() throws Exception {
        try (OpenSslServer server = OpenSslServer.builder().certificate(rsaLeaf).protocols("tls1", "tls1_1").start()) {
            TlsClients.Handshake tls11 = TlsClients.openssl(server.address(), "-tls1_1", "-cipher", "ALL:@SECLEVEL=0");

            assertThat(server.command()).contains("-no_tls1_2", "-no_tls1_3", "DEFAULT:@SECLEVEL=0");
            assertThat(tls11.protocol()).as(tls11.response()).isEqualTo("TLSv1.1");
        }
    }

    @Test
    void servesTls13SuitesAndServerPreference() throws Exception {
        try (OpenSslServer server = OpenSslServer.builder().certificate(rsaLeaf).tls1_3Only()
                .ciphersuites("TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256").serverPreference(true).start()) {
            TlsClients.Handshake handshake = TlsClients.jdk(server.address(), null,
                    List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"), null, true);

            assertThat(handshake.protocol()).isEqualTo("TLSv1.3");
            assertThat(handshake.cipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
        }
        try (OpenSslServer server = OpenSslServer.builder().certificate(rsaLeaf).tls1_3Only()
                .ciphersuites("TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256").start()) {
            TlsClients.Handshake handshake = TlsClients.jdk(server.address(), null,
                    List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"), null, true);

            assertThat(handshake.cipher()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        }
    }

    @Test
    void servesExactlyTheConfiguredChain() throws Exception {
        try (OpenSslServer leafOnly = OpenSslServer.builder().certificate(rsaLeaf).servedChain(List.of()).start();
                OpenSslServer wrongOrder = OpenSslServer.builder().certificate(rsaLeaf)
                        .servedChain(List.of(pki.root(), pki.intermediate().certificate())).start()) {
            assertThat(TlsClients.openssl(leafOnly.address()).chain()).containsExactly(rsaLeaf.certificate());
            assertThat(TlsClients.openssl(wrongOrder.address(), "-tls1_2").chain())
                    .containsExactly(rsaLeaf.certificate(), pki.root(), pki.intermediate().certificate());
        }
    }

    @Test
    void servesADualCertificate() throws Exception {
        IssuedCertificate ecLeaf = pki.leaf("localhost").keyType(KeyType.EC_P256).issue();
        try (OpenSslServer server = OpenSslServer.builder().certificate(rsaLeaf).secondCertificate(ecLeaf)
                .tls1_2Only().start()) {
            TlsClients.Handshake ecdsa = TlsClients.jdk(server.address(), null,
                    List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), null, true);
            TlsClients.Handshake rsa = TlsClients.jdk(server.address(), null,
                    List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), null, true);

            assertThat(ecdsa.chain()).containsExactlyElementsOf(ecLeaf.fullChain());
            assertThat(rsa.chain()).containsExactlyElementsOf(rsaLeaf.fullChain());
        }
    }

    @Test
    void isKilledOnClose() throws Exception {
        OpenSslServer server = OpenSslServer.builder().certificate(rsaLeaf).start();
        var address = server.address();
        assertThat(server.isAlive()).isTrue();
        assertThat(server.output()).contains("ACCEPT");

        server.close();
        server.close();

        assertThat(server.isAlive()).isFalse();
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void reportsAServerThatCannotStart() {
        assertThatThrownBy(() -> OpenSslServer.builder().certificate(rsaLeaf).cipher("NO-SUCH-CIPHER").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("openssl s_server did not start:")
                .hasMessageContaining("NO-SUCH-CIPHER");
        assertThatThrownBy(() -> OpenSslServer.builder().protocols("ssl3"))
                .hasMessage("protocols: ssl3 (expected: one of [tls1, tls1_1, tls1_2, tls1_3])");
    }
}
