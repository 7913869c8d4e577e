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
