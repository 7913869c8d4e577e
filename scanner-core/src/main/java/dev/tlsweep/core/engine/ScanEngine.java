package dev.tlsweep.core.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.DefaultHostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.resolver.dns.UnixResolverDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs byte exchanges with many endpoints concurrently: connect, write a request, feed the
 * response to a {@link ResponseDecoder} until it is satisfied, the peer closes or resets, or a
 * timeout passes.
 *
 * <p>Connections are admitted under a global limit ({@link EngineConfig#maxInFlight()}) and a
 * per-address limit ({@link EngineConfig#maxPerEndpoint()}), a per-IP limit ({@link
 * EngineConfig#maxPerIp()}) and an optional rate of new connections ({@link
 * EngineConfig#connectionsPerSecond()}); the rest wait in FIFO order, taking turns between
 * endpoints. The admission state lives on one event loop of {@link #group()};
 * connections use every loop.
 *
 * <p><b>Threads.</b> All returned futures complete on an event-loop thread, and dependent actions
 * attached without an executor run there too. Callbacks must not block (no I/O, no waiting on
 * other futures, no heavy computation such as X.509 parsing); hand such work to an executor of
 * your own with the {@code ...Async(fn, executor)} variants.
 *
 * <p><b>Adapting.</b> When no file descriptor is left for a new connection, the engine lowers its
 * global limit below the connections in flight, queues the exchange again, and raises the limit slowly
 * once connections close; an exchange that still cannot get a descriptor after a few tries ends with
 * {@link Outcome#ERROR} and a detail that starts with {@value #TOO_MANY_OPEN_FILES}. An IP address whose
 * connections were left unanswered and then answered on a retry is throttled: fewer connections in
 * flight, spaced, and more retries with growing back-off (see {@link Scheduler}).
 *
 * <p><b>Cancelling</b> an exchange's future frees its place in the queue or ends its connection.
 *
 * <p>Network conditions never complete a future exceptionally: they are {@link Outcome}s. The
 * futures of exchanges that had not started a connection when the engine was closed fail with
 * {@link IllegalStateException}.
 */
public final class ScanEngine implements AutoCloseable {

    /**
     * No quiet period when closing: the connections are closed and the jobs dropped before the loops shut down, and
     * the tasks already queued still run; a quiet period made each loop sleep Netty's 100 ms check interval, which
     * every command paid at exit.
     */
    private static final long CLOSE_QUIET_MILLIS = 0;
    private static final long CLOSE_TIMEOUT_MILLIS = 3_000;
    private static final double JITTER = 0.2;
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** How an exchange that never got a file descriptor says so in {@link Exchange#detail()}. */
    public static final String TOO_MANY_OPEN_FILES = "too many open files";
    /** Tries of one exchange that found no file descriptor before it ends as an error. */
    static final int MAX_DESCRIPTOR_FAILURES = 6;
    private static final long DESCRIPTOR_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** Retries added to {@link EngineConfig#maxRetries()} (when it is not 0) for a throttled IP. */
    static final int THROTTLED_EXTRA_RETRIES = 5;
    /** The longest back-off before a retry to a throttled IP. */
    private static final long MAX_THROTTLED_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final EngineConfig config;
    private final Transport transport;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop schedulerLoop;
    private final Scheduler scheduler;
    private final EventLoop[] loops;
    /** The loop that opens the next connection; scheduler's loop only. */
    private int nextLoop;
    private final int connectTimeoutMillis;
    private final Bootstrap datagramBootstrap;
    private final ChannelGroup channels;
    private final DefaultHostsFileEntriesResolver hosts;
    private final DnsNameResolver dns;
    private final Events events = new Events();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final AtomicLongArray outcomes = new AtomicLongArray(Outcome.values().length);
    private final long readTimeoutNanos;
    private final long attemptTimeoutNanos;

    /**
     * Starts the event loops and the DNS resolver. Reads /etc/hosts and, unless name servers are
     * configured, resolv.conf, on the calling thread.
     */
    public ScanEngine(EngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        loadEarly();
        this.transport = Transport.select(config.nativeTransport());
        this.readTimeoutNanos = config.readTimeout().toNanos();
        this.attemptTimeoutNanos = config.attemptTimeout().toNanos();
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("tlsweep-engine", true), transport.ioHandlerFactory());
        try {
            this.schedulerLoop = group.next();
            this.scheduler = new Scheduler(schedulerLoop, config.maxInFlight(), config.maxPerEndpoint(),
                    config.maxPerIp(), config.connectionsPerSecond(), this::start);
            this.channels = new DefaultChannelGroup("tlsweep-engine", schedulerLoop);
            List<EventLoop> all = new ArrayList<>();
            for (EventExecutor e : group) {
                all.add((EventLoop) e);
            }
            this.loops = all.toArray(EventLoop[]::new);
            this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
            this.datagramBootstrap = new Bootstrap()
                    .group(group)
                    .channel(transport.datagramChannel())
                    .option(ChannelOption.AUTO_READ, true);
            this.hosts = new DefaultHostsFileEntriesResolver();
            DnsNameResolverBuilder dnsBuilder = new DnsNameResolverBuilder(schedulerLoop)
                    .datagramChannelType(transport.datagramChannel())
                    .socketChannelType(transport.socketChannel())
                    .hostsFileEntriesResolver(hosts)
                    .queryTimeoutMillis(config.dnsQueryTimeout().toMillis());
            if (config.nameServers().isEmpty()) {
                dnsBuilder.nameServerProvider(systemNameServers());
            } else {
                dnsBuilder.nameServerProvider(
                                new SequentialDnsServerAddressStreamProvider(config.nameServers()))
                        .searchDomains(List.of())
                        .ndots(1);
            }
            this.dns = dnsBuilder.build();
        } catch (RuntimeException | Error e) {
            group.shutdownGracefully(0, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** The configuration this engine runs with. */
    public EngineConfig config() {
        return config;
    }

    /** The I/O transport in use: {@code "epoll"} or {@code "nio"}. */
    public String transport() {
        return transport.name();
    }

    /**
     * Connects to {@code address}, writes {@code request}, and feeds the response bytes to a fresh
     * decoder from {@code decoders} until it is done, the peer closes or resets, or the read timeout
     * passes. Queued while the global or the per-endpoint limit is reached. Retries, with a new
     * connection and a new decoder, on {@link Outcome#CONNECT_TIMEOUT}, and on {@link
     * Outcome#READ_TIMEOUT} or {@link Outcome#RESET} when no byte was received, up to {@link
     * EngineConfig#maxRetries()} times with exponential backoff.
     *
     * <p>The future completes on an event-loop thread (see the class comment) and never
     * exceptionally because of the network. Cancelling it while it is queued frees its place.
     *
     * @param address a resolved address
     * @param request the bytes to send once connected; may be empty. Not copied: the engine reads them whenever an
     *     attempt connects, so the caller must not change them afterwards
     * @param decoders creates one decoder per attempt
     * @throws IllegalArgumentException if {@code address} is unresolved
     */
    public <T> CompletableFuture<Exchange<T>> exchange(InetSocketAddress address, byte[] request,
            Supplier<? extends ResponseDecoder<T>> decoders) {
        return exchange(address, null, request, decoders);
    }

    /**
     * As {@link #exchange(InetSocketAddress, byte[], Supplier)}, with a plaintext preamble replayed on every
     * connection before {@code request} is written ({@link Upgrade}; {@code null} for none). Connections to {@code
     * address} with an upgrade are admitted under the lower of {@link EngineConfig#maxPerEndpoint()} and {@link
     * Upgrade#maxPerEndpoint()}. An attempt that ends in the preamble is {@link Outcome#UPGRADE_REFUSED}, {@link
     * Outcome#UPGRADE_FAILED} or {@link Outcome#UPGRADE_TIMEOUT} (retried only like a read timeout or reset when
     * the server sent nothing at all), and its decoder saw no byte.
     */
    public <T> CompletableFuture<Exchange<T>> exchange(InetSocketAddress address, Upgrade upgrade, byte[] request,
            Supplier<? extends ResponseDecoder<T>> decoders) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(decoders, "decoders");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address: " + address + " (expected: resolved)");
        }
        return submit(new Job<>(address, request, decoders, null, upgrade, System.nanoTime()));
    }

    private <T> CompletableFuture<Exchange<T>> submit(Job<T> job) {
        if (closed.get()) {
            job.future.completeExceptionally(closedException());
            return job.future;
        }
        try {
            schedulerLoop.execute(() -> {
                if (!scheduler.submit(job)) {
                    drop(job);
                }
            });
        } catch (RejectedExecutionException e) {
            drop(job);
        }
        job.future.whenComplete((x, e) -> {
            if (job.future.isCancelled()) {
                try {
                    schedulerLoop.execute(() -> {
                        if (job.retryTimer != null) {
                            job.retryTimer.cancel(false);
                        }
                        scheduler.cancelled(job);
                    });
                } catch (RejectedExecutionException closing) {
                    // the engine is closing: nothing waits any more
                }
            }
        });
        return job.future;
    }

    /**
     * Connects to {@code address} and lets a fresh {@link ChannelSession} from {@code sessions} carry
     * out a conversation with its own Netty handlers (e.g. a TLS handshake through an {@code
     * SslHandler}) until the session's future completes, the peer closes or resets, or the read
     * timeout passes. Same admission (global and per-endpoint limits, FIFO queue), timeouts, byte cap
     * and retry policy as {@link #exchange}: retried with a new connection and a new session on
     * {@link Outcome#CONNECT_TIMEOUT}, and on {@link Outcome#READ_TIMEOUT} or {@link Outcome#RESET}
     * when no byte was received. The engine still knows nothing of what the session means.
     *
     * <p>The future completes on an event-loop thread (see the class comment) and never
     * exceptionally because of the network; {@link Exchange#response()} is the last attempt's {@link
     * ChannelSession#result()}.
     *
     * @param address a resolved address
     * @param sessions creates one session per attempt
     * @throws IllegalArgumentException if {@code address} is unresolved
     */
    public <T> CompletableFuture<Exchange<T>> session(InetSocketAddress address,
            Supplier<? extends ChannelSession<T>> sessions) {
        return session(address, null, sessions);
    }

    /**
     * As {@link #session(InetSocketAddress, Supplier)}, with a plaintext preamble replayed on every connection
     * before the session starts ({@link Upgrade}; {@code null} for none), as for {@link #exchange(InetSocketAddress,
     * Upgrade, byte[], Supplier)}.
     */
    public <T> CompletableFuture<Exchange<T>> session(InetSocketAddress address, Upgrade upgrade,
            Supplier<? extends ChannelSession<T>> sessions) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(sessions, "sessions");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address: " + address + " (expected: resolved)");
        }
        return submit(new Job<>(address, new byte[0], null, sessions, upgrade, System.nanoTime()));
    }

    /**
     * Runs a conversation in UDP datagrams with {@code address} (a QUIC handshake): a socket connected to it, the
     * first datagrams of a fresh {@link DatagramDialog} from {@code dialogs}, its answers to each datagram received,
     * and retransmissions after silence as {@code retransmission} says, until the dialog is done, the read timeout
     * passes without a datagram, the attempt's overall cap or the byte cap is reached, or an ICMP port unreachable
     * ends it ({@link Outcome#REFUSED}). Same admission as {@link #exchange} (global, per-endpoint and per-IP limits,
     * the rate of new connections, FIFO queue): one socket counts as one connection. Not retried by the engine: the
     * retransmissions are its retries.
     *
     * <p>The future completes on an event-loop thread (see the class comment) and never exceptionally because of the
     * network; {@link Exchange#response()} is the last attempt's {@link DatagramDialog#result()}.
     *
     * @throws IllegalArgumentException if {@code address} is unresolved
     */
    public <T> CompletableFuture<Exchange<T>> datagram(InetSocketAddress address, Retransmission retransmission,
            Supplier<? extends DatagramDialog<T>> dialogs) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(retransmission, "retransmission");
        Objects.requireNonNull(dialogs, "dialogs");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address: " + address + " (expected: resolved)");
        }
        return submit(new Job<>(address, dialogs, retransmission, System.nanoTime()));
    }

    /**
     * Resolves a host name or IP literal to its addresses, asynchronously.
     *
     * <p>IP literals (IPv6 with or without brackets, with or without a zone such as {@code %eth0}) are
     * returned as they are. {@code localhost}
     * and names under it come from the hosts file, or are the loopback addresses when it has no
     * entry (RFC 6761 §6.3). Names under {@code invalid} fail at once (RFC 6761 §6.4). Other names
     * are looked up in the hosts file, then with DNS queries to {@link EngineConfig#nameServers()}
     * or the system's name servers. Failures are {@link UnknownHostException}s.
     */
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        Objects.requireNonNull(host, "host");
        String name = host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        if (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
            InetAddress literal = NetUtil.createInetAddressFromIpAddressString(name);
            if (literal != null) {
                return CompletableFuture.completedFuture(List.of(literal));
            }
        }
        int percent = name.indexOf('%');
        if (percent > 0 && NetUtil.isValidIpV6Address(name.substring(0, percent))) {
            // A scoped IPv6 literal (fe80::1%eth0): the JDK parses it and finds the interface; no lookup.
            try {
                return CompletableFuture.completedFuture(List.of(InetAddress.getByName(name)));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(new UnknownHostException(host + ": no such zone (network "
                        + "interface) here: " + name.substring(percent + 1)));
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.isEmpty()) {
            return CompletableFuture.failedFuture(new UnknownHostException(host + ": empty name"));
        }
        if (lower.equals("invalid") || lower.endsWith(".invalid")) {
            return CompletableFuture.failedFuture(
                    new UnknownHostException(host + ": reserved name under .invalid (RFC 6761)"));
        }
        if (lower.equals("localhost") || lower.endsWith(".localhost")) {
            return CompletableFuture.completedFuture(localhost(lower));
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException());
        }
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        try {
            dns.resolveAll(name).addListener(f -> {
                if (f.isSuccess()) {
                    @SuppressWarnings("unchecked")
                    List<InetAddress> addresses = (List<InetAddress>) f.getNow();
                    result.complete(List.copyOf(addresses));
                } else if (f.cause() instanceof UnknownHostException unknown) {
                    UnknownHostException said = new UnknownHostException(host + ": " + dnsWords(unknown));
                    said.initCause(unknown);
                    result.completeExceptionally(said);
                } else {
                    UnknownHostException unknown = new UnknownHostException(
                            host + ": " + Failures.describe(f.cause()));
                    unknown.initCause(f.cause());
                    result.completeExceptionally(unknown);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedException());
        }
        return result;
    }

    /**
     * The records of one type that the name servers hold for {@code name} (no search domains, no hosts file), raw:
     * the engine knows nothing of what they mean. Names under {@code localhost} and {@code invalid} (RFC 6761), IP
     * literals and names of the hosts file are never asked: they have none. A query that gets no answer, or a server
     * failure, completes exceptionally with an {@link UnknownHostException} that says why; a name without such records
     * (NXDOMAIN, or no record of the type) is an answer with none.
     *
     * @param type the RR type, e.g. 65 (HTTPS, RFC 9460)
     */
    public CompletableFuture<DnsRecords> queryRecords(String name, int type) {
        Objects.requireNonNull(name, "name");
        String lower = name.toLowerCase(Locale.ROOT);
        String bare = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        if (bare.isEmpty() || bare.equals("localhost") || bare.endsWith(".localhost") || bare.equals("invalid")
                || bare.endsWith(".invalid")) {
            return CompletableFuture.completedFuture(DnsRecords.notAsked("reserved name (RFC 6761)"));
        }
        if (NetUtil.isValidIpV4Address(bare) || NetUtil.isValidIpV6Address(bare)) {
            return CompletableFuture.completedFuture(DnsRecords.notAsked("an IP address, not a name"));
        }
        if (hosts.address(bare, dns.resolvedAddressTypes()) != null) {
            // a name the hosts file pins is not looked up in DNS for its addresses either
            return CompletableFuture.completedFuture(DnsRecords.notAsked("a name of the hosts file"));
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException());
        }
        CompletableFuture<DnsRecords> result = new CompletableFuture<>();
        DnsRecordType rrType = DnsRecordType.valueOf(type);
        try {
            dns.query(new DefaultDnsQuestion(bare + ".", rrType)).addListener(f -> {
                if (!f.isSuccess()) {
                    UnknownHostException unknown = new UnknownHostException(name + ": " + Failures.describe(f.cause()));
                    unknown.initCause(f.cause());
                    result.completeExceptionally(unknown);
                    return;
                }
                @SuppressWarnings("unchecked")
                AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
                        (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
                try {
                    DnsResponse response = envelope.content();
                    DnsResponseCode code = response.code();
                    if (code != DnsResponseCode.NOERROR && code != DnsResponseCode.NXDOMAIN) {
                        result.completeExceptionally(new UnknownHostException(name + ": the name server answered "
                                + code.toString()));
                        return;
                    }
                    List<byte[]> records = new ArrayList<>();
                    int n = response.count(DnsSection.ANSWER);
                    for (int i = 0; i < n && records.size() < 64; i++) {
                        DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
                        if (r.type().intValue() == type && r instanceof DnsRawRecord raw) {
                            records.add(ByteBufUtil.getBytes(raw.content()));
                        }
                    }
                    result.complete(new DnsRecords(true, code.toString(), records));
                } finally {
                    envelope.release();
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedException());
        }
        return result;
    }

    /**
     * The answer to {@link #queryRecords}: the response code in words and the records' data (RDATA), at most 64.
     *
     * @param asked whether the name servers were asked (not for IP literals, reserved names, names of the hosts file)
     * @param code how the name server answered (NoError, NXDomain), or why nothing was asked
     * @param records the data of each record of the type asked, in the order received
     */
    public record DnsRecords(boolean asked, String code, List<byte[]> records) {
        public DnsRecords {
            Objects.requireNonNull(code, "code");
            records = List.copyOf(records);
        }

        /** No answer, since no name server was asked: {@code why}. */
        static DnsRecords notAsked(String why) {
            return new DnsRecords(false, why, List.of());
        }
    }

    /**
     * What a failed lookup means, in a user's words: the resolver's own message names its record types and
     * query counts ({@code failed to resolve 'x' [A(1), AAAA(28)] after 2 queries}).
     */
    static String dnsWords(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DnsNameResolverTimeoutException) {
                return "the DNS server did not answer in time";
            }
            if (t instanceof DnsErrorCauseException e && e.getCode() != null) {
                String code = e.getCode().toString().toUpperCase(Locale.ROOT);
                if (code.contains("NXDOMAIN")) {
                    return "no such name (NXDOMAIN)";
                }
                if (code.contains("SERVFAIL")) {
                    return "the DNS server failed to answer (SERVFAIL)";
                }
                if (code.contains("REFUSED")) {
                    return "the DNS server refused the query (REFUSED)";
                }
                return "the DNS server answered " + code.replaceAll("\\(\\d+\\)", "").strip();
            }
        }
        return "no address found (no A or AAAA record for the name)";
    }

    /**
     * Slows down for {@code ip} from now on, as when the engine sees a connection answered only when retried:
     * for a caller that saw such evidence itself (a hello answered when offered again). Any thread.
     */
    public void throttle(InetAddress ip) {
        Objects.requireNonNull(ip, "ip");
        if (scheduler.throttled(ip) || closed.get()) {
            return;
        }
        try {
            schedulerLoop.execute(() -> scheduler.throttle(ip));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Whether the engine slows down for {@code ip} (see {@link #throttle}). Any thread. */
    public boolean throttled(InetAddress ip) {
        return scheduler.throttled(ip);
    }

    /**
     * A snapshot of the engine's counters; may be called from any thread. An exchange is counted
     * in {@link EngineStats#outcomes()} before its future completes; its slot is given back just
     * after, so {@link EngineStats#inFlight()} may still include it for a moment.
     */
    public EngineStats stats() {
        Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, outcomes.get(o.ordinal()));
        }
        return new EngineStats(scheduler.inFlight(), scheduler.queued(), connectionsOpened.sum(),
                retries.sum(), byOutcome);
    }

    /**
     * The event loops, for callers that schedule follow-up work. Tasks run there must not block.
     * Shut down by {@link #close()}, not by the caller.
     */
    public EventLoopGroup group() {
        return group;
    }

    /**
     * Stops the engine: exchanges still waiting for a slot fail with {@link IllegalStateException},
     * open connections are closed (their exchanges complete with {@link Outcome#ERROR}), and the
     * event loops shut down. Waits for that, up to a few seconds, unless called on one of the
     * engine's own event loops. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                schedulerLoop.execute(() -> {
                    for (Job<?> job : scheduler.shutDown()) {
                        drop(job);
                    }
                    channels.close();
                    dns.close();
                    group.shutdownGracefully(CLOSE_QUIET_MILLIS, CLOSE_TIMEOUT_MILLIS,
                            TimeUnit.MILLISECONDS);
                });
            } catch (RejectedExecutionException e) {
                group.shutdownGracefully(CLOSE_QUIET_MILLIS, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                return;
            }
        }
        group.terminationFuture().awaitUninterruptibly(2 * CLOSE_TIMEOUT_MILLIS);
    }

    /**
     * The system's name servers, read once now: Netty's platform default re-reads resolv.conf every
     * few minutes on whichever thread resolves, which would be an event loop.
     */
    private static DnsServerAddressStreamProvider systemNameServers() {
        try {
            return new UnixResolverDnsServerAddressStreamProvider("/etc/resolv.conf", "/etc/resolver");
        } catch (IOException | RuntimeException e) {
            return DnsServerAddressStreamProviders.platformDefault();
        }
    }

    private List<InetAddress> localhost(String name) {
        ResolvedAddressTypes types = dns.resolvedAddressTypes();
        List<InetAddress> fromHosts = hosts.addresses(name, types);
        if (fromHosts != null && !fromHosts.isEmpty()) {
            return List.copyOf(fromHosts);
        }
        List<InetAddress> loopback = new ArrayList<>(2);
        if (types != ResolvedAddressTypes.IPV6_ONLY) {
            loopback.add(NetUtil.LOCALHOST4);
        }
        if (types != ResolvedAddressTypes.IPV4_ONLY) {
            if (types == ResolvedAddressTypes.IPV6_PREFERRED) {
                loopback.add(0, NetUtil.LOCALHOST6);
            } else {
                loopback.add(NetUtil.LOCALHOST6);
            }
        }
        return List.copyOf(loopback);
    }

    /**
     * Hands a job that holds a slot to the next event loop, which opens its connection: the socket, its options,
     * the registration and the connect all happen on the loop that will serve the connection, so connection
     * creation is spread over every loop instead of queueing on the scheduler's. Runs on the scheduler's loop.
     */
    private void start(Job<?> job) {
        if (job.future.isDone()) {
            scheduler.release(job.address); // cancelled on its way to a slot
            return;
        }
        if (job.dialogs != null) {
            startDatagram(job);
            return;
        }
        // Counted before the connect: the channel's own loop may run the attempt to its end before connect returns.
        job.attempts = job.attempts + 1;
        EventLoop loop = nextLoop();
        try {
            loop.execute(() -> open(loop, job));
        } catch (RejectedExecutionException closing) {
            job.attempts = job.attempts - 1;
            scheduler.release(job.address);
            drop(job);
        }
    }

    /** The loops in turn; the scheduler's own loop takes its turn too. Scheduler's loop only. */
    private EventLoop nextLoop() {
        EventLoop loop = loops[nextLoop];
        nextLoop = nextLoop + 1 == loops.length ? 0 : nextLoop + 1;
        return loop;
    }

    /** Opens the connection of a job on {@code loop}, which runs this. */
    private <T> void open(EventLoop loop, Job<T> job) {
        if (job.future.isDone()) {
            onScheduler(() -> scheduler.release(job.address)); // cancelled on its way to the loop
            return;
        }
        Attempt<T> attempt = new Attempt<>(job, events, readTimeoutNanos, attemptTimeoutNanos,
                config.maxResponseBytes());
        Channel channel;
        try {
            channel = transport.newSocketChannel(job.address);
        } catch (RuntimeException e) {
            // No socket could be made: no handler of the attempt ran. Not an attempt at the peer if descriptors ran out.
            if (Failures.outOfDescriptors(e)) {
                boolean handed = onScheduler(() -> {
                    job.attempts = job.attempts - 1;
                    noDescriptor(job, e);
                });
                if (!handed) {
                    drop(job); // the engine closed meanwhile: the job ends here, not never
                }
            } else {
                events.attemptEnded(job, Outcome.ERROR, null, Failures.describe(e), 0);
            }
            return;
        }
        ChannelFuture connect;
        try {
            ChannelConfig c = channel.config();
            c.setConnectTimeoutMillis(connectTimeoutMillis);
            // TCP_NODELAY is on already: both of Netty's socket channels set it when made
            c.setOption(ChannelOption.SO_LINGER, 0);
            channel.pipeline().addLast(attempt);
            loop.register(channel); // on this loop: registered before it returns
            connect = channel.connect(job.address);
        } catch (RuntimeException e) {
            channel.unsafe().closeForcibly();
            events.attemptEnded(job, Outcome.ERROR, null, Failures.describe(e), 0);
            return;
        }
        connectionsOpened.increment();
        channels.add(channel);
        attempt.connecting(connect);
    }

    /**
     * Runs {@code task} on the scheduler's loop; returns {@code false}, not running it, when the engine has shut its
     * loops down.
     */
    private boolean onScheduler(Runnable task) {
        try {
            schedulerLoop.execute(task);
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    /** Opens the UDP socket of a datagram job that holds a slot. Runs on the scheduler's loop. */
    private <T> void startDatagram(Job<T> job) {
        DatagramAttempt<T> attempt = new DatagramAttempt<>(job, events, readTimeoutNanos, attemptTimeoutNanos,
                config.maxResponseBytes());
        job.attempts = job.attempts + 1;
        ChannelFuture connect;
        try {
            connect = datagramBootstrap.clone().handler(attempt).connect(job.address);
        } catch (RuntimeException e) {
            if (Failures.outOfDescriptors(e)) {
                job.attempts = job.attempts - 1;
                noDescriptor(job, e);
            } else {
                events.attemptEnded(job, Outcome.ERROR, null, Failures.describe(e), 0);
            }
            return;
        }
        if (connect.isDone() && !connect.isSuccess() && Failures.outOfDescriptors(connect.cause())) {
            job.attempts = job.attempts - 1;
            noDescriptor(job, connect.cause());
            return;
        }
        connectionsOpened.increment();
        channels.add(connect.channel());
        attempt.connecting(connect);
    }

    /**
     * A job found no file descriptor for its connection: the global limit drops below the connections in
     * flight and the job waits for descriptors to come back, or, after a few tries, ends as an error.
     * Runs on the scheduler's loop.
     */
    private <T> void noDescriptor(Job<T> job, Throwable cause) {
        scheduler.release(job.address, Scheduler.Signal.NO_DESCRIPTOR);
        job.descriptorFailures++;
        if (job.descriptorFailures >= MAX_DESCRIPTOR_FAILURES || scheduler.isShutDown()) {
            job.attempts = Math.max(1, job.attempts);
            complete(job, Outcome.ERROR, job.last == null ? null : job.last.response(), TOO_MANY_OPEN_FILES
                    + ": no file descriptor for a new connection (" + Failures.describe(cause) + "; ulimit -n "
                    + DescriptorLimit.describe() + ")");
            return;
        }
        scheduler.backingOff(job);
        job.retryTimer = schedulerLoop.schedule(() -> retry(job),
                DESCRIPTOR_BACKOFF_NANOS << Math.min(job.descriptorFailures - 1, 10), TimeUnit.NANOSECONDS);
    }

    /**
     * Loads now what the JDK would otherwise open a file for on first use, when descriptors may have run
     * out: the time-zone rules (JDK logging and date formatting read them lazily).
     */
    private static void loadEarly() {
        try {
            java.time.ZoneId.systemDefault().getRules();
            java.util.TimeZone.getDefault();
        } catch (RuntimeException e) {
            // an odd TZ setting: the JDK falls back to UTC later as it would now
        }
    }

    private static boolean retryable(Outcome outcome, long received) {
        return switch (outcome) {
            case CONNECT_TIMEOUT -> true;
            case READ_TIMEOUT, RESET, UPGRADE_TIMEOUT -> received == 0;
            default -> false;
        };
    }

    /**
     * Backoff before retry number {@code retry} (1-based): doubled each time, ±20% jitter; to a throttled IP
     * at least the first spacing of its connections and at most a few seconds.
     */
    private long backoffNanos(int retry, boolean throttled) {
        double exponential = config.retryBackoff().toNanos() * Math.pow(2, Math.min(retry - 1, 30));
        double jittered = exponential * (1.0 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER));
        if (throttled) {
            // The scheduler spaces connections to a throttled IP as well; the back-off only keeps a retry from
            // running ahead of them.
            return (long) Math.min(Math.max(jittered, Scheduler.MIN_INTERVAL_NANOS), MAX_THROTTLED_BACKOFF_NANOS);
        }
        return (long) Math.min(jittered, MAX_BACKOFF_NANOS);
    }

    /** Runs on the scheduler's loop once a retry's backoff has passed or the engine closed. */
    private <T> void retry(Job<T> job) {
        if (job.future.isDone()) {
            scheduler.cancelled(job);
            return;
        }
        if (!scheduler.submit(job)) {
            drop(job);
        }
    }

    /** What an attempt's end teaches the scheduler about its IP. */
    private static Scheduler.Signal signal(Job<?> job, Outcome outcome, long received) {
        if (received > 0) {
            return job.unansweredBefore ? Scheduler.Signal.ANSWERED_AFTER_UNANSWERED : Scheduler.Signal.ANSWERED;
        }
        return switch (outcome) {
            case RESET, CLOSED, READ_TIMEOUT, CONNECT_TIMEOUT -> Scheduler.Signal.UNANSWERED;
            default -> Scheduler.Signal.NEUTRAL;
        };
    }

    /** Ends a job that will not get (another) connection because the engine closed. */
    private <T> void drop(Job<T> job) {
        if (job.retryTimer != null) {
            job.retryTimer.cancel(false);
        }
        Exchange<T> last = job.last;
        if (last == null) {
            job.future.completeExceptionally(closedException());
        } else {
            complete(job, last.outcome(), last.response(),
                    last.detail() + (last.detail().isEmpty() ? "" : "; ") + "engine closed before retry");
        }
    }

    private <T> void complete(Job<T> job, Outcome outcome, T response, String detail) {
        Exchange<T> exchange = new Exchange<>(outcome, response, Math.max(1, job.attempts),
                System.nanoTime() - job.startNanos, detail, job.address);
        if (!job.future.isDone()) {
            // Counted first, so that a caller who sees the future complete sees it in stats() too.
            outcomes.incrementAndGet(outcome.ordinal());
            job.future.complete(exchange);
        }
    }

    private static IllegalStateException closedException() {
        return new IllegalStateException("engine closed");
    }

    /** Receives attempt ends; kept private so that these methods stay off the public API. */
    private final class Events implements Attempt.Listener {

        @Override
        public <T> void attemptEnded(Job<T> job, Outcome outcome, T response, String detail,
                long received) {
            boolean throttled = scheduler.throttled(job.address.getAddress());
            int allowed = config.maxRetries() == 0 ? 0
                    : config.maxRetries() + (throttled ? THROTTLED_EXTRA_RETRIES : 0);
            Scheduler.Signal signal = signal(job, outcome, received);
            if (signal == Scheduler.Signal.UNANSWERED) {
                job.unansweredBefore = true;
            }
            boolean retry = !closed.get()
                    && job.dialogs == null
                    && !job.future.isDone()
                    && job.attempts <= allowed
                    && retryable(outcome, received);
            if (retry) {
                job.last = new Exchange<>(outcome, response, job.attempts,
                        System.nanoTime() - job.startNanos, detail, job.address);
            } else {
                complete(job, outcome, response, detail);
            }
            try {
                schedulerLoop.execute(() -> {
                    scheduler.release(job.address, signal);
                    if (retry) {
                        if (scheduler.isShutDown()) {
                            drop(job);
                            return;
                        }
                        ScanEngine.this.retries.increment();
                        scheduler.backingOff(job);
                        job.retryTimer = schedulerLoop.schedule(() -> retry(job),
                                backoffNanos(job.attempts, scheduler.throttled(job.address.getAddress())),
                                TimeUnit.NANOSECONDS);
                    }
                });
            } catch (RejectedExecutionException e) {
                if (retry) {
                    drop(job);
                }
            }
        }

        @Override
        public boolean closing() {
            return closed.get();
        }
    }
}
