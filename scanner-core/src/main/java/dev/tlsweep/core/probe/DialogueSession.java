package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.ChannelSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Runs a {@link Dialogue} as an engine {@link ChannelSession}: writes its opening once connected, feeds it every byte
 * that arrives, writes its answers, and completes when it says it is over. The engine's handler stays first in the
 * pipeline, so its byte cap, timeouts and retry policy apply; a peer close or reset ends the attempt as usual, and
 * the dialogue's {@link Dialogue#result()} is the exchange's response either way.
 */
final class DialogueSession<T> implements ChannelSession<T> {

    private final Dialogue<T> dialogue;

    DialogueSession(Dialogue<T> dialogue) {
        this.dialogue = dialogue;
    }

    @Override
    public Future<?> start(Channel channel) {
        Promise<Void> over = channel.eventLoop().newPromise();
        channel.pipeline().addLast(new Handler(over));
        return over;
    }

    @Override
    public T result() {
        return dialogue.result();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        private final Promise<Void> over;
        private long reads;

        Handler(Promise<Void> over) {
            this.over = over;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            byte[] opening = dialogue.opening();
            if (opening.length > 0) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(opening));
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf in) || over.isDone()) {
                ReferenceCountUtil.release(msg);
                return;
            }
            reads++;
            Dialogue.Step step;
            try {
                step = dialogue.receive(in);
            } catch (RuntimeException e) {
                over.tryFailure(e);
                return;
            } finally {
                in.release();
            }
            apply(ctx, step);
        }

        private void apply(ChannelHandlerContext ctx, Dialogue.Step step) {
            if (step.send().length > 0) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(step.send()));
            }
            if (step.done()) {
                // let the last bytes reach the socket before the engine closes it
                ctx.channel().eventLoop().execute(() -> over.trySuccess(null));
            } else if (step.quietMillis() > 0) {
                long at = reads;
                ctx.channel().eventLoop().schedule(() -> {
                    if (!over.isDone() && reads == at) {
                        Dialogue.Step after;
                        try {
                            after = dialogue.onQuiet();
                        } catch (RuntimeException e) {
                            over.tryFailure(e);
                            return;
                        }
                        apply(ctx, after);
                    }
                }, step.quietMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            over.tryFailure(cause);
        }
    }
}
