package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChannelSessionTest {

    /** Writes a request on channelActive and completes once {@code want} bytes came back. */
    static final class Counting implements ChannelSession<Integer> {
        private final int want;
        private final boolean failAtEnd;
        private int seen;

        Counting(int want, boolean failAtEnd) {
            this.want = want;
            this.failAtEnd = failAtEnd;
        }

        @Override
        public Future<?> start(Channel channel) {
            Promise<Void> over = channel.eventLoop().newPromise();
            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    ctx.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    seen += ((ByteBuf) msg).readableBytes();
                    ReferenceCountUtil.release(msg);
                    if (seen >= want) {
                        if (failAtEnd) {
                            over.tryFailure(new IllegalStateException("the session did not like it"));
                            ctx.fireExceptionCaught(new IllegalStateException("reaches the engine's sink"));
                        } else {
                            over.trySuccess(null);
                        }
                    }
                }
            });
            return over;
        }

        @Override
        public Integer result() {
            return seen;
        }
    }

    @Test
    void completesWhenTheSessionFutureDoes() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.answering(100));
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(false))) {
            Exchange<Integer> exchange =
                    ScanEngineTest.await(engine.session(server.address(), () -> new Counting(100, false)));
            assertThat(exchange.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(exchange.response()).isEqualTo(100);
            assertThat(exchange.detail()).isEmpty();
            assertThat(exchange.attempts()).isEqualTo(1);
        }
    }

    @Test
    void aFailedSessionFutureIsStillCompletedWithTheReasonAsDetail() throws Exception {
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.answering(10));
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true))) {
            Exchange<Integer> exchange =
                    ScanEngineTest.await(engine.session(server.address(), () -> new Counting(10, true)));
            assertThat(exchange.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(exchange.response()).isEqualTo(10);
            assertThat(exchange.detail()).contains("the session did not like it");
        }
    }

    @Test
    void peerCloseAndSilenceEndTheSessionLikeAByteExchange() throws Exception {
        try (LoopbackServer closing = new LoopbackServer(n -> LoopbackServer.answeringThenClosing(5));
                LoopbackServer silent = new LoopbackServer(n -> LoopbackServer.silent());
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true).withMaxRetries(1))) {
            Exchange<Integer> closed =
                    ScanEngineTest.await(engine.session(closing.address(), () -> new Counting(100, false)));
            assertThat(closed.outcome()).isEqualTo(Outcome.CLOSED);
            assertThat(closed.response()).isEqualTo(5);

            AtomicInteger sessions = new AtomicInteger();
            Exchange<Integer> timedOut = ScanEngineTest.await(engine.session(silent.address(), () -> {
                sessions.incrementAndGet();
                return new Counting(1, false);
            }));
            assertThat(timedOut.outcome()).isEqualTo(Outcome.READ_TIMEOUT);
            assertThat(timedOut.attempts()).isEqualTo(2);
            assertThat(sessions).hasValue(2);
            assertThat(silent.accepted()).isEqualTo(2);
        }
    }

    @Test
    void sessionsShareTheEndpointLimit() throws Exception {
        AtomicInteger current = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer(n -> LoopbackServer.counting(current, max, 50, 10));
                ScanEngine engine = new ScanEngine(ScanEngineTest.fast(true).withMaxPerEndpoint(2))) {
            var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Exchange<Integer>>>();
            for (int i = 0; i < 6; i++) {
                futures.add(engine.session(server.address(), () -> new Counting(10, false)));
            }
            for (var f : futures) {
                assertThat(ScanEngineTest.await(f).outcome()).isEqualTo(Outcome.COMPLETED);
            }
            assertThat(max.get()).isLessThanOrEqualTo(2);
        }
    }
}
