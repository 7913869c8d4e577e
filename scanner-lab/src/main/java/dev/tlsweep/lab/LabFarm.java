package dev.tlsweep.lab;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many canned TLS endpoints at once, for tests and benchmarks at scale on one machine: hundreds to
 * thousands of listeners on ephemeral loopback ports spread over 127.0.0.1, 127.0.0.2, ... (all of
 * 127/8 is loopback on Linux), each answering ClientHellos like a {@link CannedResponder} from its
 * own configuration, drawn from a seeded mix of versions (TLS 1.0 to 1.3), RSA suites and preference.
 * All endpoints share one small event-loop group and one self-signed certificate.
 *
 * <pre>{@code
 * try (LabFarm farm = LabFarm.builder().endpoints(1000).addresses(4).seed(42).start()) {
 *     for (LabFarm.Endpoint e : farm.endpoints()) { scan(e.address()); check(e.versions()); }
 * }
 * }</pre>
 */
public final class LabFarm implements AutoCloseable {

    /** The most endpoints one farm starts. */
    public static final int MAX_ENDPOINTS = 10_000;

    private static final int[][] SUITES = {
        {0xC013, 0xC014, 0x002F, 0x0035, 0x000A, 0x0033, 0x0039}, // TLS 1.0
        {0xC013, 0xC014, 0x002F, 0x0035, 0x000A, 0x0033, 0x0039}, // TLS 1.1
        {0xC02F, 0xC030, 0xC013, 0xC014, 0x009C, 0x009D, 0x002F, 0x0035, 0xCCA8, 0x009E, 0xC027}, // TLS 1.2
        {0x1301, 0x1302, 0x1303}, // TLS 1.3
    };

    /**
     * One endpoint of the farm.
     *
     * @param address where it listens
     * @param versions accepted wire versions (0x0301..0x0304), each with its suites in the server's order
     * @param serverPreference whether it imposes its order
     */
    public record Endpoint(InetSocketAddress address, Map<Integer, List<Integer>> versions, boolean serverPreference) {

        /**
         * What a scan found wrong about this endpoint, or {@code null} when it found exactly its configuration: the
         * accepted versions, each version's suites, and their order where the server imposes one (with two suites or
         * more); in client order the suites may come in any order.
         *
         * @param found the accepted wire versions a scan reported, each with its suites in the order reported
         */
        public String mismatch(Map<Integer, List<Integer>> found) {
            if (!new TreeMap<>(found).keySet().equals(new TreeMap<>(versions).keySet())) {
                return "versions " + hex(found.keySet()) + " (expected: " + hex(versions.keySet()) + ")";
            }
            for (Map.Entry<Integer, List<Integer>> v : versions.entrySet()) {
                List<Integer> suites = found.get(v.getKey());
                boolean same = serverPreference && v.getValue().size() > 1 ? suites.equals(v.getValue())
                        : suites.size() == v.getValue().size() && new java.util.HashSet<>(suites).equals(
                                new java.util.HashSet<>(v.getValue()));
                if (!same) {
                    return "version " + hex(List.of(v.getKey())) + ": suites " + hex(suites) + " (expected: "
                            + hex(v.getValue()) + (serverPreference ? " in this order" : " in any order") + ")";
                }
            }
            return null;
        }

        private static String hex(java.util.Collection<Integer> codes) {
            return codes.stream().map(c -> String.format("0x%04X", c)).toList().toString();
        }
    }

    private final EventLoopGroup group;
    private final ChannelGroup channels;
    private final List<Endpoint> endpoints;
    private final AtomicLong connections = new AtomicLong();
    /** Connections open now and at most, per listening address (IP): what a per-IP limit bounds. */
    private final Map<InetAddress, int[]> openByIp = new java.util.concurrent.ConcurrentHashMap<>();
    /** Connections open now and at most, per endpoint (IP and port): what a per-endpoint limit bounds. */
    private final Map<java.net.SocketAddress, int[]> openByEndpoint = new java.util.concurrent.ConcurrentHashMap<>();
    /** Connections accepted per tenth of a second since the farm started: what a rate limit bounds. */
    private final Map<Long, java.util.concurrent.atomic.LongAdder> acceptsByTenth =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long startedNanos = System.nanoTime();

