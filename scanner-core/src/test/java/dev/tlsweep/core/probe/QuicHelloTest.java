package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.quic.QuicVersion;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.QuicServer;
import dev.tlsweep.lab.TestPki;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One hello over QUIC to gtlsserver, with and without address validation by Retry, and to a port where nothing listens. */
class QuicHelloTest {

    static IssuedCertificate leaf;
    static QuicServer plain;
    static QuicServer retry;
    static ScanEngine engine;

    @BeforeAll
    static void start() {
        assumeTrue(QuicServer.available(), "gtlsserver is not installed (.ci/run installs it)");
        TestPki pki = TestPki.create("quichello", KeyType.EC_P256, KeyType.EC_P256);
        leaf = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        plain = QuicServer.start(leaf, null, null);
        retry = QuicServer.start(leaf, null, null, "-V");
        engine = new ScanEngine(EngineConfig.defaults().withReadTimeout(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (plain != null) {
            plain.close();
        }
        if (retry != null) {
            retry.close();
        }
    }

    private static QuicAnswer hello(QuicServer server, QuicVersion version) throws Exception {
        ProbeContext ctx = ProbeContext.quic(engine, server.address(), version, List.of("h3"), "localhost",
                HelloObserver.NONE);
        return ctx.sendQuic(version, Hellos.forVersion(dev.tlsweep.core.registry.ProtocolVersion.TLSv1_3,
                List.of(0x1301, 0x1302, 0x1303), "localhost").toBuilder().alpn("h3").build()).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aHelloOverQuicIsAnsweredAndItsChainDecrypted() throws Exception {
        QuicAnswer a = hello(plain, QuicVersion.V1);
        assertThat(a.hello().kind()).as(a.hello().detail() + " " + a.quic()).isEqualTo(HelloAnswer.Kind.SERVER_HELLO);
        assertThat(a.hello().flight().encrypted().certificates()).hasSize(2);
        assertThat(a.hello().flight().encrypted().finished()).isTrue();
        assertThat(a.hello().flight().encrypted().alpn()).isEqualTo("h3");
        assertThat(a.quic().retried()).isFalse();
        assertThat(a.quic().parameters().values()).containsKey("initial_max_data");
    }

    @Test
    void retryIsFollowed() throws Exception {
        QuicAnswer a = hello(retry, QuicVersion.V1);
        assertThat(a.hello().kind()).as(a.hello().detail() + " " + a.quic()).isEqualTo(HelloAnswer.Kind.SERVER_HELLO);
        assertThat(a.quic().retried()).isTrue();
        assertThat(a.hello().flight().encrypted().certificates()).hasSize(2);
    }

    @Test
    void version2IsNegotiatedAway() throws Exception {
        QuicAnswer a = hello(plain, QuicVersion.V2);
        assertThat(a.quic().versionNegotiation()).as(a.hello().detail()).contains(1);
        assertThat(a.hello().kind()).isEqualTo(HelloAnswer.Kind.MALFORMED);
    }
}
