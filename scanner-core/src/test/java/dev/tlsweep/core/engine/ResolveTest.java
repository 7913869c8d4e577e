package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Name resolution. Names that need DNS are only ever sent to a server this test starts on
 * 127.0.0.1; the other cases (literals, localhost, .invalid) send no query at all.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResolveTest {

    private static EngineConfig config() {
        return EngineConfig.defaults().withIoThreads(1);
    }

    private static List<InetAddress> resolve(ScanEngine engine, String host) throws Exception {
        return engine.resolve(host).get(10, TimeUnit.SECONDS);
    }

    @Test
    void literalsNeedNoLookup() throws Exception {
        try (ScanEngine engine = new ScanEngine(config())) {
            assertThat(resolve(engine, "127.0.0.1"))
                    .containsExactly(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            InetAddress v6Loopback = InetAddress.getByAddress(
                    new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
            assertThat(resolve(engine, "::1")).containsExactly(v6Loopback);
            assertThat(resolve(engine, "[::1]")).containsExactly(v6Loopback);
            assertThat(engine.resolve("10.1.2.3")).isCompleted();
        }
    }

    @Test
    void localhostResolvesToLoopbackWithoutDns() throws Exception {
        try (LoopbackDnsServer dns = new LoopbackDnsServer(Map.of());
                ScanEngine engine = new ScanEngine(config().withNameServers(List.of(dns.address())))) {
            assertThat(resolve(engine, "localhost"))
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
            assertThat(resolve(engine, "LOCALHOST."))
                    .allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
            assertThat(resolve(engine, "scanner.localhost"))
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
            assertThat(dns.questions()).isEmpty();
        }
    }

    @Test
    void invalidNamesFailAtOnceWithoutDns() {
        try (LoopbackDnsServer dns = new LoopbackDnsServer(Map.of());
                ScanEngine engine = new ScanEngine(config().withNameServers(List.of(dns.address())))) {
            CompletableFuture<List<InetAddress>> future = engine.resolve("no-such-host.invalid");

            assertThat(future).isCompletedExceptionally();
            assertThatThrownBy(future::join).hasCauseInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("no-such-host.invalid");
            assertThat(dns.questions()).isEmpty();
        }
    }

    @Test
    void namesAreResolvedByTheConfiguredServer() throws Exception {
        InetAddress a = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        InetAddress b = InetAddress.getByAddress(new byte[] {127, 0, 0, 3});
        try (LoopbackDnsServer dns = new LoopbackDnsServer(Map.of("multi.tlsweep.test", List.of(a, b)));
                ScanEngine engine = new ScanEngine(config().withNameServers(List.of(dns.address())))) {
            assertThat(resolve(engine, "multi.tlsweep.test")).containsExactlyInAnyOrder(a, b);
            assertThat(dns.questions()).contains("multi.tlsweep.test A");
        }
    }

    @Test
    void nxdomainFailsWithUnknownHost() {
        try (LoopbackDnsServer dns = new LoopbackDnsServer(Map.of());
                ScanEngine engine = new ScanEngine(config().withNameServers(List.of(dns.address())))) {
            assertThatThrownBy(() -> resolve(engine, "nx.tlsweep.test"))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownHostException.class)
                    // in the user's words, not the resolver's ("[A(1), AAAA(28)] after 2 queries")
                    .cause().hasMessage("nx.tlsweep.test: no such name (NXDOMAIN)");
            assertThat(dns.questions()).allSatisfy(q -> assertThat(q).startsWith("nx.tlsweep.test "));
        }
    }

    @Test
    void unansweredQueriesTimeOutAsUnknownHost() {
        try (LoopbackDnsServer dns = new LoopbackDnsServer(Map.of());
                ScanEngine engine = new ScanEngine(config()
                        .withNameServers(List.of(dns.address()))
                        .withDnsQueryTimeout(Duration.ofMillis(200)))) {
            assertThatThrownBy(() -> resolve(engine, "silent.tlsweep.test"))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownHostException.class)
                    .cause().hasMessage("silent.tlsweep.test: the DNS server did not answer in time");
            assertThat(dns.questions()).isNotEmpty()
                    .allSatisfy(q -> assertThat(q).startsWith("silent.tlsweep.test "));
        }
    }

    @Test
    void resolveAfterCloseFails() {
        ScanEngine engine = new ScanEngine(config());
        engine.close();
        assertThat(engine.resolve("example.test")).isCompletedExceptionally();
    }
}
