package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.reach.Preamble;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.reach.Step;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The engine's side of a plaintext upgrade: the preamble runs on every connection before the request, which
 * goes out only once the server agreed; the upgrade's lower connection limit holds; a refusal, a close, a flood
 * and silence in the preamble end as their own outcomes with the reason, and only silence is retried.
 */
class UpgradeTest {

    private static final byte[] REQUEST = "hello".getBytes(StandardCharsets.US_ASCII);

    /** SMTP's shape without SMTP: the server says a line; {@code GO} upgrades, {@code NO ...} refuses. */
    static Upgrade upgrade(int maxPerEndpoint) {
        return Upgrade.of("test", () -> new Preamble() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public byte[] open() {
                return "START\n".getBytes(StandardCharsets.US_ASCII);
            }

            @Override
            public Step receive(byte[] data, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                    if (data[i] != '\n') {
                        line.append((char) data[i]);
                        continue;
                    }
                    String l = line.toString();
                    line.setLength(0);
                    if (l.equals("GO")) {
                        return new Step(Step.State.UPGRADE, new byte[0], "");
                    }
                    if (l.startsWith("NO")) {
                        return new Step(Step.State.REFUSED, new byte[0], "refused: " + l);
                    }
                }
                return new Step(Step.State.CONTINUE, new byte[0], "");
            }

            @Override
            public String waitingFor() {
                return "GO";
            }
        }, maxPerEndpoint);
    }

    /**
     * A server that waits for {@code START}, says {@code GO}, then checks that the next bytes are the request and
     * answers 4 bytes after holding the connection a while; counts connections at once.
     */
    static ChannelHandler upgrading(AtomicInteger current, AtomicInteger max, AtomicReference<String> wrong) {
        return new ChannelInboundHandlerAdapter() {
            private final StringBuilder seen = new StringBuilder();
            private boolean upgraded;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                max.accumulateAndGet(current.incrementAndGet(), Math::max);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf in = (ByteBuf) msg;
                seen.append(in.toString(StandardCharsets.US_ASCII));
                in.release();
                if (!upgraded && seen.toString().equals("START\n")) {
                    upgraded = true;
                    seen.setLength(0);
                    ctx.writeAndFlush(Unpooled.copiedBuffer("220 wait\nGO\n", StandardCharsets.US_ASCII));
                } else if (upgraded && seen.length() >= REQUEST.length) {
                    if (!seen.toString().equals("hello")) {
                        wrong.set(seen.toString());
                    }
                    ctx.executor().schedule(() -> {
                        current.decrementAndGet();
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[4]));
                    }, 30, TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        };
    }

    @Test
    void theRequestFollowsTheUpgradeOnEveryConnectionUnderTheUpgradesLimit() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicReference<String> wrong = new AtomicReference<>();
        try (LoopbackServer server = new LoopbackServer(n -> upgrading(current, max, wrong));
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true))) {
            assertThat(engine.config().maxPerEndpoint()).isEqualTo(8);
            List<CompletableFuture<Exchange<Integer>>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(engine.exchange(server.address(), upgrade(2), REQUEST, () -> new CountingDecoder(4)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(futures).allSatisfy(f -> {
                assertThat(f.join().outcome()).as(f.join().detail()).isEqualTo(Outcome.COMPLETED);
                assertThat(f.join().response()).isEqualTo(4); // the preamble's bytes never reach the decoder
            });
            assertThat(wrong.get()).isNull();
            assertThat(max.get()).isEqualTo(2);
            assertThat(server.accepted()).isEqualTo(12);
        }
    }

    private static ChannelHandler saying(String text, boolean thenClose) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
                var f = ctx.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
                if (thenClose) {
                    f.addListener(x -> ctx.close());
                }
            }
        };
    }

    @Test
    void aRefusalEndsTheAttemptInTheServersWordsWithoutRetry() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> saying("NO not today\n", false));
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true))) {
            Exchange<Integer> e = engine.exchange(server.address(), upgrade(2), REQUEST, () -> new CountingDecoder(4))
                    .get(10, TimeUnit.SECONDS);
            assertThat(e.outcome()).isEqualTo(Outcome.UPGRADE_REFUSED);
            assertThat(e.detail()).isEqualTo("refused: NO not today");
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.response()).isZero();
        }
    }

    @Test
    void aCloseDuringThePreambleIsAnUpgradeFailure() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> saying("220 hello\n", true));
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true))) {
            Exchange<Integer> e = engine.exchange(server.address(), upgrade(2), REQUEST, () -> new CountingDecoder(4))
                    .get(10, TimeUnit.SECONDS);
            assertThat(e.outcome()).isEqualTo(Outcome.UPGRADE_FAILED);
            assertThat(e.detail()).isEqualTo("the server closed the connection during the test preamble, while tlsweep"
                    + " waited for GO (after 10 bytes)");
            assertThat(e.outcome().inUpgrade()).isTrue();
        }
    }

    @Test
    void aFloodInThePreambleStopsAtItsByteLimit() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> saying("x".repeat(100_000), false));
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true))) {
            Upgrade small = new Upgrade("test", upgrade(2).preambles(), 2, 4096, Duration.ofSeconds(5));
            Exchange<Integer> e = engine.exchange(server.address(), small, REQUEST, () -> new CountingDecoder(4))
                    .get(10, TimeUnit.SECONDS);
            assertThat(e.outcome()).isEqualTo(Outcome.UPGRADE_FAILED);
            assertThat(e.detail()).isEqualTo("test preamble exceeded 4096 bytes while waiting for GO");
        }
    }

    @Test
    void silenceInThePreambleTimesOutAndIsRetriedOnce() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.silent());
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true))) {
            Exchange<Integer> e = engine.exchange(server.address(), upgrade(2), REQUEST, () -> new CountingDecoder(4))
                    .get(10, TimeUnit.SECONDS);
            assertThat(e.outcome()).isEqualTo(Outcome.UPGRADE_TIMEOUT);
            assertThat(e.detail()).startsWith("no answer for 300ms during the test preamble, waiting for GO after 0 bytes");
            assertThat(e.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aDrippingPreambleEndsAtItsDeadline() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.dripping(100, 1000));
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true))) {
            Upgrade quick = upgrade(2).withDeadline(Duration.ofMillis(600));
            Exchange<Integer> e = engine.exchange(server.address(), quick, REQUEST, () -> new CountingDecoder(4))
                    .get(10, TimeUnit.SECONDS);
            assertThat(e.outcome()).isEqualTo(Outcome.UPGRADE_TIMEOUT);
            assertThat(e.detail()).startsWith("test preamble not done within 600ms, waiting for GO after ");
            assertThat(e.attempts()).isEqualTo(1); // bytes came: a slow server, not an absent one
        }
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> Upgrade.of("smtp", () -> Starttls.SMTP.preamble("x"), 0))
                .hasMessage("maxPerEndpoint: 0 (expected: > 0)");
        assertThatThrownBy(() -> new Upgrade("smtp", () -> Starttls.SMTP.preamble("x"), 1, 0, Duration.ofSeconds(1)))
                .hasMessage("maxBytes: 0 (expected: > 0)");
        assertThatThrownBy(() -> Upgrade.of("smtp", () -> Starttls.SMTP.preamble("x"), 1).withDeadline(Duration.ZERO))
                .hasMessageStartingWith("deadline: PT0S (expected: >= 1ms");
    }
}
