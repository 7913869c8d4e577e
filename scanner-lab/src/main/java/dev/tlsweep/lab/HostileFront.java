package dev.tlsweep.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP front on loopback, before a real server, that misbehaves the way hostile networks do: it
 * forwards some connections to the upstream and resets or black-holes the others, or resets a
 * forwarded connection in the middle of the answer. For tests of a scanner's honesty (a version
 * whose probes were reset or timed out is incomplete, never "not accepted") and of its back-off.
 *
 * <p>What happens to each connection is decided when it is accepted, in arrival order, by the
 * {@link Behaviour}:
 * <ul>
 *   <li><b>forward</b>: the front connects to the upstream and copies bytes both ways, without
 *       delay, until both sides have ended; an end of stream on one side is passed on as a
 *       half-close, a failure on either side closes both. If the upstream cannot be reached the
 *       client gets a reset ({@link #upstreamFailures()}).
 *   <li><b>reset</b>: the front closes the accepted socket at once with {@code SO_LINGER} 0, so the
 *       client sees a TCP reset; nothing is read or forwarded and the upstream never hears of it.
 *   <li><b>hold</b>: the front keeps the socket open and never answers, reading and discarding what
 *       arrives, until the client closes or the front is closed.
 * </ul>
 * The kernel completes the TCP handshake before the front accepts, so every client first sees a
 * successful connect, as with a real front that resets after accepting.
 *
 * <p>One daemon thread accepts; each forwarded connection has a thread per direction and each held
 * connection one thread. {@link #close()} closes the listener and every connection and waits for
 * every thread. Plain sockets, not Netty, because a reset is then one {@code setSoLinger} call and a
 * cut after exactly {@code m} bytes is one bounded write.
 *
 * <pre>{@code
 * try (HostileFront front = HostileFront.start(server.address(), HostileFront.Behaviour.resetAfter(2))) {
 *     scan(front.address()); // the third connection and every later one is reset
 * }
 * }</pre>
 */
public final class HostileFront extends LoopbackFront {

    /**
     * What a front does with the connections it accepts: an immutable value, built by the static
     * factories.
     *
     * @param kind which connections are forwarded and what happens to the others
     * @param limit for {@link Kind#RESET_AFTER} and {@link Kind#BLACKHOLE_AFTER} the connections
     *     forwarded first ({@code >= 0}); for {@link Kind#RATE_LIMIT} the new connections a second,
     *     which is also the burst ({@code > 0}); 0 for {@link Kind#FORWARD_ALL}
     * @param dropAfterBytes forwarded connections are reset once this many bytes of the upstream's
     *     answer have been passed to the client ({@code > 0}; {@link Long#MAX_VALUE}, the default,
     *     for never)
     */
    public record Behaviour(Kind kind, int limit, long dropAfterBytes) {

        /** Which connections a front forwards, and what happens to the others. */
        public enum Kind {
            /** Every connection is forwarded. */
            FORWARD_ALL,
            /** The first {@code limit} connections are forwarded, every later one is reset. */
            RESET_AFTER,
            /** A token bucket of {@code limit} connections a second: within it forwarded, beyond it reset. */
            RATE_LIMIT,
            /** The first {@code limit} connections are forwarded, every later one is held unanswered. */
            BLACKHOLE_AFTER
        }

        /** Validates the three values together. */
        public Behaviour {
            Objects.requireNonNull(kind, "kind");
            switch (kind) {
                case FORWARD_ALL -> {
                    if (limit != 0) {
                        throw new IllegalArgumentException("limit: " + limit + " (expected: 0 for " + kind + ')');
                    }
                }
                case RESET_AFTER, BLACKHOLE_AFTER -> {
                    if (limit < 0) {
                        throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0 for " + kind + ')');
                    }
                }
                case RATE_LIMIT -> {
                    if (limit <= 0) {
                        throw new IllegalArgumentException("limit: " + limit + " (expected: > 0 for " + kind + ')');
                    }
                }
            }
            if (dropAfterBytes <= 0) {
                throw new IllegalArgumentException("dropAfterBytes: " + dropAfterBytes + " (expected: > 0)");
            }
        }

        /** Forwards every connection: a plain front, useful with {@link #withDropAfterBytes(long)}. */
        public static Behaviour forwardAll() {
            return new Behaviour(Kind.FORWARD_ALL, 0, Long.MAX_VALUE);
        }

        /** Forwards the first {@code connections} connections and resets every later one. */
        public static Behaviour resetAfter(int connections) {
            return new Behaviour(Kind.RESET_AFTER, connections, Long.MAX_VALUE);
        }

        /**
         * Forwards new connections within a token bucket of {@code perSecond} connections a second
         * (full at the start, burst {@code perSecond}) and resets those beyond it.
         */
        public static Behaviour rateLimit(int perSecond) {
            return new Behaviour(Kind.RATE_LIMIT, perSecond, Long.MAX_VALUE);
        }

        /** Forwards the first {@code connections} connections and holds every later one open, unanswered. */
        public static Behaviour blackholeAfter(int connections) {
            return new Behaviour(Kind.BLACKHOLE_AFTER, connections, Long.MAX_VALUE);
        }

        /**
         * This behaviour, with forwarded connections reset once {@code bytes} bytes of the upstream's
         * answer have reached the client: a reset mid-answer. An upstream that ends sooner is passed
         * on as usual. Bytes the client has not taken yet when the reset comes may be lost with it.
         */
        public Behaviour withDropAfterBytes(long bytes) {
            return new Behaviour(kind, limit, bytes);
        }

        @Override
        public String toString() {
            String base = switch (kind) {
                case FORWARD_ALL -> "forwardAll()";
                case RESET_AFTER -> "resetAfter(" + limit + ')';
                case RATE_LIMIT -> "rateLimit(" + limit + ')';
                case BLACKHOLE_AFTER -> "blackholeAfter(" + limit + ')';
            };
            return dropAfterBytes == Long.MAX_VALUE ? base : base + ".withDropAfterBytes(" + dropAfterBytes + ')';
        }
    }

    private enum Fate { FORWARD, RESET, HOLD }

    private final Behaviour behaviour;

    // guarded by lock
    private int accepted;
    private int forwarded;
    private int reset;
    private int held;
    private int dropped;
    private int upstreamFailures;

    // the token bucket of RATE_LIMIT, guarded by lock (and only ever used by the acceptor thread)
    private double tokens;
    private long refilledAt;

    private HostileFront(InetSocketAddress upstream, Behaviour behaviour) throws IOException {
        super("hostile-front", upstream, 512);
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.tokens = behaviour.limit();
        this.refilledAt = System.nanoTime();
        startAccepting();
    }

    /** A front on 127.0.0.1, on an ephemeral port, before {@code upstream}, which must be on loopback. */
    public static HostileFront start(InetSocketAddress upstream, Behaviour behaviour) throws IOException {
        return new HostileFront(upstream, behaviour);
    }

    /** What this front does with connections. */
    public Behaviour behaviour() {
        return behaviour;
    }

    /** How many connections were accepted so far: always {@code forwarded() + reset() + held()}. */
    public int accepted() {
        synchronized (lock) {
            return accepted;
        }
    }

    /** How many accepted connections were passed on to the upstream, including those that later failed or were dropped. */
    public int forwarded() {
        synchronized (lock) {
            return forwarded;
        }
    }

    /** How many accepted connections were reset at once, never read from nor forwarded. */
    public int reset() {
        synchronized (lock) {
            return reset;
        }
    }

    /** How many accepted connections were held unanswered (counting those that have ended since). */
    public int held() {
        synchronized (lock) {
            return held;
        }
    }

    /** How many forwarded connections were reset mid-answer by {@link Behaviour#dropAfterBytes()}. */
    public int dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /** How many forwarded connections got a reset because the upstream could not be reached. */
    public int upstreamFailures() {
        synchronized (lock) {
            return upstreamFailures;
        }
    }

    @Override
    public String toString() {
        return "HostileFront(" + behaviour + ", 127.0.0.1:" + port() + " -> " + upstream + ')';
    }

    @Override
    void accept() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Fate fate = decide();
            if (!track(client)) {
                return;
            }
            switch (fate) {
                case RESET -> reset(client);
                case FORWARD -> {
                    if (!spawn("forward", () -> forward(client))) {
                        release(client);
                    }
                }
                case HOLD -> {
                    if (!spawn("hold", () -> hold(client))) {
                        release(client);
                    }
                }
            }
        }
    }

    /** Decides and counts the fate of the next accepted connection, with every counter in one step. */
    private Fate decide() {
        Fate fate;
        synchronized (lock) {
            fate = switch (behaviour.kind()) {
                case FORWARD_ALL -> Fate.FORWARD;
                case RESET_AFTER -> accepted < behaviour.limit() ? Fate.FORWARD : Fate.RESET;
                case BLACKHOLE_AFTER -> accepted < behaviour.limit() ? Fate.FORWARD : Fate.HOLD;
                case RATE_LIMIT -> takeToken() ? Fate.FORWARD : Fate.RESET;
            };
            accepted++;
            switch (fate) {
                case FORWARD -> forwarded++;
                case RESET -> reset++;
                case HOLD -> held++;
            }
        }
        return fate;
    }

    private boolean takeToken() {
        long now = System.nanoTime();
        int perSecond = behaviour.limit();
        tokens = Math.min(perSecond, tokens + (now - refilledAt) * (perSecond / 1e9));
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void forward(Socket client) {
        Socket server = new Socket();
        if (!track(server)) {
            release(client);
            return;
        }
        try {
            server.connect(upstream, UPSTREAM_CONNECT_MILLIS);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            synchronized (lock) {
                upstreamFailures++;
            }
            release(server);
            reset(client);
            return;
        }
        AtomicInteger finished = new AtomicInteger();
        if (!spawn("forward", () -> pump(server, client, behaviour.dropAfterBytes(), finished))) {
            release(server);
            release(client);
            return;
        }
        pump(client, server, Long.MAX_VALUE, finished);
    }

    /**
     * Copies from {@code from} to {@code to} until the end of {@code from}, then half-closes
     * {@code to}; once both directions are done, or on any failure, closes both. Resets {@code to}
     * once {@code limit} bytes have been copied.
     */
    private void pump(Socket from, Socket to, long limit, AtomicInteger finished) {
        byte[] buf = new byte[16 * 1024];
        long copied = 0;
        try {
            InputStream in = from.getInputStream(); // not closed here: that would close the socket both ways
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0;) {
                int now = (int) Math.min(n, limit - copied);
                out.write(buf, 0, now);
                out.flush();
                copied += now;
                if (copied >= limit) {
                    synchronized (lock) {
                        dropped++;
                    }
                    reset(to);
                    release(from);
                    return;
                }
            }
            to.shutdownOutput();
            if (finished.incrementAndGet() == 2) { // both directions are done
                release(from);
                release(to);
            }
        } catch (IOException e) {
            release(from);
            release(to);
        }
    }

    private void hold(Socket client) {
        byte[] buf = new byte[4096];
        try {
            InputStream in = client.getInputStream();
            while (in.read(buf) >= 0) {
                // discarded
            }
        } catch (IOException e) {
            // the client reset, or the front closed
        }
        release(client);
    }

    /** Closes with SO_LINGER 0: the peer gets a TCP reset rather than an end of stream. */
    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        release(socket);
    }

}
