package dev.tlsweep.core.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * What a connection's attempt ({@link Attempt}, TCP) and a datagram socket's ({@link DatagramAttempt}, UDP) share:
 * the job and its limits, the channel, the watch on the connect and on the job's cancellation, and an end that
 * each reports exactly once ({@link #finish}). Every method runs on the channel's event loop.
 */
abstract class ChannelAttempt<T> extends ChannelInboundHandlerAdapter {

    final Job<T> job;
    final Attempt.Listener listener;
    final long readTimeoutNanos;
    final long attemptTimeoutNanos;
    final int maxResponseBytes;

    /** The channel, once connected, failed or cancelled. */
    Channel channel;
    /** Whether the end was reported. */
    boolean done;

    ChannelAttempt(Job<T> job, Attempt.Listener listener, long readTimeoutNanos, long attemptTimeoutNanos,
            int maxResponseBytes) {
        this.job = job;
        this.listener = listener;
        this.readTimeoutNanos = readTimeoutNanos;
        this.attemptTimeoutNanos = attemptTimeoutNanos;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Watches the connect future (a failed bind or connect never reaches {@code channelActive}), and ends the attempt,
     * closing its channel, when the job's future is cancelled.
     */
    final void connecting(ChannelFuture connect) {
        connect.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                channel = f.channel();
                fail(f.cause());
            }
        });
        Channel ch = connect.channel();
        job.future.whenComplete((x, e) -> {
            if (job.future.isCancelled() && ch.isRegistered()) {
                ch.eventLoop().execute(() -> {
                    if (channel == null) {
                        channel = ch;
                    }
                    finish(Outcome.ERROR, Attempt.Listener.CANCELLED);
                });
            }
        });
    }

    /**
     * Ends the attempt for an exception of the channel, unless it has ended. A channel the engine closed under a
     * pending connect or write (it is closing) ends as "engine closed": not the peer's doing.
     */
    final void fail(Throwable cause) {
        if (done) {
            return;
        }
        if (listener.closing()) {
            finish(Outcome.ERROR, "engine closed");
            return;
        }
        failed(cause);
    }

    /** Ends the attempt for {@code cause}, in the words of its transport; runs only while it has not ended. */
    abstract void failed(Throwable cause);

    /** Reports the end of the attempt, once: later calls do nothing. */
    abstract void finish(Outcome outcome, String detail);
}
