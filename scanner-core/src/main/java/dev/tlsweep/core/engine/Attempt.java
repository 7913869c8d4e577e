package dev.tlsweep.core.engine;

import dev.tlsweep.core.reach.Preamble;
import dev.tlsweep.core.reach.Step;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection of one job: runs the job's plaintext preamble first when it has an {@link Upgrade}, then writes
 * the request, feeds what comes back to a fresh decoder (or, for a session job, passes it on to the handlers of a
 * fresh {@link ChannelSession}), and reports how the connection ended exactly once. Every method runs on the
 * channel's event loop.
 */
final class Attempt<T> extends ChannelAttempt<T> {

    /** Receives the end of an attempt, on the channel's event loop. */
    interface Listener {
        /** The reason an attempt gives when its job's future was cancelled. */
        String CANCELLED = "cancelled";

        <T> void attemptEnded(Job<T> job, Outcome outcome, T response, String detail, long received);

        /** Whether the engine is closing, so that a connection closed under us is not the peer's. */
        boolean closing();
    }

    private ResponseDecoder<T> decoder;
    private ChannelSession<T> session;
    private ByteBuf cumulation;
    private long received;
    /** The preamble of this connection while it runs; null before, after, and without an upgrade. */
    private Preamble preamble;
    private long preambleReceived;
    private ScheduledFuture<?> preambleTimer;
    private long lastProgressNanos;
    private boolean connected;
    /**
     * When the attempt ends whatever arrives ({@link #attemptTimeoutNanos} after it connected, or after its preamble
     * upgraded the connection); not armed during a preamble, which has a deadline of its own.
     */
    private long capAtNanos;
    private boolean capArmed;
    /** The one timer of the attempt: the read timeout, and the cap on the whole attempt. */
    private ScheduledFuture<?> timer;

    Attempt(Job<T> job, Listener listener, long readTimeoutNanos, long attemptTimeoutNanos,
            int maxResponseBytes) {
        super(job, listener, readTimeoutNanos, attemptTimeoutNanos, maxResponseBytes);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        connected = true;
        if (selfConnected(channel)) {
            // Connecting to a free ephemeral port of this host can pick that same port as the local one: TCP's
            // simultaneous open then connects the socket to itself. Nothing listens there.
            connected = false;
            finish(Outcome.REFUSED, "nothing listens on " + channel.remoteAddress()
                    + " (the connection reached itself: a loopback self-connect on an ephemeral port)");
            return;
        }
        if (job.sessions != null) {
            try {
                session = job.sessions.get();
                if (session == null) {
                    finish(Outcome.ERROR, "session supplier returned null");
                    return;
                }
            } catch (RuntimeException e) {
                finish(Outcome.ERROR, "session supplier failed: " + Failures.describe(e));
                return;
            }
        } else {
            try {
                decoder = job.decoders.get();
                if (decoder == null) {
                    finish(Outcome.ERROR, "decoder supplier returned null");
                    return;
                }
            } catch (RuntimeException e) {
                finish(Outcome.ERROR, "decoder supplier failed: " + Failures.describe(e));
                return;
            }
        }
        lastProgressNanos = ctx.executor().ticker().nanoTime();
        capAtNanos = lastProgressNanos + attemptTimeoutNanos;
        capArmed = true;
        timer = ctx.executor().schedule(this::checkTimers, Math.min(readTimeoutNanos, attemptTimeoutNanos),
                TimeUnit.NANOSECONDS);
        if (job.upgrade != null) {
            startPreamble(ctx);
            return;
        }
        begin(ctx);
    }

    /** Starts the exchange proper: the session, or the request. */
    private void begin(ChannelHandlerContext ctx) {
        if (session != null) {
            startSession(ctx);
            return;
        }
        write(ctx, job.request);
        ctx.fireChannelActive();
    }