    private LabFarm(Builder b) {
        group = new MultiThreadIoEventLoopGroup(b.threads, new DefaultThreadFactory("lab-farm", true),
                NioIoHandler.newFactory());
        channels = new DefaultChannelGroup("lab-farm", group.next());
        List<Endpoint> started = new ArrayList<>(b.endpoints);
        try {
            Random random = new Random(b.seed);
            List<byte[]> chain = List.of(CannedSelfSigned.generate());
            int group = 0x001D;
            byte[] share = CannedResponder.serverShare(group);
            int signatureLength = CannedResponder.rsaSignatureLength(chain.get(0));
            long latencyMillis = b.latency.toMillis();
            boolean closeAfterAnswer = b.closeAfterAnswer;
            for (int i = 0; i < b.endpoints; i++) {
                NavigableMap<Integer, List<Integer>> versions = draw(random, b.versions);
                boolean preference = random.nextBoolean();
                CannedConfig config = new CannedConfig(Collections.unmodifiableNavigableMap(versions), preference,
                        chain, group, 2048, Collections.unmodifiableSet(EnumSet.noneOf(CannedQuirk.class)),
                        b.holdTime, null);
                CannedNegotiator negotiator = new CannedNegotiator(config);
                CannedFlights flights = new CannedFlights(config, share, signatureLength);
                InetAddress bind = loopback(1 + i % b.addresses);
                Channel server = new ServerBootstrap()
                        .group(this.group)
                        .channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                connections.incrementAndGet();
                                Runnable counted = count(ch);
                                channels.add(ch);
                                if (closeAfterAnswer) {
                                    ch.pipeline().addLast(new CloseAfterAnswer(counted));
                                }
                                if (latencyMillis > 0) {
                                    ch.pipeline().addLast(new Delay(latencyMillis));
                                }
                                ch.pipeline().addLast(new CannedHandler(config, negotiator, flights, hello -> { }));
                            }
                        })
                        .bind(bind, 0).syncUninterruptibly().channel();
                channels.add(server);
                Map<Integer, List<Integer>> expected = new LinkedHashMap<>(versions);
                started.add(new Endpoint((InetSocketAddress) server.localAddress(),
                        Collections.unmodifiableMap(expected), preference));
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        endpoints = List.copyOf(started);
    }

    /** A builder: 100 endpoints on 127.0.0.1..4, seed 1, TLS 1.0 to 1.3, no latency, 2 threads. */
    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints, in the order they were started. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Connections accepted so far by all endpoints. */
    public long connections() {
        return connections.get();
    }

    /**
     * The most connections that were open at once to one address (IP, any port) since the farm started, over all
     * addresses: what a client's per-IP limit must keep at or below its value.
     */
    public int maxOpenPerAddress() {
        return maxOpen(openByIp);
    }

    /**
     * The most connections that were open at once to one endpoint (IP and port) since the farm started, over all
     * endpoints: what a client's per-endpoint limit must keep at or below its value.
     */
    public int maxOpenPerEndpoint() {
        return maxOpen(openByEndpoint);
    }

    /**
     * Starts the peaks of {@link #maxOpenPerAddress}, {@link #maxOpenPerEndpoint} and {@link #maxConnectionsPerSecond}
     * afresh (from the connections open now), between two runs against the same farm.
     */
    public void resetPeaks() {
        for (Map<?, int[]> counts : List.of(openByIp, openByEndpoint)) {
            for (int[] c : counts.values()) {
                synchronized (c) {
                    c[1] = c[0];
                }
            }
        }
        acceptsByTenth.clear();
        startedNanos = System.nanoTime();
    }

    private static int maxOpen(Map<?, int[]> counts) {
        int max = 0;
        for (int[] c : counts.values()) {
            synchronized (c) {
                max = Math.max(max, c[1]);
            }
        }
        return max;
    }

    /**
     * The most connections accepted within one second (any ten consecutive tenths of a second) since the farm started:
     * what a client's rate limit must keep near its value (a token bucket may let a tenth of a second's worth more
     * through at once).
     */
    public long maxConnectionsPerSecond() {
        long last = acceptsByTenth.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        long max = 0;
        for (long start = 0; start <= last; start++) {
            long sum = 0;
            for (long t = start; t < start + 10; t++) {
                java.util.concurrent.atomic.LongAdder a = acceptsByTenth.get(t);
                sum += a == null ? 0 : a.sum();
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    /**
     * Counts an accepted connection, open until the farm sees it close — or, when the farm closes after answering,
     * until just before it writes its answer: then the client cannot have seen the answer, nor closed, before the farm
     * stopped counting the connection, and the farm's counts never exceed what the client had open. (Counted until the
     * close instead, a client's close can reach the farm after the client's next connection has.)
     *
     * @return what ends the count; runs once, whichever comes first
     */
    private Runnable count(SocketChannel ch) {
        acceptsByTenth.computeIfAbsent((System.nanoTime() - startedNanos) / 100_000_000L,
                k -> new java.util.concurrent.atomic.LongAdder()).increment();
        InetSocketAddress local = ch.localAddress();
        int[] ip = openByIp.computeIfAbsent(local.getAddress(), k -> new int[2]);
        int[] endpoint = openByEndpoint.computeIfAbsent(local, k -> new int[2]);
        opened(ip);
        opened(endpoint);
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable end = () -> {
            if (over.compareAndSet(false, true)) {
                closed(ip);
                closed(endpoint);
            }
        };
        ch.closeFuture().addListener(f -> end.run());
        return end;
    }

    private static void opened(int[] c) {
        synchronized (c) {
            c[0]++;
            c[1] = Math.max(c[1], c[0]);
        }
    }

    private static void closed(int[] c) {
        synchronized (c) {
            c[0]--;
        }
    }

    /** Closes every listener and connection and stops the event loops, waiting a few seconds at most. */
    @Override
    public void close() {
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    private static NavigableMap<Integer, List<Integer>> draw(Random random, List<Integer> allowed) {
        NavigableMap<Integer, List<Integer>> versions = new TreeMap<>();
        while (versions.isEmpty()) {
            for (int v : allowed) {
                if (random.nextInt(3) > 0) {
                    List<Integer> pool = new ArrayList<>();
                    for (int s : SUITES[v - 0x0301]) {
                        pool.add(s);
                    }
                    Collections.shuffle(pool, random);
                    versions.put(v, List.copyOf(pool.subList(0, 1 + random.nextInt(Math.min(4, pool.size())))));
                }
            }
        }
        return versions;
    }

    private static InetAddress loopback(int host) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (host >> 8), (byte) host});
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }

    /**
     * Closes the connection once an answer was written, and stops counting it just before writing it: the farm's
     * connections end, as it counts them, before the client's do.
     */
    private static final class CloseAfterAnswer extends io.netty.channel.ChannelOutboundHandlerAdapter {
        private final Runnable uncount;

        CloseAfterAnswer(Runnable uncount) {
            this.uncount = uncount;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
            uncount.run();
            ctx.write(msg, promise).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    /** Holds every read back for a while: a server that answers late. */
    private static final class Delay extends ChannelInboundHandlerAdapter {
        private final long millis;

        Delay(long millis) {
            this.millis = millis;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) {
                    ctx.fireChannelRead(msg);
                } else {
                    ReferenceCountUtil.release(msg);
                }
            }, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Configures and starts a {@link LabFarm}. Not thread-safe. */
    public static final class Builder {
        private int endpoints = 100;
        private int addresses = 4;
        private long seed = 1;
        private Duration latency = Duration.ZERO;
        private Duration holdTime = Duration.ofSeconds(5);
        private int threads = 2;
        private List<Integer> versions = List.of(0x0301, 0x0302, 0x0303, 0x0304);
        private boolean closeAfterAnswer;

        private Builder() {
        }

        /** How many endpoints, 1..{@value LabFarm#MAX_ENDPOINTS}; default 100. */
        public Builder endpoints(int n) {
            if (n < 1 || n > MAX_ENDPOINTS) {
                throw new IllegalArgumentException("endpoints: " + n + " (expected: 1.." + MAX_ENDPOINTS + ")");
            }
            this.endpoints = n;
            return this;
        }

        /** How many loopback addresses, 127.0.0.1 onwards, the endpoints are spread over; default 4. */
        public Builder addresses(int n) {
            if (n < 1 || n > 250) {
                throw new IllegalArgumentException("addresses: " + n + " (expected: 1..250)");
            }
            this.addresses = n;
            return this;
        }

        /** The seed of the configuration mix: the same seed gives the same configurations. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** A delay before every answer; default none. */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative() || latency.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("latency: " + latency + " (expected: 0..PT10S)");
            }
            this.latency = latency;
            return this;
        }

        /** Event-loop threads shared by all endpoints; default 2. */
        public Builder threads(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("threads: " + n + " (expected: 1..64)");
            }
            this.threads = n;
            return this;
        }

        /** The wire versions the mix draws from (0x0301..0x0304); default all four. */
        public Builder versions(int... wireVersions) {
            List<Integer> list = new ArrayList<>();
            for (int v : wireVersions) {
                if (v < 0x0301 || v > 0x0304) {
                    throw new IllegalArgumentException("version: 0x" + Integer.toHexString(v)
                            + " (expected: 0x0301..0x0304)");
                }
                list.add(v);
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("versions: none (expected: at least one)");
            }
            this.versions = List.copyOf(list);
            return this;
        }

        /**
         * Whether each endpoint closes a connection as soon as it has written its answer, instead of waiting for the
         * client to; default false. Then a connection is over for the farm before it is for the client, and the
         * farm's counts of open connections ({@link LabFarm#maxOpenPerAddress}) never exceed the client's.
         */
        public Builder closeAfterAnswer(boolean close) {
            this.closeAfterAnswer = close;
            return this;
        }

        /** Starts every endpoint. */
        public LabFarm start() {
            return new LabFarm(this);
        }
    }
}
