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

        Ip(InetAddress address) {
            this.address = address;
        }
    }

    private final EventLoop loop;
    private final int maxInFlight;
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
        assert loop.inEventLoop();
        Endpoint endpoint = endpoints.get(address);
        if (endpoint == null || endpoint.active == 0) {
            throw new IllegalStateException("release without a slot: " + address);
        }
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

    private Endpoint newEndpoint(InetSocketAddress address) {
        Ip ip = ips.computeIfAbsent(address.getAddress(), Ip::new);
        ip.endpoints++;
        Endpoint endpoint = new Endpoint(address, ip);
        endpoint.limit = maxPerEndpoint;
        return endpoint;
    }

    private void forget(Endpoint endpoint) {
        endpoints.remove(endpoint.address);
        if (--endpoint.ip.endpoints == 0) {
            ips.remove(endpoint.ip.address);
        }
    }

    /** Moves one endpoint parked on {@code ip} back to the ready queue if the IP has a free slot. */
    private void unparkOne(Ip ip) {
        if (ip.active < maxPerIp) {
            Endpoint parked = ip.parked.poll();
            if (parked != null) {
                parked.parked = false;
                markReadyIfEligible(parked);
            }
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
        while (inFlight < maxInFlight && !ready.isEmpty()) {
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
            if (head != null && endpoint.ip.active >= maxPerIp) {
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
            markReadyIfEligible(endpoint);
            starter.accept(job);
        }
    }
}
