package dev.tlsweep.cli;

import dev.tlsweep.core.engine.DescriptorLimit;
import dev.tlsweep.core.metrics.HttpServerStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps the connections of {@code serve}'s HTTP server few and short-lived, so that clients that connect and say
 * nothing (or a byte a minute) cannot take the descriptors that scrapes and scans need.
 *
 * <ul>
 *   <li>At most {@link Limits#maxConnections} are open. A connection beyond the cap evicts the one that has waited
 *       longest for a request, among those that never sent one first: a client that was answered before (a
 *       Prometheus keeping its connection alive between scrapes) outlives a flood of connections that say nothing.
 *       A connection whose request is being answered is never evicted; when every open connection has a request
 *       in flight, the newcomer is closed at once.
 *   <li>A request must arrive whole (TLS handshake included) within {@link Limits#requestTimeout} of its first
 *       byte, or of the connection's opening; a connection that sends nothing after an answer is closed after
 *       {@link Limits#idleTimeout}.
 *   <li>When accepting fails (out of descriptors: {@code Too many open files}), accepting pauses for a moment and
 *       connections waiting for a request are let go, instead of the acceptor spinning on the error.
 * </ul>
 *
 * Every connection of one server lives on the server's single event loop, so the state here is touched by that
 * thread only; the counters are read by the metrics from elsewhere.
 */
final class HttpConnections implements HttpServerStats {

    /** How many connections, and for how long. */
    record Limits(int maxConnections, Duration requestTimeout, Duration idleTimeout) {
        Limits {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("--max-connections: " + maxConnections + " (expected: > 0)");
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero() || idleTimeout.isNegative()
                    || idleTimeout.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive");
            }
        }

        /**
         * 256 connections, or an eighth of the process's descriptor limit when that is less: the rest are the
         * scanner's. 10 s for a request, 60 s of idle keep-alive (longer than Prometheus's usual scrape interval
         * would be pointless: it reconnects).
         */
        static Limits defaults() {
            long max = DescriptorLimit.max();
            return new Limits(defaultMaxConnections(max < 0 ? Long.MAX_VALUE : max), Duration.ofSeconds(10), Duration.ofSeconds(60));
        }

        static int defaultMaxConnections(long descriptorLimit) {
            return (int) Math.max(8, Math.min(256, descriptorLimit / 8));
        }
    }

    /** How long accepting pauses after it failed. */
    static final Duration ACCEPT_PAUSE = Duration.ofMillis(500);

    private static final AttributeKey<State> STATE = AttributeKey.valueOf("tlsweep.http.state");

    private final Limits limits;
    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong acceptErrors = new AtomicLong();
    private long lastAcceptWarning = Long.MIN_VALUE;

    HttpConnections(Limits limits, PrintWriter err) {
        this(limits, err, System::nanoTime);
    }

    HttpConnections(Limits limits, PrintWriter err, LongSupplier nanoTime) {
        this.limits = limits;
        this.err = err;
        this.nanoTime = nanoTime;
    }

    Limits limits() {
        return limits;
    }

    @Override
    public int open() {
        return open.size();
    }

    @Override
    public long closed(String reason) {
        return switch (reason) {
            case "evicted" -> evicted.get();
            case "refused" -> refused.get();
            case "timeout" -> timedOut.get();
            default -> 0;
        };
    }

    @Override
    public long acceptErrors() {
        return acceptErrors.get();
    }

    /** The first handler of every connection: admits it (or not) and keeps its clock. */
    ChannelInboundHandlerAdapter guard() {
        return new Guard();
    }

    /** The handler of the listening socket: pauses accepting when it fails. */
    ChannelInboundHandlerAdapter acceptor() {
        return new AcceptErrors();
    }

    /** Marks the connection's request as received whole: it is being answered and may not be evicted. */
    static void answering(Channel ch) {
        State s = ch.attr(STATE).get();
        if (s != null) {
            s.answering(ch);
        }
    }

    /**
     * Marks the connection's answer as written: it waits for its next request, or closes when the client has
     * already ended its side (a request piped through {@code nc} and its end of input).
     */
    static void answered(Channel ch) {
        State s = ch.attr(STATE).get();
        if (s != null && s.inputEnded) {
            ch.close();
        } else if (s != null) {
            s.waitIdle(ch);
        }
    }

    /**
     * Per connection: waiting for a request (since when, and whether any of it arrived) or answering one, and
     * whether it was ever answered.
     */
    private final class State {
        long waitingSince;
        boolean answering;
        boolean partial;
        boolean served;
        boolean inputEnded;
        ScheduledFuture<?> deadline;

        void waitFirst(Channel ch) {
            waitingSince = nanoTime.getAsLong();
            answering = false;
            partial = true; // a new connection owes its first request (and its handshake) within the request timeout
            arm(ch, limits.requestTimeout());
        }

        void waitIdle(Channel ch) {
            waitingSince = nanoTime.getAsLong();
            answering = false;
            partial = false;
            served = true;
            arm(ch, limits.idleTimeout());
        }

        void bytesArrived(Channel ch) {
            if (!answering && !partial) {
                partial = true;
                arm(ch, limits.requestTimeout());
            }
        }

        void answering(Channel ch) {
            answering = true;
            partial = false;
            cancel();
        }

        private void arm(Channel ch, Duration after) {
            cancel();
            deadline = ch.eventLoop().schedule(() -> {
                if (!answering && ch.isOpen()) {
                    timedOut.incrementAndGet();
                    ch.close();
                }
            }, after.toNanos(), TimeUnit.NANOSECONDS);
        }

        void cancel() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }
    }

    private final class Guard extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            Channel ch = ctx.channel();
            if (open.size() >= limits.maxConnections() && !evictOne()) {
                refused.incrementAndGet();
                ch.close();
                return;
            }
            State s = new State();
            ch.attr(STATE).set(s);
            open.add(ch);
            s.waitFirst(ch);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            State s = ctx.channel().attr(STATE).get();
            if (s != null) {
                s.bytesArrived(ctx.channel());
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            State s = ctx.channel().attr(STATE).get();
            if (evt instanceof ChannelInputShutdownEvent && s != null) {
                // The client ended its side (half-close): answer what is being answered, then close.
                s.inputEnded = true;
                if (!s.answering) {
                    ctx.close();
                    return;
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            State s = ctx.channel().attr(STATE).getAndSet(null);
            if (s != null) {
                s.cancel();
            }
            open.remove(ctx.channel());
            super.channelInactive(ctx);
        }
    }

    /**
     * Closes the connection that has waited longest for a request, one never answered before if there is one;
     * false when every one is being answered.
     */
    private boolean evictOne() {
        Channel oldest = null;
        State oldestState = null;
        for (Channel c : open) {
            State s = c.attr(STATE).get();
            if (s == null || s.answering) {
                continue;
            }
            if (oldest == null || (oldestState.served && !s.served)
                    || (oldestState.served == s.served && s.waitingSince - oldestState.waitingSince < 0)) {
                oldest = c;
                oldestState = s;
            }
        }
        if (oldest == null) {
            return false;
        }
        evicted.incrementAndGet();
        // Gone from the count now: its close completes on this event loop after the newcomer is admitted.
        open.remove(oldest);
        oldest.close();
        return true;
    }

    /** Lets go of every connection that has waited for a request for a second or more. */
    private void shed() {
        long now = nanoTime.getAsLong();
        for (Channel c : open) {
            State s = c.attr(STATE).get();
            if (s != null && !s.answering && now - s.waitingSince >= TimeUnit.SECONDS.toNanos(1)) {
                evicted.incrementAndGet();
                open.remove(c);
                c.close();
            }
        }
    }

    private final class AcceptErrors extends ChannelInboundHandlerAdapter {

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) {
                ctx.fireExceptionCaught(cause);
                return;
            }
            acceptErrors.incrementAndGet();
            shed();
            Channel server = ctx.channel();
            if (server.config().isAutoRead()) {
                server.config().setAutoRead(false);
                server.eventLoop().schedule(() -> {
                    server.config().setAutoRead(true);
                }, ACCEPT_PAUSE.toNanos(), TimeUnit.NANOSECONDS);
            }
            long now = nanoTime.getAsLong();
            if (lastAcceptWarning == Long.MIN_VALUE || now - lastAcceptWarning >= TimeUnit.SECONDS.toNanos(10)) {
                lastAcceptWarning = now;
                err.println("tlsweep serve: cannot accept an HTTP connection: " + cause.getMessage()
                        + " (pausing accepts for " + ACCEPT_PAUSE.toMillis() + " ms; " + open.size()
                        + " connections open)");
                err.flush();
            }
        }
    }
}
