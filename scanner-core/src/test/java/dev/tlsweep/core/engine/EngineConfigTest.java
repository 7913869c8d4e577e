package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        EngineConfig config = EngineConfig.defaults();
        assertThat(config.maxInFlight()).isEqualTo(2000);
        assertThat(config.maxPerEndpoint()).isEqualTo(8);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.attemptTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.maxRetries()).isEqualTo(1);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.ioThreads()).isZero();
        assertThat(config.nativeTransport()).isTrue();
        assertThat(config.maxResponseBytes()).isEqualTo(1 << 20);
        assertThat(config.nameServers()).isEmpty();
    }

    @Test
    void withersChangeOneSetting() {
        EngineConfig config = EngineConfig.defaults().withMaxPerEndpoint(2).withMaxRetries(0);
        assertThat(config.maxPerEndpoint()).isEqualTo(2);
        assertThat(config.maxRetries()).isZero();
        assertThat(config.maxInFlight()).isEqualTo(2000);
    }

    @Test
    void rejectsBadValuesNamingThem() {
        EngineConfig d = EngineConfig.defaults();
        assertThatThrownBy(() -> d.withMaxInFlight(0))
                .hasMessage("maxInFlight: 0 (expected: > 0)");
        assertThatThrownBy(() -> d.withMaxPerEndpoint(-1))
                .hasMessage("maxPerEndpoint: -1 (expected: > 0)");
        assertThatThrownBy(() -> d.withMaxRetries(-1))
                .hasMessage("maxRetries: -1 (expected: >= 0)");
        assertThatThrownBy(() -> d.withIoThreads(-2))
                .hasMessage("ioThreads: -2 (expected: >= 0)");
        assertThatThrownBy(() -> d.withConnectTimeout(Duration.ZERO))
                .hasMessageStartingWith("connectTimeout: PT0S (expected: >= 1ms");
        assertThatThrownBy(() -> d.withReadTimeout(Duration.ofMillis(-5)))
                .hasMessageStartingWith("readTimeout: PT-0.005S (expected: >= 1ms");
        assertThatThrownBy(() -> d.withRetryBackoff(Duration.ofMillis(-1)))
                .hasMessageStartingWith("retryBackoff: PT-0.001S (expected: >= 0");
        assertThatThrownBy(() -> d.withNameServers(
                List.of(InetSocketAddress.createUnresolved("dns.test", 53))))
                .hasMessageStartingWith("nameServers: dns.test");
        assertThatThrownBy(() -> d.withConnectTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("connectTimeout");
    }
}
