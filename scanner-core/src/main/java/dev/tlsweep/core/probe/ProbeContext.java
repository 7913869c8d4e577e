package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.ChannelSession;
import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.engine.Retransmission;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.engine.Upgrade;
import dev.tlsweep.core.quic.QuicClient;
import dev.tlsweep.core.quic.QuicVersion;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.wire.CertificateMessage;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.EncryptedFlight;
import dev.tlsweep.core.wire.KeyExchangeKind;
import dev.tlsweep.core.wire.SentHello;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import dev.tlsweep.core.wire.ServerHello;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One endpoint's scan as the probes see it: where to send hellos, and a place to record what the
 * server did wrong. Probes of one endpoint run concurrently on several event loops, so everything here
 * is thread-safe.
 */
public final class ProbeContext {

    private final ScanEngine engine;
    private final InetSocketAddress address;
    private final Upgrade upgrade;
    /** The ALPN protocol every hello offers instead of its own list, or {@code null}. */
    private final String alpn;
    /** The QUIC version hellos are sent with, {@code null} for TCP; set once the versions the server speaks are known. */
    private volatile QuicVersion quic;
    /** The ALPN protocols every hello over QUIC offers (QUIC needs one: {@code h3} by default). */
    private final List<String> quicAlpn;
    private final String sni;
    private final AtomicInteger hellos = new AtomicInteger();
    /**
     * Whether a TLS 1.3 flight gave a chain, or could not be decrypted at all: later enumeration offers need not be
     * decrypted.
     */
    private volatile boolean tls13Settled;
    private final Map<String, Finding> behaviour = new LinkedHashMap<>();
    private final Map<String, ServedChain> served = new LinkedHashMap<>();
    /** Per key type, why the first flight that had to carry a chain of it did not yield one. */
    private final Map<String, String> unread = new LinkedHashMap<>();
    /** The key types (of suites) whose flights carried a chain that was read. */
    private final java.util.Set<String> carried = new java.util.HashSet<>();
    private final Map<ProtocolVersion, List<ServerHello>> serverHellos = new java.util.EnumMap<>(ProtocolVersion.class);
    private final List<String> tls13Alpn = new ArrayList<>();
    private final Map<String, CompletableFuture<?>> shared = new java.util.HashMap<>();
    private final HelloObserver observer;
    /** The latest {@link HelloAnswer#sentAtNanos()} of an answer that spoke TLS; {@link #NEVER} before one. */
    private final AtomicLong latestTlsSentAt = new AtomicLong(NEVER);
    private CompletableFuture<Boolean> control;
    private long controlSentAt;
    /** Whether connections this endpoint answers were sometimes left unanswered: a limit in front of it. */
    private final java.util.concurrent.atomic.AtomicReference<String> throttled = new java.util.concurrent.atomic.AtomicReference<>();
    /** The versions whose completion counted unanswered connections as refusals. */
    private final java.util.Set<ProtocolVersion> reliedOnUnanswered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final long NEVER = Long.MIN_VALUE;

    /** The engine's exchanges not yet ended, cancelled by {@link #stop}. */
    private final java.util.Set<CompletableFuture<?>> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Why the scan was stopped (a deadline, a cancellation), or {@code null} while it goes on. */
    private volatile String stopped;

    public ProbeContext(ScanEngine engine, InetSocketAddress address, String sni) {
        this(engine, address, sni, HelloObserver.NONE);
    }

    /** A context whose every answer is also reported to {@code observer}. */
    public ProbeContext(ScanEngine engine, InetSocketAddress address, String sni, HelloObserver observer) {
        this(engine, address, null, sni, observer);
    }

    /**
     * A context whose every connection first runs {@code upgrade}'s plaintext preamble (STARTTLS and the like;
     * {@code null} for TLS from the first byte), and whose every answer is also reported to {@code observer}.
     */
    public ProbeContext(ScanEngine engine, InetSocketAddress address, Upgrade upgrade, String sni,
            HelloObserver observer) {
        this(engine, address, upgrade, null, sni, observer);
    }

