package dev.tlsweep.core.scan;

import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainPolicy;
import dev.tlsweep.core.chain.TrustAnchors;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.engine.Upgrade;
import dev.tlsweep.core.inventory.Addresses;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.policy.Judges;
import dev.tlsweep.core.probe.CertificateProbe;
import dev.tlsweep.core.probe.CheckCatalog;
import dev.tlsweep.core.probe.CheckProbe;
import dev.tlsweep.core.probe.CipherSuiteProbe;
import dev.tlsweep.core.probe.ClientSimulationProbe;
import dev.tlsweep.core.probe.ConnectivityHello;
import dev.tlsweep.core.probe.DiscoveryProbe;
import dev.tlsweep.core.probe.GroupProbe;
import dev.tlsweep.core.probe.HelloAnswer;
import dev.tlsweep.core.probe.OcspStaplingCheck;
import dev.tlsweep.core.probe.PreferenceProbe;
import dev.tlsweep.core.probe.ProbeContext;
import dev.tlsweep.core.probe.QuicAnswer;
import dev.tlsweep.core.probe.QuicProbe;
import dev.tlsweep.core.probe.ScanFacts;
import dev.tlsweep.core.probe.SignatureAlgorithmProbe;
import dev.tlsweep.core.quic.QuicVersion;
import dev.tlsweep.core.reach.Transport;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.CertificateCapture;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.Checks;
import dev.tlsweep.core.report.ClientResult;
import dev.tlsweep.core.report.Discovery;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.QuicReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.wire.ClientHelloEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The one orchestrator of a scan. Data walks one way: target → resolve → connectivity → probes (suites
 * and preference of every version concurrently, certificates, client simulation) → chain analysis →
 * judges → one {@link EndpointReport}. Probes run on the engine's event loops; chain analysis, the
 * expected certificate and the judges run on the analysis executor. The returned future never fails:
 * whatever happens becomes the report's status and error.
 *
 * <p>Each endpoint's probes run under {@link ScanOptions#endpointTimeout()}: when it passes, the hellos
 * under way are abandoned and what was not finished is {@code incomplete}, with the reason. Cancelling the
 * returned future stops the scan the same way: no further hello is sent, and the engine drops the
 * exchanges queued and closes the connections open.
 */
public final class Scanner {

    private final ScanEngine engine;
    private final ScanOptions options;
    private final Clock clock;
    private final ScanObserver observer;
    private final CipherSuiteProbe suites = new CipherSuiteProbe();
    private final PreferenceProbe preference = new PreferenceProbe();
    private final ClientSimulationProbe simulation = new ClientSimulationProbe();
    private final GroupProbe groupProbe = new GroupProbe();
    private final SignatureAlgorithmProbe signatureProbe = new SignatureAlgorithmProbe();
    private final QuicProbe quicProbe = new QuicProbe();
    private final DiscoveryProbe discoveryProbe;
    private final CertificateProbe certificates;
    private final CheckCatalog checks;
    private final ChainAnalyzer analyzer;
    private final Judges judges;
    private final Executor analysis;
    private final ManagedCertificates managed;
    private final Provenance provenance;

    /**
     * A scanner that judges served chains against the system's trust store, without AIA fetching, with the
     * baseline judgements only, analysing on the common pool. Construct it off the event loops: it loads the
     * TLS library for certificate handshakes.
     */
    public Scanner(ScanEngine engine, ScanOptions options) {
        this(builder(engine).options(options));
    }

    private Scanner(Builder b) {
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.options = Objects.requireNonNull(b.options, "options");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.analysis = Objects.requireNonNull(b.analysis, "analysis");
        this.observer = Objects.requireNonNull(b.observer, "observer");
        this.judges = Objects.requireNonNull(b.judges, "judges");
        this.analyzer = b.analyzerSet ? b.analyzer : new ChainAnalyzer(TrustAnchors.system(), List.of(), null,
                ChainPolicy.defaults(), clock);
        this.certificates = options.certificates() ? new CertificateProbe() : null;
        this.checks = options.checks() ? CheckCatalog.standard() : null;
        this.discoveryProbe = checks != null ? checks.discovery() : null;
        this.managed = new ManagedCertificates(analysis, clock);
        this.provenance = b.provenance;
        // The common key shares (x25519, P-256, P-384, X25519MLKEM768: tens of milliseconds) are made beside the
        // first connections rather than before them; a hello that needs one first makes it itself.
        Thread shares = new Thread(ClientHelloEncoder::prepare, "tlsweep-key-shares");
        shares.setDaemon(true);
        shares.start();
    }

