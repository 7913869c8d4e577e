package dev.tlsweep.core.scan;

import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainPolicy;
import dev.tlsweep.core.chain.ChainReport;
import dev.tlsweep.core.chain.TrustAnchors;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.policy.BaselineFindings;
import dev.tlsweep.core.policy.ExpectedCertificate;
import dev.tlsweep.core.probe.CertificateProbe;
import dev.tlsweep.core.probe.CipherSuiteProbe;
import dev.tlsweep.core.probe.ConnectivityHello;
import dev.tlsweep.core.probe.HelloAnswer;
import dev.tlsweep.core.probe.PreferenceProbe;
import dev.tlsweep.core.probe.ProbeContext;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.CertificateCapture;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.wire.ClientHelloEncoder;
import dev.tlsweep.core.wire.ClientHelloSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Scans endpoints: resolves the target, checks that it speaks TLS, runs the probes for every version
 * concurrently, captures the certificate chains served (from the enumeration's TLS 1.2-and-earlier
 * flights, or one TLS 1.3 handshake), judges the results and returns one {@link EndpointReport}. The returned future never
 * fails: whatever happens becomes the report's status and error.
 */
public final class Scanner {

    private final ScanEngine engine;
    private final ScanOptions options;
    private final Clock clock;
    private final ScanObserver observer;
    private final CipherSuiteProbe suites = new CipherSuiteProbe();
    private final PreferenceProbe preference = new PreferenceProbe();
    private final CertificateProbe certificates;
    private final ChainAnalyzer analyzer;
    private final Executor analysis;

    /**
     * A scanner that judges served chains against the system's trust store, without AIA fetching.
     * Construct it off the event loops: it loads the TLS library for certificate handshakes.
     */
    public Scanner(ScanEngine engine, ScanOptions options) {
        this(engine, options, new ChainAnalyzer(TrustAnchors.system(), List.of(), null, ChainPolicy.defaults(),
                Clock.systemUTC()), ForkJoinPool.commonPool(), Clock.systemUTC());
    }

    /**
     * @param analyzer judges each served chain, or {@code null} to capture chains without judging them
     * @param analysis where X.509 parsing and chain analysis run: never on an event loop
     */
    public Scanner(ScanEngine engine, ScanOptions options, ChainAnalyzer analyzer, Executor analysis, Clock clock) {
        this(engine, options, analyzer, analysis, clock, ScanObserver.NONE);
    }

