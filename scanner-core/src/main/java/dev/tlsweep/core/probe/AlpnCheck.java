package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.EncryptedFlight;
import dev.tlsweep.core.wire.ServerHello;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The application protocols the server accepts by ALPN (RFC 7301): elimination over the protocol IDs of the IANA
 * registry ({@link CodeWalk}) — offer them all, read the one the server selects (the ServerHello's extension at TLS
 * 1.0-1.2, the decrypted EncryptedExtensions at TLS 1.3), remove it, offer the rest, until it selects none or refuses
 * with no_application_protocol. The enumeration's hellos already offered h2 and http/1.1, so their answers are the
 * first step: what the server selected from those two, or that it selects neither.
 */
public final class AlpnCheck implements CheckProbe {

    /** The protocols offered: the IANA ALPN registry's, the common ones first. */
    static final List<String> CANDIDATES = List.of("h2", "http/1.1", "http/1.0", "http/0.9", "spdy/3.1", "spdy/3",
            "spdy/2", "spdy/1", "h2c", "acme-tls/1", "stun.turn", "stun.nat-discovery", "webrtc", "c-webrtc", "ftp",
            "imap", "pop3", "managesieve", "coap", "xmpp-client", "xmpp-server", "sunrpc", "smb", "irc", "nntp", "nnsp",
            "dot", "ntske/1", "mqtt", "postgresql", "tds/8.0", "grpc-exp", "sip/2");

    static final int NO_APPLICATION_PROTOCOL = 120;

    @Override
    public Check check() {
        return Check.ALPN;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        Optional<ProtocolVersion> plain = facts.highestTls12OrBelow();
        Optional<ProtocolReport> tls13 = facts.report(ProtocolVersion.TLSv1_3).filter(ProtocolReport::accepted);
        if (plain.isEmpty() && tls13.isEmpty()) {
            return CompletableFuture.completedFuture(new CheckResult.Alpn(CheckRuns.notApplicable(
                    "no version from TLS 1.0 to 1.3 is accepted"), List.of(), null));
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < CANDIDATES.size(); i++) {
            all.add(i);
        }
        // The enumeration's answers to [h2, http/1.1]: the first step, already taken.
        List<String> seen = new ArrayList<>();
        boolean evidence;
        ProtocolVersion v;
        CodeWalk.Offer offer;
        CodeWalk.Judge judge;
        if (plain.isPresent()) {
            v = plain.get();
            List<ServerHello> hellos = ctx.serverHellos(v);
            evidence = !hellos.isEmpty();
            for (ServerHello sh : hellos) {
                String p = selected(sh);
                if (p != null && !seen.contains(p)) {
                    seen.add(p);
                }
            }
            List<Integer> suites = facts.suites(v);
            offer = remaining -> Hellos.builderFor(v, suites, ctx.sni()).alpn(names(remaining)).build();
            judge = (offered, a) -> read(offered, a, a.serverHello() == null || a.serverHello().helloRetryRequest()
                    ? null : selected(a.serverHello()));
        } else {
            v = ProtocolVersion.TLSv1_3;
            ProtocolReport p = tls13.get();
            for (String s : ctx.tls13Alpn()) {
                if (!seen.contains(s)) {
                    seen.add(s);
                }
            }
            evidence = !seen.isEmpty();
            int group = SignatureAlgorithmProbe.keyShareGroup(p);
            List<Integer> suites = p.suites().stream().map(a -> a.suite().code()).toList();
            offer = remaining -> Hellos.builderFor(v, suites, ctx.sni()).supportedGroups(group).keyShares(group)
                    .alpn(names(remaining)).build();
            judge = (offered, a) -> {
                EncryptedFlight f = a.flight() == null ? null : a.flight().encrypted();
                if (a.serverHello() != null && (f == null || !f.finished() && f.error() != null)) {
                    return CodeWalk.failed(a, "the TLS 1.3 flight could not be read"
                            + (f == null || f.error() == null ? "" : ": " + f.error().getMessage()));
                }
                return read(offered, a, f == null ? null : f.alpn());
            };
        }
        List<Integer> start = new ArrayList<>(all);
        List<Pick> known = new ArrayList<>();
        if (evidence) {
            if (seen.isEmpty()) {
                start.remove(Integer.valueOf(0));
                start.remove(Integer.valueOf(1));
            }
            for (String s : seen) {
                int i = CANDIDATES.indexOf(s);
                if (i >= 0) {
                    start.remove(Integer.valueOf(i));
                    known.add(new Pick(i, null));
                }
            }
        }
        ProtocolVersion version = v;
        return CodeWalk.drive(ctx, Elimination.start(version, start), offer, judge, tally)
                .thenCompose(e -> CodeWalk.run(ctx, List.of(e), tally).thenApply(run -> {
                    List<String> protocols = new ArrayList<>();
                    for (Pick p : known) {
                        protocols.add(CANDIDATES.get(p.suite()));
                    }
                    for (Pick p : e.picks()) {
                        protocols.add(CANDIDATES.get(p.suite()));
                    }
                    String note = "at " + version.label() + (evidence ? "; the enumeration's answers to h2 and"
                            + " http/1.1 counted" : "");
                    ProbeRun r = run.completed() ? CheckRuns.completed(tally) : run;
                    return new CheckResult.Alpn(r, protocols, note);
                }));
    }

    private static Reading read(List<Integer> offered, HelloAnswer a, String selected) {
        if (a.serverHello() != null && !a.serverHello().helloRetryRequest()) {
            if (selected == null) {
                return new Reading(Reading.Kind.REFUSED, null, "no protocol selected", a.sentAtNanos(),
                        a.answeredAtNanos(), a.attempts(), false, List.of());
            }
            int i = CANDIDATES.indexOf(selected);
            return i >= 0 && offered.contains(i) ? CodeWalk.pick(i, a)
                    : CodeWalk.failed(a, "the server selected '" + selected + "', which was not offered");
        }
        return CodeWalk.other(a, null);
    }

    /** The protocol a ServerHello selected, or {@code null}. */
    static String selected(ServerHello sh) {
        byte[] data = sh.extensions().get(0x0010);
        if (data == null || data.length < 4) {
            return null;
        }
        int n = data[2] & 0xFF;
        return n == 0 || 3 + n > data.length ? null : new String(data, 3, n, StandardCharsets.ISO_8859_1);
    }

    private static String[] names(List<Integer> indexes) {
        return indexes.stream().map(CANDIDATES::get).toArray(String[]::new);
    }

    /** For tests: the hello of an offer. */
    static ClientHelloSpec hello(ProtocolVersion v, List<Integer> suites, String sni, List<Integer> remaining) {
        return Hellos.builderFor(v, suites, sni).alpn(names(remaining)).build();
    }
}