    /** A builder of a scanner on {@code engine}. */
    public static Builder builder(ScanEngine engine) {
        return new Builder(engine);
    }

    /** Builds a {@link Scanner}; every setting has a default. */
    public static final class Builder {
        private final ScanEngine engine;
        private ScanOptions options = ScanOptions.defaults();
        private ChainAnalyzer analyzer;
        private boolean analyzerSet;
        private Judges judges = Judges.baseline();
        private Executor analysis = ForkJoinPool.commonPool();
        private Clock clock = Clock.systemUTC();
        private ScanObserver observer = ScanObserver.NONE;
        private Provenance provenance;

        private Builder(ScanEngine engine) {
            this.engine = engine;
        }

        /** What to probe (default: every version, by elimination, with certificates, no client simulation). */
        public Builder options(ScanOptions value) {
            options = value;
            return this;
        }

        /**
         * Judges each served chain; {@code null} captures chains without judging them (default: the system's
         * trust store, no AIA).
         */
        public Builder analyzer(ChainAnalyzer value) {
            analyzer = value;
            analyzerSet = true;
            return this;
        }

        /** The judgements made of every report (default: the baseline findings only). */
        public Builder judges(Judges value) {
            judges = value;
            return this;
        }

        /** Where X.509 parsing, chain analysis, file reads and judgement run: never an event loop. */
        public Builder analysis(Executor value) {
            analysis = value;
            return this;
        }

        /** The clock of reports and validity judgements. */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** Told of every hello and finished endpoint (metrics). */
        public Builder observer(ScanObserver value) {
            observer = value;
            return this;
        }

        /**
         * What made the reports (version, options, trust store), written into every report; {@code null}
         * (the default) records none.
         */
        public Builder provenance(Provenance value) {
            provenance = value;
            return this;
        }

        public Scanner build() {
            return new Scanner(this);
        }
    }

    /**
     * Forgets the {@code expect-cert=} files read so far (a long-running exporter calls it before each
     * sweep, so that a renewed file is read again).
     */
    public void forgetExpectedCertificates() {
        managed.clear();
    }

    /**
     * Scans one target. Completes on an event loop or the analysis executor; do not block in callbacks.
     * Cancelling the future stops the scan (see the class comment).
     */
    public CompletableFuture<EndpointReport> scan(Target target) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Run run = new Run();
        CompletableFuture<EndpointReport> result;
        try {
            result = engine.resolve(target.host()).handle((addresses, failure) -> {
                if (failure != null || addresses == null || addresses.isEmpty()) {
                    String why = failure == null ? "no address" : message(failure);
                    if (why.startsWith(target.host() + ": ")) {
                        why = why.substring(target.host().length() + 2);
                    }
                    return CompletableFuture.completedFuture(failed(target, null, ScanStatus.DNS_ERROR,
                            "cannot resolve " + target.host() + ": " + why, started, t0, 0));
                }
                return scanAddress(target, addresses.get(0), started, t0, run);
            }).thenCompose(f -> f);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return run.outcome(result.exceptionally(e -> failed(target, null, ScanStatus.ERROR,
                "internal error: " + message(e), started, t0, 0)));
    }

