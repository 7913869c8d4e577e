package dev.tlsweep.core.probe;

import dev.tlsweep.core.quic.QuicClient;
import dev.tlsweep.core.quic.QuicException;
import dev.tlsweep.core.quic.QuicVersion;
import dev.tlsweep.core.quic.TransportParameters;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.QuicReport;
import dev.tlsweep.core.wire.ClientHelloSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The questions only QUIC asks (RFC 9000, RFC 9369): which QUIC versions the server takes (one hello in each of
 * tlsweep's versions, concurrently: an answer in that version, a Version Negotiation listing others, or silence),
 * whether it demands address validation by Retry, its transport parameters, and which application protocols it
 * accepts over QUIC (one hello per candidate ALPN, alone: the protocol in its EncryptedExtensions, or the
 * no_application_protocol alert). The TLS 1.3 suites, groups, signature algorithms and certificates are asked by the
 * usual probes through a QUIC {@link ProbeContext}. The verdicts are pure functions ({@link #support}, {@link #alpn})
 * of the answers; the probe is a thin driver. Stateless; one instance serves every endpoint.
 */
public final class QuicProbe {

    /** The application protocols offered one at a time: HTTP/3, its last draft, the interop HTTP/0.9, DNS over QUIC. */
    public static final List<String> ALPN_CANDIDATES = List.of("h3", "h3-29", "hq-interop", "doq");

    /** The answer of one hello per QUIC version, in {@link QuicVersion} order. */
    public record Versions(Map<QuicVersion, QuicAnswer> answers) {

        /** The version hellos go on with: the first the server took, or {@code null} when it took none. */
        public QuicVersion preferred() {
            for (Map.Entry<QuicVersion, QuicAnswer> e : answers.entrySet()) {
                if (Boolean.TRUE.equals(support(e.getValue()).accepted())) {
                    return e.getKey();
                }
            }
            return null;
        }

        /** The answer to the hello in the preferred version, else in version 1: the scan's first answer. */
        public QuicAnswer first() {
            QuicVersion v = preferred();
            return answers.get(v == null ? QuicVersion.V1 : v);
        }
    }

    /** Stateless; one instance serves every endpoint. */
    public QuicProbe() {
    }

    /** One TLS 1.3 hello per QUIC version, concurrently, offering the context's ALPN. */
    public CompletableFuture<Versions> versions(ProbeContext ctx) {
        Map<QuicVersion, CompletableFuture<QuicAnswer>> each = new EnumMap<>(QuicVersion.class);
        for (QuicVersion v : QuicVersion.values()) {
            each.put(v, ctx.sendQuic(v, hello(ctx, ctx.quicAlpn())));
        }
        return CompletableFuture.allOf(each.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<QuicVersion, QuicAnswer> out = new EnumMap<>(QuicVersion.class);
            each.forEach((v, f) -> out.put(v, f.join()));
            return new Versions(out);
        });
    }

    /**
     * Everything QUIC-specific, once the versions are known: the ALPN candidates over the preferred version, then the
     * report of the versions, Retry, transport parameters and ALPN.
     */
    public CompletableFuture<QuicReport> run(ProbeContext ctx, Versions versions) {
        long t0 = System.nanoTime();
        QuicVersion v = versions.preferred();
        if (v == null) {
            return CompletableFuture.completedFuture(report(versions, Map.of(), ProbeRun.completed(0,
                    versions.answers().size())));
        }
        // the key share of the group the server took (or asked for in a HelloRetryRequest)
        HelloAnswer first = versions.first().hello();
        int group = first.serverHello() == null ? -1 : first.serverHello().keyShareGroup();
        Map<String, CompletableFuture<QuicAnswer>> each = new LinkedHashMap<>();
        for (String protocol : ALPN_CANDIDATES) {
            ClientHelloSpec.Builder b = hello(ctx, List.of(protocol)).toBuilder();
            if (group >= 0) {
                b.keyShares(group);
            }
            each.put(protocol, ctx.sendQuic(v, b.build()));
        }
        return CompletableFuture.allOf(each.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, QuicAnswer> answers = new LinkedHashMap<>();
            each.forEach((p, f) -> answers.put(p, f.join()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return report(versions, answers, ProbeRun.completed(ms, versions.answers().size() + answers.size()));
        });
    }

    /** A TLS 1.3 hello with every TLS 1.3 suite, the usual groups and a key share, offering {@code alpn}. */
    static ClientHelloSpec hello(ProbeContext ctx, List<String> alpn) {
        List<Integer> suites = CipherSuites.forVersion(ProtocolVersion.TLSv1_3).stream().map(s -> s.code()).toList();
        return Hellos.builderFor(ProtocolVersion.TLSv1_3, suites, ctx.sni()).alpn(alpn.toArray(String[]::new))
                .build();
    }

    /** Whether the server took a version, from the answer to a hello in it. */
    static QuicReport.VersionSupport support(QuicAnswer a) {
        QuicClient.Answer q = a.quic();
        String name = q == null ? null : q.version().label();
        if (q == null) {
            return new QuicReport.VersionSupport("?", null, a.hello().detail());
        }
        if (q.versionNegotiation() != null) {
            return new QuicReport.VersionSupport(name, false, "negotiated away: the server lists "
                    + names(q.versionNegotiation()));
        }
        if (a.hello().spokeTls() || q.close() != null) {
            return new QuicReport.VersionSupport(name, true, null);
        }
        return new QuicReport.VersionSupport(name, null, a.hello().detail());
    }

    /** The alert a server sends when it supports none of the protocols offered (RFC 7301 3.2). */
    static final int NO_APPLICATION_PROTOCOL = 120;

    /** The ALPN verdicts: accepted, refused, and why the others are unknown (empty when none is). */
    record AlpnVerdict(List<String> accepted, List<String> refused, List<String> unknown) {
    }

    /** Reads the answers to hellos offering one ALPN protocol each. */
    static AlpnVerdict alpn(Map<String, QuicAnswer> answers) {
        List<String> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        answers.forEach((protocol, a) -> {
            HelloAnswer h = a.hello();
            if (h.kind() == HelloAnswer.Kind.SERVER_HELLO && h.flight().encrypted() != null
                    && h.flight().encrypted().alpn() != null) {
                (protocol.equals(h.flight().encrypted().alpn()) ? accepted : refused).add(protocol);
            } else if (h.kind() == HelloAnswer.Kind.ALERT && h.flight() != null && h.flight().alert() != null
                    && h.flight().alert().description() == NO_APPLICATION_PROTOCOL) {
                // the one answer that says the protocol is refused (RFC 7301 3.2; over QUIC, CONNECTION_CLOSE 0x178)
                refused.add(protocol);
            } else if (h.kind() == HelloAnswer.Kind.HELLO_RETRY) {
                unknown.add(protocol + ": a HelloRetryRequest");
            } else {
                unknown.add(protocol + ": " + h.detail());
            }
        });
        return new AlpnVerdict(accepted, refused, unknown);
    }

    private static QuicReport report(Versions versions, Map<String, QuicAnswer> alpnAnswers, ProbeRun run) {
        List<QuicReport.VersionSupport> support = new ArrayList<>();
        List<Integer> negotiation = null;
        boolean retry = false;
        TransportParameters.Server parameters = null;
        String parameterError = null;
        List<QuicAnswer> all = new ArrayList<>(versions.answers().values());
        all.addAll(alpnAnswers.values());
        for (Map.Entry<QuicVersion, QuicAnswer> e : versions.answers().entrySet()) {
            QuicReport.VersionSupport s = support(e.getValue());
            support.add(new QuicReport.VersionSupport(e.getKey().label(), s.accepted(), s.detail()));
        }
        for (QuicAnswer a : all) {
            QuicClient.Answer q = a.quic();
            if (q == null) {
                continue;
            }
            if (negotiation == null && q.versionNegotiation() != null) {
                negotiation = q.versionNegotiation();
            }
            retry |= q.retried();
            if (parameters == null && parameterError == null) {
                try {
                    parameters = q.parameters();
                } catch (QuicException ex) {
                    parameterError = ex.getMessage();
                }
            }
        }
        AlpnVerdict alpn = alpn(alpnAnswers);
        List<String> problems = new ArrayList<>();
        for (QuicReport.VersionSupport s : support) {
            if (s.accepted() == null) {
                problems.add(s.version() + ": " + s.detail());
            }
        }
        problems.addAll(alpn.unknown());
        if (parameterError != null) {
            problems.add("transport parameters: " + parameterError);
        }
        ProbeRun r = problems.isEmpty() ? run : new ProbeRun(ProbeStatus.INCOMPLETE, String.join("; ", problems),
                run.durationMillis(), run.hellos());
        // without a Retry, "not demanded" is known only once the server answered a handshake in some version
        Boolean retried = retry ? Boolean.TRUE
                : support.stream().anyMatch(s -> Boolean.TRUE.equals(s.accepted())) ? Boolean.FALSE : null;
        return new QuicReport(r, support, negotiation == null ? List.of()
                : negotiation.stream().map(QuicVersion::describe).toList(), retried, alpn.accepted(), alpn.refused(),
                parameters == null ? Map.of() : parameters.values(), parameters == null ? List.of() : parameters.flags());
    }

    private static String names(List<Integer> versions) {
        return versions.stream().map(QuicVersion::describe).collect(Collectors.joining(", "));
    }
}
