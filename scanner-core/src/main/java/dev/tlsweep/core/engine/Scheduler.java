package dev.tlsweep.core.engine;

import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Admission control: who may open a connection now, and who waits.
 *
 * <p>All state lives on one event loop and every method must be called on it (asserted, like
 * Netty's {@code FixedChannelPool}). Jobs wait in a FIFO per endpoint; endpoints that have waiting
 * jobs and a free per-endpoint slot wait in a FIFO of ready endpoints, so a global slot goes to the
 * endpoints in turn and one busy endpoint cannot starve the others. An endpoint whose IP address
 * has all its per-IP slots in use is parked on that IP until one is given back. With a rate limit,
 * a token bucket (refilled at the rate, holding a tenth of a second's worth, at least one) gates
 * every start, and one timer wakes the queue when the next token is due. Counters that {@link
 * ScanEngine#stats()} reads from other threads are volatile with this loop as the single writer.
 *
 * <p><b>Adapting.</b> Two limits move with what the attempts report ({@link Signal}):
 * <ul>
 *   <li>When a connection cannot be opened for want of a file descriptor, the global limit drops
 *       below the connections in flight, and climbs back (a sixteenth a second) while no further
 *       shortage is seen; it never exceeds the configured one.
 *   <li>An IP address whose connections were once left unanswered and then answered when retried
 *       (a connection limit or rate limiter in front of it) is <em>throttled</em>: its connections
 *       in flight are bounded by a window and new ones are spaced by an interval. Each connection
 *       left unanswered halves the window and doubles the interval (at most once per interval);
 *       each answer widens the window by one over its size and raises the rate the interval allows by
 *       half a connection a second (additive increase, multiplicative decrease). IPs never seen throttled pay nothing.
 * </ul>
 */
final class Scheduler {

    private static final class Endpoint {
        final InetSocketAddress address;
        final ArrayDeque<Job<?>> waiting = new ArrayDeque<>();
        final Ip ip;
        /** The connections allowed at once: the engine's limit, or a job's upgrade's when lower. */
        int limit;
        int active;
        boolean ready;
        boolean parked;

        Endpoint(InetSocketAddress address, Ip ip) {
            this.address = address;
            this.ip = ip;
        }
    }

    private static final class Ip {
        final InetAddress address;
        final ArrayDeque<Endpoint> parked = new ArrayDeque<>();
        int active;
        int endpoints;
        /** Set once the IP is seen throttled; kept in {@link #throttles} while the IP is forgotten. */
        Throttle throttle;

        Ip(InetAddress address) {
            this.address = address;
        }
    }

    /** How an attempt ended, as far as the limits care. */
    enum Signal {
        /** Nothing to learn (a refusal, an error, a completed session). */
        NEUTRAL,
        /** The peer sent at least one byte. */
        ANSWERED,
        /** Connected (or tried to) and ended with no byte: reset, close, silence, connect timeout. */
        UNANSWERED,
        /** Answered on a retry after an attempt that was left unanswered: a limiter in front. */
        ANSWERED_AFTER_UNANSWERED,
        /** No file descriptor was left for a new connection. */
        NO_DESCRIPTOR
    }

    /** The adaptive limits of one throttled IP address. Scheduler loop only. */
    static final class Throttle {
        double window;
        long intervalNanos;
        long nextStartNanos;
        long lastDecreaseNanos;
        long lastSignalNanos;
        boolean wakeUpScheduled;

        Throttle(double window, long intervalNanos, long now) {
            this.window = window;
            this.intervalNanos = intervalNanos;
            this.lastDecreaseNanos = now;
            this.lastSignalNanos = now;
        }
    }

    /** The first spacing of new connections to an IP found throttled. */
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How much each answer raises the rate of new connections to a throttled IP, per second. */
    private static final double RATE_STEP_PER_SECOND = 0.5;
    /** The widest spacing of new connections to a throttled IP. */
    static final long MAX_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A throttled IP not heard of for this long is forgotten once it has no connection. */
    private static final long THROTTLE_MEMORY_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Past this many remembered throttles, the stale ones are dropped. */
    private static final int THROTTLE_PURGE_SIZE = 4096;
    /** How often the global limit may climb back after a descriptor shortage. */
    private static final long LIMIT_RECOVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final int maxInFlight;
    /** The global limit in force: {@link #maxInFlight} but after a descriptor shortage. */
    private int limit;
    private long limitChangedAt;
    /** Throttled IPs, read from other threads ({@link #throttled}), written on the loop only. */
    private final Map<InetAddress, Throttle> throttles = new java.util.concurrent.ConcurrentHashMap<>();
    private final int maxPerEndpoint;
    private final int maxPerIp;
    private final double ratePerNano;
    private final double burst;
    private final Consumer<Job<?>> starter;
    private final Map<InetSocketAddress, Endpoint> endpoints = new HashMap<>();
    private final Map<InetAddress, Ip> ips = new HashMap<>();
    private double tokens;
    private long refilledAt;
    private boolean wakeUpScheduled;
    private final ArrayDeque<Endpoint> ready = new ArrayDeque<>();
    private final Set<Job<?>> backingOff = new HashSet<>();
    private boolean shutDown;

    private volatile int inFlight;
    private volatile int queued;

    /**
     * @param starter opens the connection for a job that was granted a slot; called on the loop,
     *     must not block, and must eventually lead to exactly one {@link #release} for that slot
     */
    Scheduler(EventLoop loop, int maxInFlight, int maxPerEndpoint, Consumer<Job<?>> starter) {
        this(loop, maxInFlight, maxPerEndpoint, Integer.MAX_VALUE, 0, starter);
    }

    /**
     * @param maxPerIp connections in flight to one IP address, whatever the port
     * @param connectionsPerSecond new connections per second, 0 for no limit
     */
    Scheduler(EventLoop loop, int maxInFlight, int maxPerEndpoint, int maxPerIp,
            int connectionsPerSecond, Consumer<Job<?>> starter) {
        this.loop = loop;
        this.maxInFlight = maxInFlight;
        this.limit = maxInFlight;
        this.maxPerEndpoint = maxPerEndpoint;
        this.maxPerIp = maxPerIp;
        this.ratePerNano = connectionsPerSecond / 1e9;
        this.burst = Math.max(1.0, connectionsPerSecond / 10.0);
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
        this.starter = starter;
    }

    EventLoop loop() {
        return loop;
    }

    int inFlight() {
        return inFlight;
    }

    int queued() {
        return queued;
    }

    /** The global limit in force (lower than configured after a descriptor shortage). Loop only. */
    int limit() {
        assert loop.inEventLoop();
        return limit;
    }

    /** Whether {@code ip} is throttled; any thread. */
    boolean throttled(InetAddress ip) {
        return throttles.containsKey(ip);
    }

    /** The window and interval of a throttled IP, or {@code null}; loop only (tests). */
    Throttle throttleOf(InetAddress ip) {
        assert loop.inEventLoop();
        return throttles.get(ip);
    }

    /** Queues a job for a slot; returns false (and queues nothing) after {@link #shutDown()}. */
    boolean submit(Job<?> job) {
        assert loop.inEventLoop();
        backingOff.remove(job);
        if (shutDown) {
            return false;
        }
        Endpoint endpoint = endpoints.computeIfAbsent(job.address, this::newEndpoint);
        if (job.upgrade != null) {
            endpoint.limit = Math.min(endpoint.limit, job.upgrade.maxPerEndpoint());
        }
        endpoint.waiting.add(job);
        queued++;
        markReadyIfEligible(endpoint);
        drain();
        return true;
    }

    /** Gives back the slot held by an attempt to {@code address}. */
    void release(InetSocketAddress address) {
        release(address, Signal.NEUTRAL);
    }

    /** Gives back the slot held by an attempt to {@code address}, learning from how it ended. */
    void release(InetSocketAddress address, Signal signal) {
        assert loop.inEventLoop();
        Endpoint endpoint = endpoints.get(address);
        if (endpoint == null || endpoint.active == 0) {
            throw new IllegalStateException("release without a slot: " + address);
        }
        learn(endpoint.ip, signal);
        endpoint.active--;
        endpoint.ip.active--;
        inFlight--;
        unparkOne(endpoint.ip);
        if (endpoint.active == 0 && endpoint.waiting.isEmpty()) {
            forget(endpoint);
        } else {
            markReadyIfEligible(endpoint);
        }
        drain();
    }

    /**
     * Forgets a job whose future was cancelled: out of its endpoint's queue, or out of retry backoff. A
     * job holding a slot keeps it until its attempt ends.
     */
    void cancelled(Job<?> job) {
        assert loop.inEventLoop();
        if (backingOff.remove(job)) {
            return;
        }
        Endpoint endpoint = endpoints.get(job.address);
        if (endpoint != null && endpoint.waiting.remove(job)) {
            queued--;
            if (endpoint.active == 0 && endpoint.waiting.isEmpty()) {
                if (endpoint.ready) {
                    ready.remove(endpoint);
                }
                if (endpoint.parked) {
                    endpoint.ip.parked.remove(endpoint);
                }
                forget(endpoint);
            }
        }
    }

    /** Notes that a job waits in retry backoff, so that {@link #shutDown()} can fail it. */
    void backingOff(Job<?> job) {
        assert loop.inEventLoop();
        backingOff.add(job);
    }

    /**
     * Stops admitting: returns every job that was waiting for a slot or in retry backoff, for the
     * caller to fail. Slots in use are still released as their attempts end.
     */
    List<Job<?>> shutDown() {
        assert loop.inEventLoop();
        shutDown = true;
        List<Job<?>> dropped = new ArrayList<>(backingOff);
        backingOff.clear();
        for (Endpoint endpoint : endpoints.values()) {
            dropped.addAll(endpoint.waiting);
            endpoint.waiting.clear();
            endpoint.parked = false;
        }
        for (Ip ip : ips.values()) {
            ip.parked.clear();
        }
        ready.clear();
        queued = 0;
        return dropped;
    }

    boolean isShutDown() {
        assert loop.inEventLoop();
        return shutDown;
    }

    /** Adapts the limits to how an attempt to {@code ip} ended. */
    private void learn(Ip ip, Signal signal) {
        long now = System.nanoTime();
        switch (signal) {
            case NO_DESCRIPTOR -> {
                // This attempt's slot is among those in flight and is about to be given back.
                limit = Math.max(1, inFlight - 1 - inFlight / 10);
                limitChangedAt = now;
            }
            case ANSWERED_AFTER_UNANSWERED -> {
                if (ip.throttle == null) {
                    ip.throttle = newThrottle(ip.address, ip.active, now);
                } else {
                    slowDown(ip.throttle, now);
                }
                ip.throttle.lastSignalNanos = now;
            }
            case UNANSWERED -> {
                if (ip.throttle != null) {
                    slowDown(ip.throttle, now);
                    ip.throttle.lastSignalNanos = now;
                }
            }
            case ANSWERED -> {
                Throttle t = ip.throttle;
                if (t != null) {
                    t.window = Math.min(ipCap(), t.window + 1 / t.window);
                    // The rate (one over the interval) grows by half a connection a second per answer.
                    double rate = 1e9 / Math.max(1, t.intervalNanos) + RATE_STEP_PER_SECOND;
                    t.intervalNanos = rate >= 1e9 / MIN_INTERVAL_NANOS * 4 ? 0 : (long) (1e9 / rate);
                    t.lastSignalNanos = now;
                }
            }
            default -> {
            }
        }
        if (signal != Signal.NO_DESCRIPTOR && limit < maxInFlight && now - limitChangedAt >= LIMIT_RECOVERY_NANOS) {
            limit = Math.min(maxInFlight, limit + Math.max(1, limit / 16));
            limitChangedAt = now;
        }
    }

    /**
     * Treats {@code address} as throttled from now on: evidence seen by a caller (an answer that came only
     * when asked again), as if an attempt had been answered on a retry.
     */
    void throttle(InetAddress address) {
        assert loop.inEventLoop();
        if (throttles.containsKey(address)) {
            return;
        }
        Ip ip = ips.get(address);
        Throttle t = newThrottle(address, ip == null ? 0 : ip.active, System.nanoTime());
        if (ip != null) {
            ip.throttle = t;
        }
    }

    /** A throttle for an IP with {@code active} connections: half of them, spaced by the first interval. */
    private Throttle newThrottle(InetAddress address, int active, long now) {
        double window = Math.max(1, Math.min(ipCap(), active) / 2.0);
        Throttle t = new Throttle(window, MIN_INTERVAL_NANOS, now);
        if (throttles.size() >= THROTTLE_PURGE_SIZE) {
            throttles.entrySet().removeIf(e -> !ips.containsKey(e.getKey())
                    && now - e.getValue().lastSignalNanos > THROTTLE_MEMORY_NANOS);
        }
        throttles.put(address, t);
        return t;
    }

    /** Halves the window and doubles the interval, once per interval at most (one burst is one loss). */
    private static void slowDown(Throttle t, long now) {
        if (now - t.lastDecreaseNanos < Math.max(t.intervalNanos, MIN_INTERVAL_NANOS)) {
            return;
        }
        t.window = Math.max(1, t.window / 2);
        t.intervalNanos = Math.min(MAX_INTERVAL_NANOS, Math.max(MIN_INTERVAL_NANOS, t.intervalNanos * 2));
        t.lastDecreaseNanos = now;
    }

    /** The most connections one IP may have: the per-IP limit, or the per-endpoint one when lower. */
    private int ipCap() {
        return Math.min(maxPerIp, Math.max(maxPerEndpoint, 1));
    }

    /** The connections {@code ip} may have in flight now. */
    private int ipLimit(Ip ip) {
        Throttle t = ip.throttle;
        return t == null ? maxPerIp : Math.min(maxPerIp, (int) t.window);
    }

    private Endpoint newEndpoint(InetSocketAddress address) {
        Ip ip = ips.computeIfAbsent(address.getAddress(), a -> {
            Ip fresh = new Ip(a);
            fresh.throttle = throttles.get(a);
            return fresh;
        });
        ip.endpoints++;
        Endpoint endpoint = new Endpoint(address, ip);
        endpoint.limit = maxPerEndpoint;
        return endpoint;
    }

    private void forget(Endpoint endpoint) {
        endpoints.remove(endpoint.address);
        if (--endpoint.ip.endpoints == 0) {
            ips.remove(endpoint.ip.address);
            Throttle t = endpoint.ip.throttle;
            if (t != null && System.nanoTime() - t.lastSignalNanos > THROTTLE_MEMORY_NANOS) {
                throttles.remove(endpoint.ip.address);
            }
        }
    }

    /**
     * Whether a connection to {@code ip} may start now; if only its spacing forbids it, schedules one
     * wake-up for when it will not.
     */
    private boolean ipAdmits(Ip ip) {
        if (ip.active >= ipLimit(ip)) {
            return false;
        }
        Throttle t = ip.throttle;
        if (t == null) {
            return true;
        }
        long wait = t.nextStartNanos - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        if (!t.wakeUpScheduled) {
            t.wakeUpScheduled = true;
            loop.schedule(() -> {
                t.wakeUpScheduled = false;
                if (!shutDown) {
                    Ip current = ips.get(ip.address);
                    if (current != null) {
                        unparkOne(current);
                    }
                    drain();
                }
            }, wait, TimeUnit.NANOSECONDS);
        }
        return false;
    }

    /** Moves one endpoint parked on {@code ip} back to the ready queue if the IP may start a connection. */
    private void unparkOne(Ip ip) {
        if (!ip.parked.isEmpty() && ipAdmits(ip)) {
            Endpoint parked = ip.parked.poll();
            parked.parked = false;
            markReadyIfEligible(parked);
        }
    }

    /** Whether a token is available now; if not, schedules one wake-up for when it will be. */
    private boolean takeToken() {
        if (ratePerNano == 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        if (!wakeUpScheduled) {
            wakeUpScheduled = true;
            long wait = (long) Math.ceil((1 - tokens) / ratePerNano);
            loop.schedule(() -> {
                wakeUpScheduled = false;
                if (!shutDown) {
                    drain();
                }
            }, Math.max(wait, 1), TimeUnit.NANOSECONDS);
        }
        return false;
    }

    private void markReadyIfEligible(Endpoint endpoint) {
        if (!endpoint.ready && !endpoint.parked && !endpoint.waiting.isEmpty()
                && endpoint.active < endpoint.limit) {
            endpoint.ready = true;
            ready.add(endpoint);
        }
    }

    private void drain() {
        while (inFlight < limit && !ready.isEmpty()) {
            Endpoint endpoint = ready.peek();
            Job<?> head = endpoint.waiting.peek();
            if (head != null && head.future.isDone()) {
                // Cancelled by the caller while queued: it needs no slot.
                ready.poll();
                endpoint.ready = false;
                endpoint.waiting.poll();
                queued--;
                unparkOne(endpoint.ip);
                if (endpoint.active == 0 && endpoint.waiting.isEmpty()) {
                    forget(endpoint);
                } else {
                    markReadyIfEligible(endpoint);
                }
                continue;
            }
            if (head != null && !ipAdmits(endpoint.ip)) {
                ready.poll();
                endpoint.ready = false;
                endpoint.parked = true;
                endpoint.ip.parked.add(endpoint);
                continue;
            }
            if (head != null && !takeToken()) {
                return;
            }
            ready.poll();
            endpoint.ready = false;
            Job<?> job = endpoint.waiting.poll();
            if (job == null) {
                continue;
            }
            queued--;
            endpoint.active++;
            endpoint.ip.active++;
            inFlight++;
            if (endpoint.ip.throttle != null) {
                endpoint.ip.throttle.nextStartNanos = System.nanoTime() + endpoint.ip.throttle.intervalNanos;
            }
            markReadyIfEligible(endpoint);
            starter.accept(job);
        }
    }
}