    /**
     * As {@link #ProbeContext(ScanEngine, InetSocketAddress, Upgrade, String, HelloObserver)}, with every hello that
     * offers ALPN offering {@code alpn} alone instead ({@code null}: each hello's own list), as a server that requires
     * its protocol (PostgreSQL's direct TLS: {@code postgresql}) demands.
     */
    public ProbeContext(ScanEngine engine, InetSocketAddress address, Upgrade upgrade, String alpn, String sni,
            HelloObserver observer) {
        this(engine, address, upgrade, alpn, null, List.of(), sni, observer);
    }

    private ProbeContext(ScanEngine engine, InetSocketAddress address, Upgrade upgrade, String alpn, QuicVersion quic,
            List<String> quicAlpn, String sni, HelloObserver observer) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.address = Objects.requireNonNull(address, "address");
        this.upgrade = upgrade;
        this.alpn = alpn;
        this.quic = quic;
        this.quicAlpn = List.copyOf(quicAlpn);
        this.sni = sni;
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * A context whose hellos go over QUIC ({@code version}; RFC 9000, 9001), each in Initial packets on a UDP socket
     * of its own, offering {@code alpn} (QUIC needs an application protocol: {@code h3} for HTTPS). Only TLS 1.3
     * hellos make sense there; sessions (a real TLS handshake over TCP) end at once as errors.
     */
    public static ProbeContext quic(ScanEngine engine, InetSocketAddress address, QuicVersion version,
            List<String> alpn, String sni, HelloObserver observer) {
        Objects.requireNonNull(version, "version");
        if (alpn.isEmpty()) {
            throw new IllegalArgumentException("alpn: [] (expected: at least one protocol; QUIC requires ALPN)");
        }
        return new ProbeContext(engine, address, null, null, version, alpn, sni, observer);
    }

    /** The QUIC version hellos are sent with, or {@code null} for TCP. */
    public QuicVersion quic() {
        return quic;
    }

    /** Sends later hellos with {@code version} (a QUIC context only): the version the server was found to speak. */
    public void quicVersion(QuicVersion version) {
        if (quic == null) {
            throw new IllegalStateException("not a QUIC context");
        }
        quic = Objects.requireNonNull(version, "version");
    }

    /** The ALPN protocols every hello over QUIC offers; empty for TCP. */
    public List<String> quicAlpn() {
        return quicAlpn;
    }

    /** The server name to send, or {@code null}. */
    public String sni() {
        return sni;
    }