    /**
     * Scans one target at an address already resolved (for sweeps that scan every address of a
     * name); the report names the target's host and this address. Completes like {@link #scan(Target)}.
     */
    public CompletableFuture<EndpointReport> scan(Target target, InetAddress ip) {
        Objects.requireNonNull(ip, "ip");
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Run run = new Run();
        CompletableFuture<EndpointReport> result;
        try {
            result = scanAddress(target, ip, started, t0, run);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return run.outcome(result.exceptionally(e -> failed(target, Addresses.text(ip), ScanStatus.ERROR,
                "internal error: " + message(e), started, t0, 0)));
    }

    /** Why a cancelled scan's hellos ended. */
    static final String CANCELLED = "the scan was cancelled";

    /**
     * One scan's handle on its probes, so that cancelling the future the caller holds reaches them: the
     * probe context, once there is one, is stopped.
     */
    private final class Run {
        private ProbeContext ctx;
        private boolean cancelled;

        synchronized void attach(ProbeContext value) {
            ctx = value;
            if (cancelled) {
                value.stop(CANCELLED);
            }
        }

        void cancel() {
            ProbeContext c;
            synchronized (this) {
                cancelled = true;
                c = ctx;
            }
            if (c != null) {
                c.stop(CANCELLED);
            }
        }

        synchronized boolean cancelled() {
            return cancelled;
        }

        /** The future handed to the caller: its cancellation stops the scan; a cancelled scan is not observed. */
        CompletableFuture<EndpointReport> outcome(CompletableFuture<EndpointReport> inner) {
            CompletableFuture<EndpointReport> out = new CompletableFuture<>();
            inner.whenComplete((report, failure) -> {
                if (failure != null) {
                    out.completeExceptionally(failure);
                } else if (!cancelled()) {
                    out.complete(done(report));
                }
            });
            out.whenComplete((report, failure) -> {
                if (out.isCancelled()) {
                    cancel();
                }
            });
            return out;
        }
    }

    private EndpointReport done(EndpointReport report) {
        observer.endpointDone(report);
        return report;
    }

    /** Why an endpoint's hellos ended when its time ran out. */
    private String deadlineReason() {
        return "the endpoint timeout of " + seconds(options.endpointTimeout()) + " passed";
    }

    private static String seconds(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    /** What the probes of one endpoint found, before chain analysis and judgement. */
    private record Probed(List<ProtocolReport> protocols, CertificateCapture served, List<ClientResult> clients,
            Checks checks) {
    }

    private CompletableFuture<EndpointReport> scanAddress(Target target, InetAddress ip, Instant started, long t0,
            Run run) {
        if (target.transport() == Transport.QUIC) {
            return scanQuic(target, ip, started, t0, run);
        }
        ProbeContext ctx = new ProbeContext(engine, new InetSocketAddress(ip, target.port()), upgrade(target),
                target.starttls() == null ? null : target.starttls().alpn(), target.sni(), observer);
        run.attach(ctx);
        String reason = deadlineReason();
        ScheduledFuture<?> deadline = engine.group().schedule(() -> ctx.stop(reason),
                options.endpointTimeout().toNanos(), TimeUnit.NANOSECONDS);
        String ipText = Addresses.text(ip);
        return connectivity(ctx, target).thenCompose(first -> {
            ScanStatus early = Connectivity.statusOf(first);
            if (early != null) {
                deadline.cancel(false);
                boolean outOfTime = ctx.stopped() != null && ctx.stopped().equals(first.detail());
                return CompletableFuture.completedFuture(failed(target, ipText, outOfTime ? ScanStatus.TIMEOUT : early,
                        outOfTime ? "no TLS answer from " + target.authority() + " before " + ctx.stopped()
                                : Connectivity.describe(first, target), started, t0, ctx.hellosSent()));
            }
            // HTTP/3 and ECH announcements (Alt-Svc, the DNS HTTPS record) of an HTTPS endpoint, beside the probes
            CompletableFuture<Discovery> discovered = discoveryProbe != null && target.https()
                    ? discoveryProbe.run(ctx, engine, target.host(), target.hostIsIp())
                            .exceptionally(e -> null)
                    : CompletableFuture.completedFuture(null);
            CompletableFuture<Probed> probed = probe(ctx, first);
            return CompletableFuture.allOf(probed, discovered).whenComplete((x, e) -> deadline.cancel(false))
                    .thenCompose(x -> judged(target, ipText, ctx, first, probed.join(), null, started, t0))
                    .thenApply(r -> discovered.join() == null ? r
                            : r.toBuilder().discovery(discovered.join()).build());
        });
    }

    /** Chain analysis and judgement of what the probes found, or the report of a server that answered no hello. */
    private CompletableFuture<EndpointReport> judged(Target target, String ipText, ProbeContext ctx, HelloAnswer first,
            Probed probed, QuicReport quic, Instant started, long t0) {
        boolean anyAccepted = probed.protocols().stream().anyMatch(ProtocolReport::accepted);
        if (!anyAccepted && !ctx.anyTlsAnswer()) {
            return CompletableFuture.completedFuture(failed(target, ipText, ScanStatus.ERROR,
                    "the server answered no ClientHello (first: " + first.detail() + ")",
                    started, t0, ctx.hellosSent()).toBuilder().quic(quic).build());
        }
        // X.509 parsing, file reads and judgement: on the analysis executor, never an event loop.
        return CompletableFuture.supplyAsync(() -> analyze(target, probed.served()), analysis)
                .thenCompose(chains -> chains)
                .thenCombine(managed.get(target.expected().certificate()), (chains, cert) -> judges.judge(
                        withQuic(report(target, ipText, ctx, probed, chains, started, t0), quic),
                        target.expected(), cert));
    }

    /**
     * The report with its QUIC member; a QUIC version whose hello got no verdict (unanswered, cut short) makes the
     * endpoint incomplete, as a TLS version does: which versions the server takes is not known.
     */
    private static EndpointReport withQuic(EndpointReport r, QuicReport quic) {
        if (quic == null) {
            return r;
        }
        List<QuicReport.VersionSupport> unknown = quic.versions().stream().filter(v -> v.accepted() == null).toList();
        if (unknown.isEmpty()) {
            return r.toBuilder().quic(quic).build();
        }
        String why = "QUIC version " + unknown.get(0).version() + " could not be probed to the end: "
                + unknown.get(0).detail();
        return r.toBuilder().quic(quic).status(r.status() == ScanStatus.OK ? ScanStatus.INCOMPLETE : r.status())
                .error(r.error() == null ? why : r.error() + "; " + why).build();
    }

    /**
     * A QUIC endpoint (RFC 9000, RFC 9369): a hello in each QUIC version first (the versions the server takes); then,
     * over the version it takes, the TLS 1.3 suites, preference, groups, signature algorithms and certificates by the
     * usual probes (QUIC carries TLS 1.3 alone; the checks of TLS over TCP and the client simulation do not apply),
     * and the QUIC probe's own questions (Retry, transport parameters, ALPN).
     */
    private CompletableFuture<EndpointReport> scanQuic(Target target, InetAddress ip, Instant started, long t0,
            Run run) {
        ProbeContext ctx = ProbeContext.quic(engine, new InetSocketAddress(ip, target.port()), QuicVersion.V1,
                QUIC_ALPN, target.sni(), observer);
        run.attach(ctx);
        String reason = deadlineReason();
        ScheduledFuture<?> deadline = engine.group().schedule(() -> ctx.stop(reason),
                options.endpointTimeout().toNanos(), TimeUnit.NANOSECONDS);
        String ipText = Addresses.text(ip);
        return quicProbe.versions(ctx).thenCompose(versions -> {
            HelloAnswer first = versions.first().hello();
            QuicVersion preferred = versions.preferred();
            if (preferred == null) {
                deadline.cancel(false);
                boolean outOfTime = ctx.stopped() != null && ctx.stopped().equals(first.detail());
                ScanStatus status = outOfTime ? ScanStatus.TIMEOUT : quicStatus(versions);
                return quicProbe.run(ctx, versions).thenApply(quic -> failed(target, ipText, status,
                        outOfTime ? "no QUIC answer from " + target.authority() + " before " + ctx.stopped()
                                : quicFailure(versions, target), started, t0, ctx.hellosSent())
                        .toBuilder().quic(quic).build());
            }
            ctx.quicVersion(preferred);
            CompletableFuture<QuicReport> quic = quicProbe.run(ctx, versions);
            CompletableFuture<Probed> probed = probe(ctx, first);
            return CompletableFuture.allOf(probed, quic).whenComplete((x, e) -> deadline.cancel(false))
                    .thenCompose(x -> judged(target, ipText, ctx, first, probed.join(), quic.join(), started, t0));
        });
    }

    /** The ALPN protocols every hello over QUIC offers: HTTP/3. */
    static final List<String> QUIC_ALPN = List.of("h3");

    /** The status of a QUIC endpoint that took none of tlsweep's versions. */
    private static ScanStatus quicStatus(QuicProbe.Versions versions) {
        if (negotiatedAway(versions) != null) {
            return ScanStatus.ERROR;
        }
        ScanStatus early = Connectivity.statusOf(versions.first().hello());
        return early == null ? ScanStatus.ERROR : early;
    }

    /**
     * The versions a Version Negotiation listed when it lists none of tlsweep's (the server speaks none of them), or
     * {@code null}: no Version Negotiation, or one that lists a version whose hello went unanswered.
     */
    private static List<Integer> negotiatedAway(QuicProbe.Versions versions) {
        List<Integer> listed = null;
        for (QuicAnswer a : versions.answers().values()) {
            if (a.quic() != null && a.quic().versionNegotiation() != null) {
                listed = a.quic().versionNegotiation();
                if (listed.stream().anyMatch(v -> QuicVersion.of(v).isPresent())) {
                    return null;
                }
            }
        }
        return listed;
    }

    /** Why a QUIC endpoint could not be scanned, in words. */
    private static String quicFailure(QuicProbe.Versions versions, Target target) {
        QuicAnswer first = versions.first();
        List<Integer> listed = negotiatedAway(versions);
        if (listed != null) {
            return "the server at " + target.authority() + " speaks none of tlsweep's QUIC versions ("
                    + Arrays.stream(QuicVersion.values()).map(QuicVersion::label).collect(Collectors.joining(", "))
                    + "); its Version Negotiation lists "
                    + listed.stream().map(QuicVersion::describe).collect(Collectors.joining(", "));
        }
        HelloAnswer h = first.hello();
        String negotiation = versions.answers().values().stream()
                .filter(a -> a.quic() != null && a.quic().versionNegotiation() != null).findFirst()
                .map(a -> "; a hello in " + a.quic().version().label() + " got a Version Negotiation that lists "
                        + a.quic().versionNegotiation().stream().map(QuicVersion::describe)
                                .collect(Collectors.joining(", ")))
                .orElse("");
        return switch (h.kind()) {
            case CONNECT_FAILED -> h.outcome() == Outcome.REFUSED ? "nothing listens on UDP port " + target.port()
                    + " of " + target.host() + " (ICMP port unreachable)" : "cannot reach " + target.authority()
                    + " over UDP: " + h.detail();
            case TIMEOUT -> negotiation.isEmpty()
                    ? "no QUIC answer from " + target.authority() + ": the server left every Initial packet"
                            + " unanswered (UDP " + target.port() + ", " + h.detail() + ")"
                    : "no QUIC answer from " + target.authority() + " to the hello in " + QuicVersion.V1.label()
                            + " (UDP " + target.port() + ", " + h.detail() + ")" + negotiation;
            default -> "the QUIC handshake with " + target.authority() + " failed: " + h.detail() + negotiation;
        };
    }

    /**
     * The plaintext upgrade every connection to {@code target} runs before its hello, or {@code null}: the
     * protocol's dialog (XMPP opens its stream to the SNI, else the host), its connections at once per endpoint,
     * and the engine's overall attempt time as its deadline.
     */
    private Upgrade upgrade(Target target) {
        if (target.starttls() == null || !target.starttls().hasPreamble()) {
            return null;
        }
        String domain = target.sni() != null ? target.sni() : target.host();
        return Upgrade.of(target.starttls().label(), () -> target.starttls().preamble(domain),
                target.starttls().maxPerEndpoint()).withDeadline(engine.config().attemptTimeout());
    }


    /**
     * The first hello; a TLS 1.3-intolerant endpoint that lets it time out gets a plain TLS 1.2 hello, and
     * the scan goes on with a finding.
     */
    private static CompletableFuture<HelloAnswer> connectivity(ProbeContext ctx, Target target) {
        return ctx.send(ConnectivityHello.build(target.sni())).thenCompose(answer -> answer.kind() != HelloAnswer.Kind.TIMEOUT
                ? CompletableFuture.completedFuture(answer)
                : ctx.send(ConnectivityHello.tls12(target.sni())).thenApply(retry -> {
                    if (!retry.spokeTls()) {
                        return answer;
                    }
                    ctx.observe(new Finding(FindingCode.TLS13_HELLO_INTOLERANCE, Severity.MEDIUM,
                            "The endpoint did not answer a ClientHello offering TLS 1.3 (supported_versions, a key"
                                    + " share) but answered a plain TLS 1.2 one: clients that offer TLS 1.3 — every"
                                    + " current browser, curl, Java 11+ — may hang until they time out",
                            "Update the TLS stack, or the middlebox in front of it, that drops TLS 1.3 hellos"));
                    return retry;
                }));
    }

    /**
     * Every probe: suites and preference per version (concurrently); then, concurrently, the groups and signature
     * algorithms of every accepted version and the checks; then the certificates (whose TLS 1.3 chains the
     * signature-algorithm probe's flights carry) and OCSP stapling; the client simulation alongside.
     */
    private CompletableFuture<Probed> probe(ProbeContext ctx, HelloAnswer first) {
        boolean quic = ctx.quic() != null;
        List<CompletableFuture<ProtocolReport>> perVersion = new ArrayList<>();
        for (ProtocolVersion v : ProtocolVersion.values()) {
            if (quic ? v == ProtocolVersion.TLSv1_3 : options.versions().contains(v)) {
                perVersion.add(suites.run(ctx, v, options.exhaustive()).thenCompose(found -> preference.run(ctx, found)));
            }
        }
        CompletableFuture<List<ClientResult>> clients = options.clients().isEmpty() || quic
                ? CompletableFuture.completedFuture(List.of())
                : simulation.run(ctx, options.clients());
        return CompletableFuture.allOf(perVersion.toArray(CompletableFuture[]::new))
                .thenCompose(done -> again(ctx, perVersion.stream().map(CompletableFuture::join).toList()))
                .thenCompose(found -> {
                    List<ProtocolReport> enumerated = distrustSilence(ctx, found);
                    CompletableFuture<List<ProtocolReport>> deep = options.groups() ? depth(ctx, enumerated)
                            : CompletableFuture.completedFuture(enumerated);
                    boolean tls13Intolerant = ctx.observations().stream()
                            .anyMatch(f -> f.code().equals(FindingCode.TLS13_HELLO_INTOLERANCE.code()));
                    boolean checking = options.checks() && checks != null && !quic;
                    CompletableFuture<Checks> checked = checking
                            ? checks(ctx, new ScanFacts(enumerated, first, tls13Intolerant))
                            : CompletableFuture.completedFuture(Checks.NONE);
                    return deep.thenCompose(protocols -> {
                        // after the signature algorithms: their TLS 1.3 flights carry the chains of every key type
                        CompletableFuture<CertificateCapture> capture = certificates == null
                                ? CompletableFuture.completedFuture(CertificateCapture.NONE)
                                : certificates.run(ctx, protocols);
                        return capture.thenCombine(clients, (served, simulated) -> new Probed(protocols, served,
                                simulated, Checks.NONE)).thenCombine(checked, (p, c) -> new Probed(p.protocols(),
                                        p.served(), p.clients(), checking
                                                ? c.with(Check.OCSP_STAPLING, OcspStaplingCheck.judge(p.served()))
                                                : c));
                    });
                });
    }

    /**
     * When the endpoint turned out to be throttled (a limiter in front that leaves connections unanswered) after
     * some versions had counted unanswered connections as refusals, or could not finish, those versions are
     * probed once more, with the time left: the engine now slows down for the endpoint and the probes offer
     * again what goes unanswered, so that the result can be complete and exact rather than incomplete.
     */
    private CompletableFuture<List<ProtocolReport>> again(ProbeContext ctx, List<ProtocolReport> first) {
        if (ctx.throttled() == null || ctx.stopped() != null) {
            return CompletableFuture.completedFuture(first);
        }
        List<CompletableFuture<ProtocolReport>> second = new ArrayList<>();
        for (ProtocolReport p : first) {
            if (ctx.reliesOnUnanswered(p.version()) || !p.run().completed()) {
                ctx.forgetUnanswered(p.version());
                second.add(suites.run(ctx, p.version(), options.exhaustive())
                        .thenCompose(found -> preference.run(ctx, found)));
            } else {
                second.add(CompletableFuture.completedFuture(p));
            }
        }
        return CompletableFuture.allOf(second.toArray(CompletableFuture[]::new))
                .thenApply(done -> second.stream().map(CompletableFuture::join).toList());
    }

    /** Every check of the catalogue, concurrently; a check that fails unexpectedly is an error result, not a lost scan. */
    private CompletableFuture<Checks> checks(ProbeContext ctx, ScanFacts facts) {
        Map<Check, CompletableFuture<CheckResult>> each = new LinkedHashMap<>();
        for (CheckProbe probe : checks.probes()) {
            CompletableFuture<CheckResult> f;
            try {
                f = probe.run(ctx, facts);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            each.put(probe.check(), f.exceptionally(e -> CheckFailures.of(probe.check(), e)));
        }
        return CompletableFuture.allOf(each.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<Check, CheckResult> out = new LinkedHashMap<>();
            String stopped = ctx.stopped();
            each.forEach((check, f) -> out.put(check, stopped == null ? f.join()
                    : CheckFailures.stopped(check, f.join(), stopped)));
            return new Checks(out);
        });
    }

    /** The groups and signature algorithms of every accepted version, all concurrently. */
    private CompletableFuture<List<ProtocolReport>> depth(ProbeContext ctx, List<ProtocolReport> protocols) {
        List<CompletableFuture<ProtocolReport>> each = new ArrayList<>();
        for (ProtocolReport p : protocols) {
            if (!p.accepted()) {
                each.add(CompletableFuture.completedFuture(p));
                continue;
            }
            each.add(groupProbe.run(ctx, p).thenCombine(signatureProbe.run(ctx, p),
                    (groups, signatures) -> p.withGroups(groups).withSignatureAlgorithms(signatures)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    /**
     * When the endpoint showed that connections it answers are sometimes left unanswered (a connection limit or
     * rate limiter in front), a refusal by reset, close or silence proves nothing: the versions that completed by
     * counting such refusals become incomplete.
     */
    private static List<ProtocolReport> distrustSilence(ProbeContext ctx, List<ProtocolReport> protocols) {
        String evidence = ctx.throttled();
        if (evidence == null) {
            return protocols;
        }
        List<ProtocolReport> out = new ArrayList<>();
        for (ProtocolReport p : protocols) {
            if (p.run().completed() && ctx.reliesOnUnanswered(p.version())) {
                ProbeRun run = new ProbeRun(ProbeStatus.INCOMPLETE, "offers ended without an answer, and the endpoint"
                        + " left connections it answers unanswered too (" + evidence + "): a connection limit or rate"
                        + " limiter in front?", p.run().durationMillis(), p.run().hellos());
                p = p.withRun(run);
            }
            out.add(p);
        }
        return out;
    }

    /** Judges every served chain; runs on the analysis executor. The name checked is the SNI, else the host. */
    private CompletableFuture<List<ChainReport>> analyze(Target target, CertificateCapture served) {
        if (analyzer == null || served.chains().isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        String name = target.sni() != null ? target.sni() : target.host();
        List<CompletableFuture<ChainReport>> each = new ArrayList<>();
        for (ServedChain chain : served.chains()) {
            each.add(analyzer.analyze(chain.certificates(), name));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    /**
     * The report before judgement: what the probes found, the server's misbehaviour and the chain findings.
     * The status is {@code incomplete} when a version's probes could not finish, or a certificate chain the accepted
     * suites call for could not be read.
     */
    private EndpointReport report(Target target, String ipText, ProbeContext ctx, Probed probed,
            List<ChainReport> chains, Instant started, long t0) {
        List<Finding> findings = new ArrayList<>(ctx.observations());
        if (ctx.throttled() != null) {
            findings.removeIf(f -> f.code().equals("SILENT_REJECTION")); // silences were not shown to be refusals
        }
        findings.addAll(chainFindings(probed.served(), chains));
        List<ProtocolReport> incomplete = probed.protocols().stream().filter(p -> !p.run().completed()).toList();
        boolean uncaptured = probed.served().incomplete();
        ScanStatus status = incomplete.isEmpty() && !uncaptured ? ScanStatus.OK : ScanStatus.INCOMPLETE;
        String stopped = ctx.stopped();
        String error = null;
        if (!incomplete.isEmpty()) {
            error = (stopped == null ? "" : stopped + ": ") + incomplete.size() + " of " + probed.protocols().size()
                    + " protocol versions could not be probed to the end (first: "
                    + incomplete.get(0).version().label() + ": " + incomplete.get(0).run().error() + ")";
        }
        if (uncaptured) {
            // a chain the accepted suites call for was not read: its verdicts are unknown, not clean
            error = (error == null ? "" : error + "; ") + probed.served().error();
        }
        return EndpointReport.builder(target.input(), target.host(), target.port())
                .ip(ipText).sni(target.sni()).status(status).error(error)
                .protocols(probed.protocols()).served(probed.served()).chains(chains).clients(probed.clients())
                .checks(probed.checks())
                .findings(findings).startedAt(started).durationMillis(millisSince(t0)).hellosSent(ctx.hellosSent())
                .provenance(provenance).transport(target.transport()).starttls(target.starttls()).build();
    }

    /** The findings of every chain; with several chains (RSA and ECDSA) each message names its chain. */
    private static List<Finding> chainFindings(CertificateCapture served, List<ChainReport> chains) {
        Set<String> seen = new HashSet<>();
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            String prefix = chains.size() > 1 ? "[" + served.chains().get(i).keyType() + " certificate] " : "";
            for (Finding f : chains.get(i).findings()) {
                Finding named = f.withMessage(prefix + f.message());
                if (seen.add(named.code() + "\n" + named.message())) {
                    out.add(named);
                }
            }
        }
        return out;
    }

    private EndpointReport failed(Target target, String ip, ScanStatus status, String error, Instant started,
            long t0, int hellos) {
        return EndpointReport.unscanned(target.input(), target.host(), target.port(), ip, target.sni(), status, error,
                started, millisSince(t0), hellos).toBuilder().provenance(provenance).transport(target.transport())
                .starttls(target.starttls()).build();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Maps the first answer to an early end of the scan. */
    static final class Connectivity {

        private Connectivity() {
        }

        /** The status that ends the scan at once, or {@code null} to go on probing. */
        static ScanStatus statusOf(HelloAnswer a) {
            return switch (a.kind()) {
                case CONNECT_FAILED -> a.outcome() == Outcome.REFUSED ? ScanStatus.REFUSED
                        : a.outcome() == Outcome.CONNECT_TIMEOUT ? ScanStatus.TIMEOUT : ScanStatus.ERROR;
                case UPGRADE_FAILED -> switch (a.outcome()) {
                    case UPGRADE_REFUSED -> ScanStatus.STARTTLS_REFUSED;
                    case UPGRADE_TIMEOUT -> ScanStatus.STARTTLS_TIMEOUT;
                    default -> ScanStatus.STARTTLS_ERROR;
                };
                case NOT_TLS -> ScanStatus.NOT_TLS;
                case MALFORMED -> ScanStatus.NOT_TLS;
                case TIMEOUT -> ScanStatus.TIMEOUT;
                default -> null;
            };
        }

        static String describe(HelloAnswer a, Target t) {
            return switch (a.kind()) {
                case CONNECT_FAILED -> switch (a.outcome()) {
                    case REFUSED -> "connection refused by " + t.authority();
                    case CONNECT_TIMEOUT -> "no TCP connection to " + t.authority() + " within the connect timeout";
                    case UNREACHABLE -> "network unreachable: " + t.authority();
                    default -> "cannot connect to " + t.authority() + (a.detail() == null ? "" : ": " + a.detail());
                };
                case UPGRADE_FAILED -> a.detail();
                case NOT_TLS -> "not TLS: the server answered " + printable(a) + " to a ClientHello"
                        + (t.starttls() != null ? " after the " + t.starttls().label() + " upgrade" : hint(a, t));
                case MALFORMED -> "not TLS: the answer to a ClientHello is not well-formed TLS (" + a.detail() + ")";
                case TIMEOUT -> "connected, but no answer to a ClientHello within the read timeout";
                default -> a.detail();
            };
        }

        /** When the plaintext is a greeting of a protocol tlsweep can upgrade: how to scan its TLS instead. */
        private static String hint(HelloAnswer a, Target t) {
            byte[] b = a.flight() == null ? new byte[0] : a.flight().firstBytes();
            return dev.tlsweep.core.reach.Starttls.guessFromGreeting(b)
                    .map(p -> " (a greeting of " + p.label() + ": to scan the TLS it starts, scan " + p.label() + "://"
                            + t.authority() + ")")
                    .orElse("");
        }

        private static String printable(HelloAnswer a) {
            byte[] b = a.flight() == null ? new byte[0] : a.flight().firstBytes();
            StringBuilder s = new StringBuilder("'");
            for (byte x : b) {
                int c = x & 0xFF;
                if (c == '\r' || c == '\n') {
                    break;
                }
                s.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
            }
            return s.append("'").toString();
        }
    }
}
