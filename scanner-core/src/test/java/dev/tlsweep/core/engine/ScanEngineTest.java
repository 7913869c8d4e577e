package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScanEngineTest {

    private static final byte[] REQUEST = "hello".getBytes(StandardCharsets.US_ASCII);

    static EngineConfig fast(boolean nativeTransport) {
        return EngineConfig.defaults()
                .withIoThreads(2)
                .withNativeTransport(nativeTransport)
                .withConnectTimeout(Duration.ofSeconds(2))
                .withReadTimeout(Duration.ofMillis(300))
                .withRetryBackoff(Duration.ofMillis(10));
    }

    static <T> Exchange<T> await(CompletableFuture<Exchange<T>> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** Stats once the slots of completed exchanges have been given back (bounded wait). */
    static EngineStats settled(ScanEngine engine) throws InterruptedException {
        for (int i = 0; i < 500 && engine.stats().inFlight() > 0; i++) {
            Thread.sleep(10);
        }
        return engine.stats();
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void completesWhenTheDecoderHasEnough(boolean nativeTransport) throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.answering(100));
                ScanEngine engine = new ScanEngine(fast(nativeTransport))) {
            Exchange<Integer> exchange =
                    await(engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(100)));

            assertThat(exchange.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(exchange.response()).isEqualTo(100);
            assertThat(exchange.attempts()).isEqualTo(1);
            assertThat(exchange.remote()).isEqualTo(server.address());
            assertThat(exchange.elapsedNanos()).isPositive();
            EngineStats stats = engine.stats();
            assertThat(stats.count(Outcome.COMPLETED)).isEqualTo(1);
            assertThat(stats.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void feedsTheDecoderWhatItLeftUnconsumedAgain() throws Exception {
        // A decoder that only consumes whole 10-byte units sees the tail again with the next bytes.
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.dripping(5, 25));
                ScanEngine engine = new ScanEngine(fast(true))) {
            Exchange<Integer> exchange = await(engine.exchange(server.address(), REQUEST,
                    () -> new ResponseDecoder<Integer>() {
                        private int units;

                        @Override
                        public boolean offer(io.netty.buffer.ByteBuf in) {
                            while (in.readableBytes() >= 10) {
                                in.skipBytes(10);
                                units++;
                            }
                            return units == 2;
                        }

                        @Override
                        public Integer result() {
                            return units;
                        }
                    }));

            assertThat(exchange.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(exchange.response()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void peerClosingFirstIsClosedWithWhatWasSeen(boolean nativeTransport) throws Exception {
        try (LoopbackServer silentClose = new LoopbackServer(n -> LoopbackServer.answeringThenClosing(0));
                LoopbackServer partial = new LoopbackServer(n -> LoopbackServer.answeringThenClosing(7));
                ScanEngine engine = new ScanEngine(fast(nativeTransport))) {
            Exchange<Integer> none =
                    await(engine.exchange(silentClose.address(), REQUEST, () -> new CountingDecoder(100)));
            Exchange<Integer> some =
                    await(engine.exchange(partial.address(), REQUEST, () -> new CountingDecoder(100)));

            assertThat(none.outcome()).isEqualTo(Outcome.CLOSED);
            assertThat(none.response()).isZero();
            assertThat(none.attempts()).isEqualTo(1);
            assertThat(some.outcome()).isEqualTo(Outcome.CLOSED);
            assertThat(some.response()).isEqualTo(7);
            assertThat(some.detail()).contains("after 7 bytes");
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void resetWithoutDataIsRetriedThenReported(boolean nativeTransport) throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.resetting());
                ScanEngine engine = new ScanEngine(fast(nativeTransport))) {
            Exchange<Integer> exchange =
                    await(engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(100)));

            assertThat(exchange.outcome()).isEqualTo(Outcome.RESET);
            assertThat(exchange.response()).isZero();
            assertThat(exchange.attempts()).isEqualTo(2);
            assertThat(server.accepted()).isEqualTo(2);
            assertThat(engine.stats().retries()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void silentServerTimesOutAfterEveryRetry(boolean nativeTransport) throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.silent());
                ScanEngine engine = new ScanEngine(fast(nativeTransport).withMaxRetries(2))) {
            Exchange<Integer> exchange =
                    await(engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(1)));

            assertThat(exchange.outcome()).isEqualTo(Outcome.READ_TIMEOUT);
            assertThat(exchange.attempts()).isEqualTo(3);
            assertThat(exchange.response()).isZero();
            assertThat(server.accepted()).isEqualTo(3);
            EngineStats stats = engine.stats();
            assertThat(stats.connectionsOpened()).isEqualTo(3);
            assertThat(stats.retries()).isEqualTo(2);
            assertThat(stats.count(Outcome.READ_TIMEOUT)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void nothingListeningIsRefused(boolean nativeTransport) throws Exception {
        InetSocketAddress closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = (InetSocketAddress) socket.getLocalSocketAddress();
        }
        try (ScanEngine engine = new ScanEngine(fast(nativeTransport))) {
            Exchange<Integer> exchange =
                    await(engine.exchange(closedPort, REQUEST, () -> new CountingDecoder(1)));

            assertThat(exchange.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(exchange.outcome().connected()).isFalse();
            assertThat(exchange.response()).isNull();
            assertThat(exchange.attempts()).isEqualTo(1);
            assertThat(exchange.detail()).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void fullAcceptQueueIsAConnectTimeoutAndIsRetried(boolean nativeTransport) throws Exception {
        // A listener that never accepts: once its accept queue is full the kernel drops further SYNs,
        // so the handshake cannot finish.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ScanEngine engine = new ScanEngine(fast(nativeTransport)
                        .withConnectTimeout(Duration.ofMillis(300)))) {
            List<Socket> fillers = new ArrayList<>();
            try {
                boolean full = false;
                for (int i = 0; i < 8 && !full; i++) {
                    Socket filler = new Socket();
                    fillers.add(filler);
                    try {
                        filler.connect(listener.getLocalSocketAddress(), 300);
                    } catch (SocketTimeoutException e) {
                        full = true;
                    }
                }
                assumeTrue(full, "the kernel kept accepting connections for the full queue");

                Exchange<Integer> exchange = await(engine.exchange(
                        (InetSocketAddress) listener.getLocalSocketAddress(), REQUEST,
                        () -> new CountingDecoder(1)));

                assertThat(exchange.outcome()).isEqualTo(Outcome.CONNECT_TIMEOUT);
                assertThat(exchange.response()).isNull();
                assertThat(exchange.attempts()).isEqualTo(2);
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void retrySucceedsWhenTheSecondConnectionIsAnswered() throws Exception {
        try (LoopbackServer server = new LoopbackServer(
                        n -> n == 1 ? LoopbackServer.silent() : LoopbackServer.answering(10));
                ScanEngine engine = new ScanEngine(fast(true))) {
            Exchange<Integer> exchange =
                    await(engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(10)));

            assertThat(exchange.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(exchange.response()).isEqualTo(10);
            assertThat(exchange.attempts()).isEqualTo(2);
        }
    }

    @Test
    void slowDripIsCutAtTheAttemptCapAndNotRetried() throws Exception {
        // One byte every 50ms never leaves the connection idle for the 300ms read timeout, but the
        // attempt is capped at 900ms.
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.dripping(50, 10_000));
                ScanEngine engine = new ScanEngine(fast(true))) {
            Exchange<Integer> exchange =
                    await(engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(10_000)));

            assertThat(exchange.outcome()).isEqualTo(Outcome.READ_TIMEOUT);
            assertThat(exchange.detail()).contains("attempt exceeded 900ms");
            assertThat(exchange.response()).isPositive().isLessThan(10_000);
            assertThat(exchange.attempts()).isEqualTo(1);
        }
    }

    @Test
    void responsesAreCappedWhateverTheDecoderSays() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.answering(5_000));
                ScanEngine engine = new ScanEngine(fast(true).withMaxResponseBytes(1_000))) {
            Exchange<Integer> exchange =
                    await(engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(1 << 20)));

            assertThat(exchange.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(exchange.detail()).contains("exceeded 1000 bytes");
            assertThat(exchange.response()).isLessThanOrEqualTo(1_000);
        }
    }

    @Test
    void failingDecodersAreErrorsNotExceptions() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.answering(10));
                ScanEngine engine = new ScanEngine(fast(true))) {
            Exchange<String> exchange = await(engine.exchange(server.address(), REQUEST,
                    () -> new ResponseDecoder<String>() {
                        @Override
                        public boolean offer(io.netty.buffer.ByteBuf in) {
                            throw new IllegalStateException("boom");
                        }

                        @Override
                        public String result() {
                            return "partial";
                        }
                    }));

            assertThat(exchange.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(exchange.detail()).contains("boom");
            assertThat(exchange.response()).isEqualTo("partial");
        }
    }

    @Test
    void perEndpointLimitHolds() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        try (LoopbackServer server =
                        new LoopbackServer(n -> LoopbackServer.counting(current, max, 50, 4));
                ScanEngine engine = new ScanEngine(fast(true).withMaxPerEndpoint(2))) {
            List<CompletableFuture<Exchange<Integer>>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(4)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

            assertThat(futures).allSatisfy(
                    f -> assertThat(f.join().outcome()).isEqualTo(Outcome.COMPLETED));
            assertThat(max.get()).isEqualTo(2);
        }
    }

    @Test
    void globalLimitHoldsAcrossEndpointsAndEveryExchangeCompletes() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<LoopbackServer> servers = new ArrayList<>();
        try (ScanEngine engine = new ScanEngine(fast(true).withMaxInFlight(3))) {
            for (int i = 0; i < 4; i++) {
                servers.add(new LoopbackServer(n -> LoopbackServer.counting(current, max, 5, 4)));
            }
            List<CompletableFuture<Exchange<Integer>>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(engine.exchange(servers.get(i % servers.size()).address(), REQUEST,
                        () -> new CountingDecoder(4)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(25, TimeUnit.SECONDS);

            assertThat(futures).allSatisfy(
                    f -> assertThat(f.join().outcome()).isEqualTo(Outcome.COMPLETED));
            assertThat(max.get()).isEqualTo(3);
            EngineStats stats = settled(engine);
            assertThat(stats.count(Outcome.COMPLETED)).isEqualTo(200);
            assertThat(stats.completed()).isEqualTo(200);
            assertThat(stats.connectionsOpened()).isEqualTo(200);
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.queued()).isZero();
        } finally {
            servers.forEach(LoopbackServer::close);
        }
    }

    @Test
    void closeEndsEverythingAndReleasesTheEventLoops() throws Exception {
        LoopbackServer server = new LoopbackServer(n -> LoopbackServer.silent());
        ScanEngine engine = new ScanEngine(fast(true)
                .withMaxInFlight(1).withReadTimeout(Duration.ofSeconds(20)));
        try {
            CompletableFuture<Exchange<Integer>> running =
                    engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(1));
            CompletableFuture<Exchange<Integer>> queued =
                    engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(1));
            // Wait until the first exchange holds the only slot.
            for (int i = 0; i < 200 && server.accepted() == 0; i++) {
                Thread.sleep(10);
            }

            engine.close();

            assertThat(engine.group().isTerminated()).isTrue();
            assertThat(await(running).outcome()).isEqualTo(Outcome.ERROR);
            assertThat(await(running).detail()).contains("engine closed");
            assertThatThrownBy(() -> queued.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(engine.exchange(server.address(), REQUEST, () -> new CountingDecoder(1)))
                    .isCompletedExceptionally();
            engine.close(); // idempotent
        } finally {
            engine.close();
            server.close();
        }
    }

    @Test
    void rejectsUnresolvedAddresses() {
        try (ScanEngine engine = new ScanEngine(fast(true))) {
            assertThatThrownBy(() -> engine.exchange(
                    InetSocketAddress.createUnresolved("example.test", 443), REQUEST,
                    () -> new CountingDecoder(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("address: example.test/<unresolved>:443 (expected: resolved)");
        }
    }
}