    /** The address scanned. */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Stops the scan: the exchanges under way are cancelled (the engine frees their places and closes their
     * connections), and every later {@link #send} or {@link #session} ends at once, unsent, as a failure whose
     * detail is {@code reason}. The first reason is kept. Any thread.
     */
    public void stop(String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (outstanding) {
            if (stopped != null) {
                return;
            }
            stopped = reason;
        }
        for (CompletableFuture<?> f : outstanding) {
            f.cancel(false);
        }
    }

    /** Why the scan was stopped, or {@code null} while it goes on. */
    public String stopped() {
        return stopped;
    }

    /** Tracks an exchange until it ends, so that {@link #stop} can cancel it; false if already stopped. */
    private boolean track(CompletableFuture<?> f) {
        synchronized (outstanding) {
            if (stopped != null) {
                return false;
            }
            outstanding.add(f);
        }
        f.whenComplete((x, e) -> outstanding.remove(f));
        return true;
    }

    /**
     * Sends one hello on a new connection; the future never fails for network reasons. A hello that offers TLS 1.3
     * has its answer decrypted with tlsweep's own key share, up to the server's Finished
     * ({@link dev.tlsweep.core.wire.ServerFlight#encrypted()}).
     */
    public CompletableFuture<HelloAnswer> send(ClientHelloSpec spec) {
        return send(spec, true);
    }

    /**
     * Sends an offer of the enumeration (suites, the server's order), counted on {@code tally}: what matters is the
     * server's pick, which the ServerHello says in plaintext. Its TLS 1.3 answer is decrypted only until a TLS 1.3
     * flight gave its certificates (what the scan reads in the encrypted part: the chain, the ALPN protocol) or
     * proved undecryptable; the later ones would cost a key agreement and a key schedule each to read the same chain
     * again.
     */
    CompletableFuture<HelloAnswer> offer(ClientHelloSpec spec, Tally tally) {
        tally.hello();
        return send(spec, !tls13Settled);
    }

    private CompletableFuture<HelloAnswer> send(ClientHelloSpec spec, boolean decryptTls13) {
        QuicVersion version = quic;
        if (version != null) {
            // QUIC requires ALPN (RFC 9001 8.1): every hello offers the context's, whatever its own list
            return sendQuic(version, spec.toBuilder().alpn(quicAlpn.toArray(String[]::new)).build())
                    .thenApply(QuicAnswer::hello);
        }
        long sent = System.nanoTime();
        String why = stopped;
        if (why != null) {
            return CompletableFuture.completedFuture(HelloAnswer.unsent(why, sent));
        }
        // PostgreSQL's direct TLS refuses a hello without ALPN "postgresql": every hello that offers ALPN offers it
        SentHello hello = SentHello.encode(alpn == null || spec.alpn().isEmpty() ? spec
                : spec.toBuilder().alpn(alpn).build());
        SentHello decrypt = decryptTls13 && spec.offersTls13() ? hello : null;
        CompletableFuture<Exchange<ServerFlight>> exchanged = engine.exchange(address, upgrade,
                hello.recordsForSending(),
                () -> new FlightDecoder(ServerFlightDecoder.DEFAULT_MAX_FLIGHT_BYTES, ProbeContext::keyExchangeOf,
                        decrypt));
        if (!track(exchanged)) {
            exchanged.cancel(false);
            return CompletableFuture.completedFuture(HelloAnswer.unsent(stopped, sent));
        }
        hellos.incrementAndGet();
        return exchanged
                .handle((exchange, failure) -> {
                    if (failure != null) {
                        if (exchanged.isCancelled() && stopped != null) {
                            return HelloAnswer.unsent(stopped, sent);
                        }
                        throw failure instanceof java.util.concurrent.CompletionException c ? c
                                : new java.util.concurrent.CompletionException(failure);
                    }
                    HelloAnswer answer = HelloAnswer.of(exchange, sent, System.nanoTime());
                    recordDecrypted(answer);
                    if (answer.spokeTls()) {
                        latestTlsSentAt.accumulateAndGet(sent, (a, b) -> a == NEVER || b - a > 0 ? b : a);
                        if (answer.attempts() > 1) {
                            // The engine retried a reset, silence or connect timeout, and then it was answered.
                            throttled("a connection was answered only when retried (" + exchange.attempts()
                                    + " attempts)");
                        }
                    }
                    observer.answered(answer, exchange.elapsedNanos());
                    return answer;
                });
    }

    /**
     * Sends one hello over QUIC with {@code version}, offering the ALPN protocols of {@code spec} as they are (the QUIC
     * transport parameters, an empty session ID and TLS 1.3 alone are added: {@link QuicClient#start}); counted and
     * recorded as {@link #send} does. The future never fails for network reasons.
     */
    public CompletableFuture<QuicAnswer> sendQuic(QuicVersion version, ClientHelloSpec spec) {
        long sent = System.nanoTime();
        String why = stopped;
        if (why != null) {
            return CompletableFuture.completedFuture(new QuicAnswer(HelloAnswer.unsent(why, sent), null));
        }
        CompletableFuture<Exchange<QuicClient.Answer>> exchanged = engine.datagram(address,
                Retransmission.DEFAULT, () -> new QuicDialog(version, spec));
        if (!track(exchanged)) {
            exchanged.cancel(false);
            return CompletableFuture.completedFuture(new QuicAnswer(HelloAnswer.unsent(stopped, sent), null));
        }
        hellos.incrementAndGet();
        return exchanged.handle((exchange, failure) -> {
            if (failure != null) {
                if (exchanged.isCancelled() && stopped != null) {
                    return new QuicAnswer(HelloAnswer.unsent(stopped, sent), null);
                }
                throw failure instanceof java.util.concurrent.CompletionException c ? c
                        : new java.util.concurrent.CompletionException(failure);
            }
            HelloAnswer answer = HelloAnswer.of(QuicDialog.asFlight(exchange), sent, System.nanoTime());
            recordDecrypted(answer);
            if (answer.spokeTls()) {
                latestTlsSentAt.accumulateAndGet(sent, (a, b) -> a == NEVER || b - a > 0 ? b : a);
            }
            observer.answered(answer, exchange.elapsedNanos());
            return new QuicAnswer(answer, exchange.response());
        });
    }

    /** Whether any hello of this scan was answered in TLS (a ServerHello or an alert). */
    public boolean anyTlsAnswer() {
        return latestTlsSentAt.get() != NEVER;
    }

    /** Sends one hello counted on {@code tally}. */
    CompletableFuture<HelloAnswer> send(ClientHelloSpec spec, Tally tally) {
        tally.hello();
        return send(spec);
    }

    /**
     * Whether the endpoint answered in TLS on a connection started after {@code afterNanos}
     * ({@link System#nanoTime()}): then connections that ended without an answer before were the server's
     * own refusals, not a limit in front of it. Uses any answer of the scan that qualifies; otherwise sends
     * one control hello (the connectivity hello, which a TLS server answers with something), shared by the
     * probes that ask meanwhile, and counted on {@code tally}.
     */
    CompletableFuture<Boolean> confirmAlive(long afterNanos, Tally tally) {
        long latest = latestTlsSentAt.get();
        if (latest != NEVER && latest - afterNanos > 0) {
            return CompletableFuture.completedFuture(true);
        }
        synchronized (this) {
            if (control != null && controlSentAt - afterNanos > 0) {
                return control;
            }
            controlSentAt = System.nanoTime();
            control = send(ConnectivityHello.build(sni), tally).thenApply(a -> {
                if (!a.spokeTls() && stopped == null) {
                    throttled("the connectivity hello, answered before, went unanswered (" + a.detail() + ")");
                }
                return a.spokeTls();
            });
            return control;
        }
    }

    /**
     * Records that this endpoint left connections it otherwise answers unanswered (a retry or a second
     * offer got the answer the first did not, or a hello it answered before went unanswered): a connection
     * limit or rate limiter is in front of it, so refusals by reset, close or silence cannot be trusted.
     */
    void throttled(String evidence) {
        if (throttled.compareAndSet(null, evidence)) {
            engine.throttle(address.getAddress());
        }
    }

    /**
     * Why the endpoint looks throttled, or {@code null} when it does not: this scan's own evidence, or the
     * engine's, which slows down for an address whose connections were answered only when retried.
     */
    public String throttled() {
        String seen = throttled.get();
        if (seen == null && engine.throttled(address.getAddress())) {
            throttled.compareAndSet(null, "connections to " + address.getAddress().getHostAddress()
                    + " were answered only when retried");
            seen = throttled.get();
        }
        return seen;
    }

    /** Records that {@code version} completed by counting unanswered connections as the server's refusals. */
    void reliedOnUnanswered(ProtocolVersion version) {
        reliedOnUnanswered.add(version);
    }

    /** Forgets that {@code version} counted unanswered connections as refusals: it is probed again. */
    public void forgetUnanswered(ProtocolVersion version) {
        reliedOnUnanswered.remove(version);
    }

    /** Whether {@code version} completed by counting unanswered connections as refusals. */
    public boolean reliesOnUnanswered(ProtocolVersion version) {
        return reliedOnUnanswered.contains(version);
    }

    /**
     * Runs a {@link Dialogue} (a scripted conversation of several flights) on a new connection, under the engine's
     * limits, stopped with the scan ({@link #session}); counted as a hello. The future never fails for network
     * reasons: the exchange's outcome says how the connection ended and its response is the dialogue's result.
     */
    <T> CompletableFuture<Exchange<T>> converse(Supplier<? extends Dialogue<T>> dialogues, Tally tally) {
        tally.hello();
        return session(() -> new DialogueSession<T>(dialogues.get()));
    }

    /**
     * Runs a handler-driven session (a real TLS handshake) on a new connection, under the engine's
     * limits; counted as a hello. The future never fails for network reasons.
     */
    public <T> CompletableFuture<Exchange<T>> session(Supplier<? extends ChannelSession<T>> sessions) {
        if (quic != null) {
            return CompletableFuture.completedFuture(new Exchange<>(Outcome.ERROR, null, 1, 0,
                    "not over QUIC: a handshake through a TLS library runs over TCP only", address));
        }
        String why = stopped;
        if (why != null) {
            return CompletableFuture.completedFuture(new Exchange<>(Outcome.ERROR, null, 1, 0, why, address));
        }
        CompletableFuture<Exchange<T>> exchanged = engine.session(address, upgrade, sessions);
        if (!track(exchanged)) {
            exchanged.cancel(false);
            return CompletableFuture.completedFuture(new Exchange<>(Outcome.ERROR, null, 1, 0, stopped, address));
        }
        hellos.incrementAndGet();
        return exchanged.handle((exchange, failure) -> {
            if (failure != null) {
                if (exchanged.isCancelled() && stopped != null) {
                    return new Exchange<>(Outcome.ERROR, null, 1, 0, stopped, address);
                }
                throw failure instanceof java.util.concurrent.CompletionException c ? c
                        : new java.util.concurrent.CompletionException(failure);
            }
            return exchange;
        });
    }

    /**
     * Reads an answer to an offer at {@code version} ({@link Negotiation#read}), records what the server did
     * wrong, and keeps the certificates of a picked flight.
     */
    Reading read(ProtocolVersion version, java.util.Collection<Integer> offered, HelloAnswer answer) {
        Reading r = Negotiation.read(version, offered, answer);
        r.observations().forEach(this::observe);
        if (r.kind() == Reading.Kind.PICK && answer.flight() != null && version != ProtocolVersion.SSLv2) {
            recordServed(version, r.pick().suite(), answer);
            if (version != ProtocolVersion.TLSv1_3) {
                synchronized (serverHellos) {
                    serverHellos.computeIfAbsent(version, v -> new ArrayList<>()).add(answer.serverHello());
                }
            }
        }
        return r;
    }

    /**
     * The ServerHellos of the picks the enumeration read at {@code version} (TLS 1.2 and earlier), in arrival order:
     * the evidence of the extensions the server answers with (renegotiation_info, extended_master_secret, ALPN).
     */
    public List<ServerHello> serverHellos(ProtocolVersion version) {
        synchronized (serverHellos) {
            return List.copyOf(serverHellos.getOrDefault(version, List.of()));
        }
    }

    /** The ALPN protocols servers selected in decrypted TLS 1.3 flights, in arrival order (may repeat). */
    public List<String> tls13Alpn() {
        synchronized (tls13Alpn) {
            return List.copyOf(tls13Alpn);
        }
    }

    /**
     * Records the certificates of a flight whose ServerHello was accepted at {@code version} (TLS 1.2 and
     * earlier: the Certificate message is plaintext). TLS 1.3 chains come from decrypted flights
     * ({@link #recordDecrypted}).
     */
    void recordServed(ProtocolVersion version, int suite, HelloAnswer answer) {
        ServerFlight flight = answer.flight();
        if (version == ProtocolVersion.TLSv1_3) {
            return;
        }
        CertificateMessage message = flight.certificate();
        String keyType = CertificateKeys.ofSuite(suite);
        if (message != null && !message.certificates().isEmpty()) {
            recordChain(version, suite, message.certificates(), flight.certificateStatus(), flight.ocspResponse());
            if (keyType != null) {
                synchronized (served) {
                    carried.add(keyType); // whatever the leaf's key: what the server sends for these suites was read
                }
            }
            return;
        }
        if (keyType != null) {
            synchronized (served) {
                unread.putIfAbsent(keyType, CertificateKeys.whyUnread(version, suite, answer));
            }
        }
    }

    /**
     * Whether a flight that picked a suite calling for a certificate of {@code keyType} carried a chain that was read
     * (its leaf may be of another key type: a misconfigured server, which the chain's analysis judges).
     */
    public boolean chainRead(String keyType) {
        synchronized (served) {
            return carried.contains(keyType);
        }
    }

    /**
     * Why no chain of {@code keyType} ("RSA", "ECDSA", "DSA", or "certificate" for suites whose key type the suite
     * does not tell) could be read from a flight that picked a suite calling for one; {@code null} when every such
     * flight carried it.
     */
    public String unreadChain(String keyType) {
        synchronized (served) {
            return unread.get(keyType);
        }
    }

    /** Records the chain of a TLS 1.3 flight tlsweep decrypted with its own key share, whatever probe sent it. */
    private void recordDecrypted(HelloAnswer answer) {
        ServerFlight flight = answer.flight();
        EncryptedFlight encrypted = flight == null ? null : flight.encrypted();
        if (encrypted == null) {
            return;
        }
        if (encrypted.alpn() != null) {
            synchronized (tls13Alpn) {
                if (tls13Alpn.size() < 64) {
                    tls13Alpn.add(encrypted.alpn());
                }
            }
        }
        if (encrypted.error() != null && encrypted.certificates().isEmpty()) {
            // A flight that does not decrypt with the keys agreed (a server that sends records no key opens): the
            // enumeration's other answers would not either. The certificate probe tries once more with a hello of
            // its own and says why in its note when that fails too.
            tls13Settled = true;
        }
        if (encrypted.certificates().isEmpty()) {
            return;
        }
        tls13Settled = true;
        recordChain(ProtocolVersion.TLSv1_3, encrypted.suite(), encrypted.certificates(),
                encrypted.ocspResponse() != null, encrypted.ocspResponse());
    }

    /**
     * Keeps one chain per leaf key type: one seen at TLS 1.2 or earlier before one seen at TLS 1.3 (the plaintext
     * flights of enumeration came first and are what older clients get), among those the highest version, and among
     * those the first — replaced by a later one only if that one carries an OCSP staple and the kept one does not.
     * Cheap enough for an event loop: no X.509 parsing.
     */
    private void recordChain(ProtocolVersion version, int suite, List<byte[]> certificates, boolean stapled,
            byte[] ocsp) {
        String keyType = LeafKey.algorithm(certificates.get(0));
        synchronized (served) {
            ServedChain kept = served.get(keyType);
            boolean better = kept == null
                    || rank(version) > rank(kept.version())
                    || (version == kept.version() && stapled && !kept.ocspStapled());
            if (better) {
                served.put(keyType, new ServedChain(keyType, version, suite, certificates, stapled, ocsp));
            }
        }
    }

    private static int rank(ProtocolVersion v) {
        return v == ProtocolVersion.TLSv1_3 ? 0 : 1 + v.ordinal();
    }

    /** The chains recorded from enumeration flights, one per leaf key type, RSA, ECDSA, EdDSA, DSA, others. */
    public List<ServedChain> servedChains() {
        List<ServedChain> out;
        synchronized (served) {
            out = new ArrayList<>(served.values());
        }
        out.sort(Comparator.comparingInt(c -> KEY_TYPE_ORDER.indexOf(c.keyType()) < 0
                ? KEY_TYPE_ORDER.size() : KEY_TYPE_ORDER.indexOf(c.keyType())));
        return out;
    }

    /** The order of key types in reports. */
    static final List<String> KEY_TYPE_ORDER = List.of("RSA", "ECDSA", "EdDSA", "DSA");

    /**
     * The result several checks share (one dialogue whose answer serves them all), computed once per endpoint by the
     * first that asks.
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> once(String key, Supplier<CompletableFuture<T>> compute) {
        CompletableFuture<?> f;
        synchronized (shared) {
            f = shared.get(key);
            if (f == null) {
                CompletableFuture<T> mine = new CompletableFuture<>();
                shared.put(key, mine);
                f = mine;
                compute.get().whenComplete((v, e) -> {
                    if (e != null) {
                        mine.completeExceptionally(e);
                    } else {
                        mine.complete(v);
                    }
                });
            }
        }
        return (CompletableFuture<T>) f;
    }

    /** How many hellos were sent so far. */
    public int hellosSent() {
        return hellos.get();
    }

    /** Records something the server did wrong; the first finding of each code is kept. */
    public void observe(Finding finding) {
        synchronized (behaviour) {
            behaviour.putIfAbsent(finding.code(), finding);
        }
    }

    /** What the server did wrong, in the order first seen. */
    public List<Finding> observations() {
        synchronized (behaviour) {
            return new ArrayList<>(behaviour.values());
        }
    }

    /** The kind of ServerKeyExchange to expect after a ServerHello that picked {@code suite}. */
    static KeyExchangeKind keyExchangeOf(int suite) {
        return CipherSuites.byCode(suite).map(s -> switch (s.keyExchange()) {
            case ECDHE, ECDH_ANON -> KeyExchangeKind.ECDHE;
            case DHE, DHE_EXPORT, DH_ANON, DH_ANON_EXPORT -> KeyExchangeKind.DHE;
            case ECDHE_PSK -> KeyExchangeKind.ECDHE_PSK;
            case DHE_PSK -> KeyExchangeKind.DHE_PSK;
            case RSA_EXPORT -> KeyExchangeKind.RSA_EXPORT;
            default -> KeyExchangeKind.NONE;
        }).orElse(KeyExchangeKind.NONE);
    }
}
