package dev.tlsweep.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real TLS stack gets as far as the canned bytes allow: it parses the ServerHello and the
 * Certificate, hands the chain to its trust manager, and only fails at the ServerKeyExchange,
 * whose signature is random bytes.
 */
class CannedResponderJdkClientTest {

    @Test
    void jdkClientParsesServerHelloAndCertificateThenRejectsTheEcdheSignature() throws Exception {
        assertJdkFailsAfterTheCertificate(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void jdkClientParsesTheDheParametersThenRejectsTheSignature() throws Exception {
        assertJdkFailsAfterTheCertificate(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    /**
     * TLS 1.3: the JDK decrypts EncryptedExtensions and the Certificate with the keys the canned responder derived
     * (a wrong key schedule fails earlier, with bad_record_mac), and then refuses the CertificateVerify, whose
     * signature is random bytes.
     */
    @ParameterizedTest
    @CsvSource({"4865, TLS_AES_128_GCM_SHA256, 29", "4866, TLS_AES_256_GCM_SHA384, 23",
        "4867, TLS_CHACHA20_POLY1305_SHA256, 29"})
    void jdkClientDecryptsTheTls13FlightUpToTheCertificate(int suite, String jdkName, int group) throws Exception {
        RecordingTrustManager trust = new RecordingTrustManager();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        String groupName = group == 29 ? "x25519" : "secp256r1";
        String before = System.getProperty("jdk.tls.namedGroups");
        System.setProperty("jdk.tls.namedGroups", groupName);
        try (CannedResponder server = CannedResponder.builder().version(0x0304, suite).keyExchangeGroup(group).start();
                Socket plain = new Socket()) {
            plain.connect(server.address(), 2000);
            plain.setSoTimeout(5000);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, "canned.test", server.port(), true)) {
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                socket.setEnabledCipherSuites(new String[] {jdkName});
                Throwable failure = catchThrowable(socket::startHandshake);

                assertThat(failure).isInstanceOf(SSLHandshakeException.class);
                assertThat(trust.chains).as("the decrypted Certificate reached the trust manager: " + failure)
                        .hasSize(1);
                assertThat(failure).hasMessageContaining("signature");
            }
        } finally {
            if (before == null) {
                System.clearProperty("jdk.tls.namedGroups");
            } else {
                System.setProperty("jdk.tls.namedGroups", before);
            }
        }
    }

    private static void assertJdkFailsAfterTheCertificate(int suite, String jdkName) throws Exception {
        RecordingTrustManager trust = new RecordingTrustManager();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        try (CannedResponder server = CannedResponder.builder().version(0x0303, suite).start();
                Socket plain = new Socket()) {
            plain.connect(server.address(), 2000);
            plain.setSoTimeout(5000);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, "canned.test", server.port(), true)) {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.setEnabledCipherSuites(new String[] {jdkName});
                Throwable failure = catchThrowable(socket::startHandshake);

                assertThat(failure).isInstanceOf(SSLHandshakeException.class);
                assertThat(trust.chains).as("the Certificate message reached the trust manager").hasSize(1);
                assertThat(trust.chains.get(0)[0].getPublicKey().getAlgorithm()).isEqualTo("RSA");
                assertThat(failure).hasMessageContaining("signature");
            }
            assertThat(server.hellos()).singleElement().satisfies(hello -> {
                assertThat(hello.legacyVersion()).isEqualTo(0x0303);
                assertThat(hello.cipherSuites()).contains(suite);
                assertThat(hello.sni()).isEqualTo("canned.test");
            });
        }
    }

    /** Trusts every chain and remembers it: test code only. */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        final List<X509Certificate[]> chains = new CopyOnWriteArrayList<>();

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            chains.add(chain.clone());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            chains.add(chain.clone());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            chains.add(chain.clone());
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