    private void startPreamble(ChannelHandlerContext ctx) {
        Upgrade upgrade = job.upgrade;
        try {
            preamble = upgrade.preambles().get();
            if (preamble == null) {
                finish(Outcome.ERROR, "preamble supplier returned null");
                return;
            }
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "preamble supplier failed: " + Failures.describe(e));
            return;
        }
        // The attempt's overall cap starts again once TLS starts; meanwhile the preamble's own deadline applies.
        capArmed = false;
        preambleTimer = ctx.executor().schedule(() -> finish(Outcome.UPGRADE_TIMEOUT, upgrade.protocol()
                + " preamble not done within " + upgrade.deadline().toMillis() + "ms, waiting for "
                + preamble.waitingFor() + " after " + preambleReceived + " bytes"),
                upgrade.deadline().toNanos(), TimeUnit.NANOSECONDS);
        write(ctx, preamble.open());
    }

    private void write(ChannelHandlerContext ctx, byte[] bytes) {
        if (bytes.length > 0) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener((ChannelFuture f) -> {
                if (!f.isSuccess()) {
                    fail(f.cause());
                }
            });
        }
    }

    /** Feeds the server's bytes to the preamble and does what it says. */
    private void preambleRead(ChannelHandlerContext ctx, ByteBuf in) {
        int n = in.readableBytes();
        preambleReceived += n;
        lastProgressNanos = ctx.executor().ticker().nanoTime();
        if (preambleReceived > job.upgrade.maxBytes()) {
            in.release();
            finish(Outcome.UPGRADE_FAILED, job.upgrade.protocol() + " preamble exceeded " + job.upgrade.maxBytes()
                    + " bytes while waiting for " + preamble.waitingFor());
            return;
        }
        byte[] bytes = new byte[n];
        in.readBytes(bytes);
        in.release();
        Step step;
        try {
            step = preamble.receive(bytes, 0, n);
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "preamble failed: " + Failures.describe(e));
            return;
        }
        switch (step.state()) {
            case CONTINUE -> write(ctx, step.send());
            case UPGRADE -> {
                write(ctx, step.send());
                preamble = null;
                preambleTimer.cancel(false);
                lastProgressNanos = ctx.executor().ticker().nanoTime();
                capAtNanos = lastProgressNanos + attemptTimeoutNanos;
                capArmed = true;
                begin(ctx);
            }
            case REFUSED -> finish(Outcome.UPGRADE_REFUSED, step.reason());
            case FAILED -> finish(Outcome.UPGRADE_FAILED, job.upgrade.protocol() + " preamble: " + step.reason());
            default -> throw new IllegalStateException(step.state().name());
        }
    }

    private void startSession(ChannelHandlerContext ctx) {
        Future<?> over;
        try {
            over = session.start(ctx.channel());
            ctx.pipeline().addLast(new Sink());
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "session failed to start: " + Failures.describe(e));
            return;
        }
        if (over == null) {
            finish(Outcome.ERROR, "session start returned null");
            return;
        }
        over.addListener(f -> finish(Outcome.COMPLETED,
                f.isSuccess() ? "" : Failures.describe(f.cause())));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (preamble != null && !done && msg instanceof ByteBuf in) {
            preambleRead(ctx, in);
            return;
        }
        if (session != null && !done && msg instanceof ByteBuf in) {
            received += in.readableBytes();
            lastProgressNanos = ctx.executor().ticker().nanoTime();
            if (received > maxResponseBytes) {
                in.release();
                finish(Outcome.ERROR, "response exceeded " + maxResponseBytes + " bytes");
                return;
            }
            ctx.fireChannelRead(in);
            return;
        }
        if (done || decoder == null || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int readable = in.readableBytes();
        received += readable;
        lastProgressNanos = ctx.executor().ticker().nanoTime();
        if (received > maxResponseBytes) {
            in.release();
            finish(Outcome.ERROR, "response exceeded " + maxResponseBytes + " bytes");
            return;
        }
        cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(),
                cumulation == null ? Unpooled.EMPTY_BUFFER : cumulation, in);
        boolean enough;
        try {
            enough = decoder.offer(cumulation);
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "decoder failed: " + Failures.describe(e));
            return;
        }
        if (enough) {
            finish(Outcome.COMPLETED, "");
        } else if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else {
            cumulation.discardSomeReadBytes();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            if (listener.closing()) {
                finish(Outcome.ERROR, "engine closed");
            } else if (preamble != null) {
                finish(Outcome.UPGRADE_FAILED, "the server closed the connection during the " + job.upgrade.protocol()
                        + " preamble, while tlsweep waited for " + preamble.waitingFor() + " (after "
                        + preambleReceived + " bytes)");
            } else {
                finish(Outcome.CLOSED, "peer closed after " + received + " bytes");
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    void failed(Throwable cause) {
        Outcome outcome = Failures.classify(cause, connected);
        if (preamble != null && preambleReceived > 0 && outcome == Outcome.RESET) {
            finish(Outcome.UPGRADE_FAILED, "the server reset the connection during the " + job.upgrade.protocol()
                    + " preamble, while tlsweep waited for " + preamble.waitingFor() + " (after "
                    + preambleReceived + " bytes)");
            return;
        }
        finish(outcome, Failures.describe(cause));
    }

    /** The read timeout and the attempt's cap, checked by one timer that moves instead of one timer each. */
    private void checkTimers() {
        if (done) {
            return;
        }
        long now = channel.eventLoop().ticker().nanoTime();
        if (capArmed && now - capAtNanos >= 0) {
            finish(Outcome.READ_TIMEOUT, "attempt exceeded " + TimeUnit.NANOSECONDS.toMillis(attemptTimeoutNanos)
                    + "ms after " + received + " bytes");
            return;
        }
        long idle = now - lastProgressNanos;
        if (idle >= readTimeoutNanos && preamble != null) {
            finish(Outcome.UPGRADE_TIMEOUT, "no answer for " + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos)
                    + "ms during the " + job.upgrade.protocol() + " preamble, waiting for " + preamble.waitingFor()
                    + " after " + preambleReceived + " bytes");
        } else if (idle >= readTimeoutNanos) {
            finish(Outcome.READ_TIMEOUT, "no data for " + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos)
                    + "ms after " + received + " bytes");
        } else {
            timer = channel.eventLoop().schedule(this::checkTimers,
                    capArmed ? Math.min(readTimeoutNanos - idle, capAtNanos - now) : readTimeoutNanos - idle,
                    TimeUnit.NANOSECONDS);
        }
    }

    @Override
    void finish(Outcome outcome, String detail) {
        if (done) {
            return;
        }
        done = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (preambleTimer != null) {
            preambleTimer.cancel(false);
        }
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        T response = null;
        if (decoder != null) {
            try {
                response = decoder.result();
            } catch (RuntimeException e) {
                outcome = Outcome.ERROR;
                detail = "decoder result failed: " + Failures.describe(e);
            }
        } else if (session != null) {
            try {
                response = session.result();
            } catch (RuntimeException e) {
                outcome = Outcome.ERROR;
                detail = "session result failed: " + Failures.describe(e);
            }
        }
        if (channel != null && channel.isRegistered()) {
            // A channel that never got an event loop (no descriptor for its socket) has nothing to close, and
            // closing it would throw before the attempt is reported: its slot would never be given back.
            channel.close();
        }
        // Whether the server sent anything at all decides a retry: during the preamble, its bytes count.
        listener.attemptEnded(job, outcome, response, detail, preamble != null ? preambleReceived : received);
    }

    /** Whether the connection's two ends are the same address and port: TCP's simultaneous open with itself. */
    static boolean selfConnected(Channel ch) {
        java.net.SocketAddress local = ch.localAddress();
        return local instanceof java.net.InetSocketAddress && local.equals(ch.remoteAddress());
    }

    /** The last handler of a session's pipeline: what reaches it is dropped quietly. */
    private static final class Sink extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // The session reports its own failures through its future; the engine closes the channel.
        }
    }
}
