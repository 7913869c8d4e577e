package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsHandshakeSessionTest {

    @Test
    void capturesTheChainAndLeavesNothingBehind() throws Exception {
        TestPki pki = TestPki.create();
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        CapturingTrustManager trust = new CapturingTrustManager();
        SslContext context = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).trustManager(trust)
                .endpointIdentificationAlgorithm(null).protocols("TLSv1.3").enableOcsp(true).build();
        try (LabServer server = LabServer.builder().protocols("TLSv1.3").certificate(leaf).start();
                LabServer tls12 = LabServer.builder().protocols("TLSv1.2").certificate(leaf).start();
                ScanEngine engine = new ScanEngine(EngineConfig.defaults().withReadTimeout(Duration.ofSeconds(2)))) {
            Exchange<HandshakeCapture> ok = engine.session(server.address(),
                    () -> new TlsHandshakeSession(context, trust, "localhost")).get(10, TimeUnit.SECONDS);
            assertThat(ok.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(ok.response().failure()).isNull();
            assertThat(ok.response().protocol()).isEqualTo("TLSv1.3");
            assertThat(ok.response().cipherSuite()).startsWith("TLS_");
            assertThat(ok.response().chain()).hasSize(2);
            assertThat(ok.response().chain().get(0)).isEqualTo(leaf.certificate().getEncoded());
            assertThat(ok.response().ocspResponse()).isNull();

            // A server that cannot speak TLS 1.3 fails the handshake before any certificate.
            Exchange<HandshakeCapture> refused = engine.session(tls12.address(),
                    () -> new TlsHandshakeSession(context, trust, null)).get(10, TimeUnit.SECONDS);
            assertThat(refused.response().chain()).isEmpty();
            assertThat(refused.response().failure()).isNotNull();
            assertThat(trust.pending()).isZero();
        }
    }
}
