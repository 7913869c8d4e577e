package dev.tlsweep.core.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** A TCP server on 127.0.0.1 with a behaviour per connection, for engine tests. */
final class LoopbackServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final AtomicInteger accepted = new AtomicInteger();

    /** @param behaviour creates the handler of the n-th accepted connection (counting from 1) */
    LoopbackServer(IntFunction<ChannelHandler> behaviour) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(behaviour.apply(accepted.incrementAndGet()));
                    }
                });
        channel = bootstrap.bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---- behaviours ----

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    /** Reads the request, then answers {@code n} bytes and keeps the connection open. */
    static ChannelHandler answering(int n) {
        return new OnRequest() {
            @Override
            void request(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes(n)));
            }
        };
    }

    /** Reads the request, answers {@code n} bytes (possibly none), then closes with a FIN. */
    static ChannelHandler answeringThenClosing(int n) {
        return new OnRequest() {
            @Override
            void request(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes(n))).addListener(f -> ctx.close());
            }
        };
    }

    /** Reads the request, then resets the connection (SO_LINGER 0 and close). */
    static ChannelHandler resetting() {
        return new OnRequest() {
            @Override
            void request(ChannelHandlerContext ctx) {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
            }
        };
    }

    /** Reads and discards everything, never answers. */
    static ChannelHandler silent() {
        return new OnRequest() {
            @Override
            void request(ChannelHandlerContext ctx) {}
        };
    }

    /** After the request, sends one byte every {@code periodMillis}, at most {@code max} bytes. */
    static ChannelHandler dripping(long periodMillis, int max) {
        return new OnRequest() {
            private int sent;

            @Override
            void request(ChannelHandlerContext ctx) {
                drip(ctx);
            }

            private void drip(ChannelHandlerContext ctx) {
                if (!ctx.channel().isActive() || sent++ >= max) {
                    return;
                }
                ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes(1)));
                ctx.executor().schedule(() -> drip(ctx), periodMillis, TimeUnit.MILLISECONDS);
            }
        };
    }

    /**
     * Counts connections not yet answered in {@code current} (recording the maximum in {@code max}),
     * holds each for {@code holdMillis}, then stops counting it and answers {@code n} bytes.
     */
    static ChannelHandler counting(AtomicInteger current, AtomicInteger max, long holdMillis,
            int n) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                max.accumulateAndGet(current.incrementAndGet(), Math::max);
                ctx.executor().schedule(() -> {
                    current.decrementAndGet();
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes(n)));
                }, holdMillis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close(); // the engine closes with a reset once it has its answer
            }
        };
    }

    /** Acts once, on the first bytes of the request; discards everything received. */
    private abstract static class OnRequest extends ChannelInboundHandlerAdapter {
        private boolean seen;

        abstract void request(ChannelHandlerContext ctx);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!seen) {
                seen = true;
                request(ctx);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