    /** As above, and reports every hello and every finished endpoint to {@code observer} (metrics). */
    public Scanner(ScanEngine engine, ScanOptions options, ChainAnalyzer analyzer, Executor analysis, Clock clock,
            ScanObserver observer) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.analysis = Objects.requireNonNull(analysis, "analysis");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.analyzer = analyzer;
        this.certificates = options.certificates() ? new CertificateProbe() : null;
        ClientHelloEncoder.prepare();
    }

    /** Scans one target. Completes on an event loop or the analysis executor; do not block in callbacks. */
    public CompletableFuture<EndpointReport> scan(Target target) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        CompletableFuture<EndpointReport> result;
        try {
            result = engine.resolve(target.host()).handle((addresses, failure) -> {
                if (failure != null || addresses == null || addresses.isEmpty()) {
                    String why = failure == null ? "no address" : message(failure);
                    return CompletableFuture.completedFuture(failed(target, null, ScanStatus.DNS_ERROR,
                            "cannot resolve " + target.host() + ": " + why, started, t0, 0));
                }
                return scanAddress(target, addresses.get(0), started, t0);
            }).thenCompose(f -> f);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(e -> failed(target, null, ScanStatus.ERROR,
                "internal error: " + message(e), started, t0, 0)).thenApply(this::done);
    }

    /**
     * Scans one target at an address already resolved (for sweeps that scan every address of a
     * name); the report names the target's host and this address. Completes like {@link #scan(Target)}.
     */
    public CompletableFuture<EndpointReport> scan(Target target, InetAddress ip) {
        Objects.requireNonNull(ip, "ip");
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        CompletableFuture<EndpointReport> result;
        try {
            result = scanAddress(target, ip, started, t0);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(e -> failed(target, ip.getHostAddress(), ScanStatus.ERROR,
                "internal error: " + message(e), started, t0, 0)).thenApply(this::done);
    }

    private EndpointReport done(EndpointReport report) {
        observer.endpointDone(report);
        return report;
    }

    private CompletableFuture<EndpointReport> scanAddress(Target target, InetAddress ip, Instant started, long t0) {
        ProbeContext ctx = new ProbeContext(engine, new InetSocketAddress(ip, target.port()), target.sni(), observer);
        String ipText = ip.getHostAddress();
        return ctx.send(Connectivity.hello(target.sni())).thenCompose(answer -> answer.kind() != HelloAnswer.Kind.TIMEOUT
                ? CompletableFuture.completedFuture(answer)
                : ctx.send(ConnectivityHello.tls12(target.sni())).thenApply(retry -> {
                    if (!retry.spokeTls()) {
                        return answer;
                    }
                    ctx.observe(new Finding("TLS13_HELLO_INTOLERANCE", Severity.MEDIUM,
                            "The endpoint did not answer a ClientHello offering TLS 1.3 (supported_versions, a key"
                                    + " share) but answered a plain TLS 1.2 one: clients that offer TLS 1.3 — every"
                                    + " current browser, curl, Java 11+ — may hang until they time out",
                            "Update the TLS stack, or the middlebox in front of it, that drops TLS 1.3 hellos"));
                    return retry;
                })).thenCompose(first -> {
            ScanStatus early = Connectivity.statusOf(first);
            if (early != null) {
                return CompletableFuture.completedFuture(failed(target, ipText, early,
                        Connectivity.describe(first, target), started, t0, ctx.hellosSent()));
            }
            List<CompletableFuture<ProtocolReport>> perVersion = new ArrayList<>();
            for (ProtocolVersion v : ProtocolVersion.values()) {
                if (options.versions().contains(v)) {
                    perVersion.add(suites.run(ctx, v, options.exhaustive()).thenCompose(found -> preference.run(ctx, found)));
                }
            }
            return CompletableFuture.allOf(perVersion.toArray(CompletableFuture[]::new)).thenCompose(done -> {
                List<ProtocolReport> protocols = perVersion.stream().map(CompletableFuture::join).toList();
                boolean anyAccepted = protocols.stream().anyMatch(ProtocolReport::accepted);
                if (!anyAccepted && !first.spokeTls()) {
                    return CompletableFuture.completedFuture(failed(target, ipText, ScanStatus.ERROR,
                            "the server answered no ClientHello (first: " + first.detail() + ")",
                            started, t0, ctx.hellosSent()));
                }
                CompletableFuture<CertificateCapture> capture = certificates == null
                        ? CompletableFuture.completedFuture(CertificateCapture.NONE)
                        : certificates.run(ctx, protocols);
                return capture.thenComposeAsync(served -> analyze(target, served)
                        .thenApply(chains -> report(target, ipText, ctx, protocols, served, chains, started, t0)),
                        analysis);
            });
        });
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

    private EndpointReport report(Target target, String ipText, ProbeContext ctx, List<ProtocolReport> protocols,
            CertificateCapture served, List<ChainReport> chains, Instant started, long t0) {
        List<Finding> findings = new ArrayList<>(BaselineFindings.judge(protocols));
        findings.addAll(ctx.observations());
        findings.addAll(chainFindings(served, chains));
        findings.addAll(ExpectedCertificate.judge(target.expected(), chains));
        findings.sort(Comparator.comparing(Finding::severity).reversed());
        return new EndpointReport(target.input(), target.host(), target.port(), ipText, target.sni(),
                ScanStatus.OK, null, protocols, findings, served, chains, started, millisSince(t0), ctx.hellosSent());
    }

    /** The findings of every chain; with several chains (RSA and ECDSA) each message names its chain. */
    private static List<Finding> chainFindings(CertificateCapture served, List<ChainReport> chains) {
        Set<String> seen = new HashSet<>();
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            String prefix = chains.size() > 1 ? "[" + served.chains().get(i).keyType() + " certificate] " : "";
            for (Finding f : chains.get(i).findings()) {
                Finding named = new Finding(f.code(), f.severity(), prefix + f.message(), f.fix());
                if (seen.add(named.code() + "\n" + named.message())) {
                    out.add(named);
                }
            }
        }
        return out;
    }

    private static EndpointReport failed(Target target, String ip, ScanStatus status, String error, Instant started,
            long t0, int hellos) {
        return EndpointReport.unscanned(target.input(), target.host(), target.port(), ip, target.sni(), status, error,
                started, millisSince(t0), hellos);
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

        static ClientHelloSpec hello(String sni) {
            return ConnectivityHello.build(sni);
        }

        /** The status that ends the scan at once, or {@code null} to go on probing. */
        static ScanStatus statusOf(HelloAnswer a) {
            return switch (a.kind()) {
                case CONNECT_FAILED -> a.outcome() == Outcome.REFUSED ? ScanStatus.REFUSED
                        : a.outcome() == Outcome.CONNECT_TIMEOUT ? ScanStatus.TIMEOUT : ScanStatus.ERROR;
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
                case NOT_TLS -> "not TLS: the server answered " + printable(a) + " to a ClientHello";
                case MALFORMED -> "not TLS: the answer to a ClientHello is not well-formed TLS (" + a.detail() + ")";
                case TIMEOUT -> "connected, but no answer to a ClientHello within the read timeout";
                default -> a.detail();
            };
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
