package dev.tlsweep.core.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One attempt of a datagram job: a UDP socket connected to the peer (so that only its datagrams arrive, and an ICMP
 * port unreachable ends the attempt as {@link Outcome#REFUSED}), the dialog's first datagrams, its answers to each
 * datagram received, retransmissions after silence (doubling, at most {@link Retransmission#max()}), the read
 * timeout after the last datagram received, the attempt's overall cap and the byte cap. Reports its end exactly
 * once. Every method runs on the channel's event loop.
 */
final class DatagramAttempt<T> extends ChannelAttempt<T> {

    private DatagramDialog<T> dialog;
    private long received;
    private long lastProgressNanos;
    private int retransmissions;
    private long retransmitNanos;
    private ScheduledFuture<?> idleTimer;
    private ScheduledFuture<?> capTimer;
    private ScheduledFuture<?> retransmitTimer;

    DatagramAttempt(Job<T> job, Attempt.Listener listener, long readTimeoutNanos, long attemptTimeoutNanos,
            int maxResponseBytes) {
        super(job, listener, readTimeoutNanos, attemptTimeoutNanos, maxResponseBytes);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        try {
            dialog = job.dialogs.get();
            if (dialog == null) {
                finish(Outcome.ERROR, "dialog supplier returned null");
                return;
            }
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "dialog supplier failed: " + Failures.describe(e));
            return;
        }
        lastProgressNanos = ctx.executor().ticker().nanoTime();
        idleTimer = ctx.executor().schedule(this::checkIdle, readTimeoutNanos, TimeUnit.NANOSECONDS);
        capTimer = ctx.executor().schedule(() -> finish(Outcome.READ_TIMEOUT, "attempt exceeded "
                + TimeUnit.NANOSECONDS.toMillis(attemptTimeoutNanos) + "ms after " + received + " bytes"),
                attemptTimeoutNanos, TimeUnit.NANOSECONDS);
        retransmitNanos = job.retransmission.first().toNanos();
        List<byte[]> first;
        try {
            first = dialog.open();
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "dialog failed: " + Failures.describe(e));
            return;
        }
        send(first);
        armRetransmit();
        ctx.fireChannelActive();
    }

    /** Sends the datagrams; returns the future of the last write (a succeeded one when there is none). */
    private ChannelFuture send(List<byte[]> datagrams) {
        ChannelFuture last = channel.newSucceededFuture();
        for (byte[] d : datagrams) {
            last = channel.write(Unpooled.wrappedBuffer(d));
            last.addListener((ChannelFuture f) -> {
                if (!f.isSuccess() && !done) {
                    fail(f.cause());
                }
            });
        }
        if (!datagrams.isEmpty()) {
            channel.flush();
        }
        return last;
    }

    private void armRetransmit() {
        if (retransmitTimer != null) {
            retransmitTimer.cancel(false);
        }
        if (retransmissions < job.retransmission.max()) {
            retransmitTimer = channel.eventLoop().schedule(this::retransmit, retransmitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void retransmit() {
        if (done) {
            return;
        }
        retransmissions++;
        retransmitNanos *= 2;
        try {
            send(dialog.retransmit());
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "dialog failed: " + Failures.describe(e));
            return;
        }
        armRetransmit();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || dialog == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf content = msg instanceof DatagramPacket packet ? packet.content()
                : msg instanceof ByteBuf buf ? buf : null;
        if (content == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        byte[] datagram = new byte[content.readableBytes()];
        content.readBytes(datagram);
        ReferenceCountUtil.release(msg);
        received += datagram.length;
        lastProgressNanos = ctx.executor().ticker().nanoTime();
        if (received > maxResponseBytes) {
            finish(Outcome.ERROR, "response exceeded " + maxResponseBytes + " bytes");
            return;
        }
        List<byte[]> answer;
        boolean over;
        try {
            answer = dialog.receive(datagram);
            over = dialog.done();
        } catch (RuntimeException e) {
            finish(Outcome.ERROR, "dialog failed: " + Failures.describe(e));
            return;
        }
        if (over) {
            // the last words (a CONNECTION_CLOSE) go out before the socket closes
            if (answer.isEmpty()) {
                finish(Outcome.COMPLETED, "");
                return;
            }
            ChannelFuture last = send(answer);
            if (done) {
                return; // a write failed at once and ended the attempt: reported already
            }
            done = true; // no other event ends it now: it ends, once, when the last words are out
            last.addListener((ChannelFutureListener) f -> {
                done = false;
                finish(Outcome.COMPLETED, "");
            });
            return;
        }
        send(answer);
        // an answer resets the retransmission clock: what was lost is what follows now
        retransmitNanos = job.retransmission.first().toNanos();
        armRetransmit();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done) {
            finish(listener.closing() ? Outcome.ERROR : Outcome.CLOSED,
                    listener.closing() ? "engine closed" : "socket closed after " + received + " bytes");
        }
        ctx.fireChannelInactive();
    }

    @Override
    void failed(Throwable cause) {
        Outcome outcome = Failures.classify(cause, false);
        finish(outcome, outcome == Outcome.REFUSED ? "nothing listens on UDP port " + job.address.getPort()
                + " of " + job.address.getAddress().getHostAddress() + " (ICMP port unreachable)"
                : Failures.describe(cause));
    }

    private void checkIdle() {
        if (done) {
            return;
        }
        long idle = channel.eventLoop().ticker().nanoTime() - lastProgressNanos;
        if (idle >= readTimeoutNanos) {
            finish(Outcome.READ_TIMEOUT, (received == 0 ? "no datagram" : "no further datagram") + " for "
                    + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + "ms after " + received + " bytes ("
                    + retransmissions + " retransmissions)");
        } else {
            idleTimer = channel.eventLoop().schedule(this::checkIdle, readTimeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    void finish(Outcome outcome, String detail) {
        if (done) {
            return;
        }
        done = true;
        for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {idleTimer, capTimer, retransmitTimer}) {
            if (t != null) {
                t.cancel(false);
            }
        }
        T response = null;
        if (dialog != null) {
            try {
                response = dialog.result();
            } catch (RuntimeException e) {
                outcome = Outcome.ERROR;
                detail = "dialog result failed: " + Failures.describe(e);
            }
        }
        if (channel != null && channel.isRegistered()) {
            channel.close();
        }
        listener.attemptEnded(job, outcome, response, detail, received);
    }
}
