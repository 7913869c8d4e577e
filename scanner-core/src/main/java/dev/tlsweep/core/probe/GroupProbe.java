package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.KeyExchange;
import dev.tlsweep.core.registry.NamedGroup;
import dev.tlsweep.core.registry.NamedGroups;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.GroupsResult;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.SupportedGroup;
import dev.tlsweep.core.wire.DhPrimes;
import dev.tlsweep.core.wire.ServerHello;
import dev.tlsweep.core.wire.ServerKeyExchange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Which key-exchange groups one protocol version accepts, in the server's order when it has one.
 *
 * <p><b>TLS 1.3</b>: hellos that list the candidate groups in supported_groups with an <em>empty</em> key_share, so
 * that the server must answer with a HelloRetryRequest naming the group it wants (RFC 8446 4.1.4); that group is
 * removed and the rest offered again, until the server refuses (elimination, {@link CodeWalk}). The hellos stay small
 * whatever the groups: a post-quantum group costs no 1,200-byte key share here (the large hello is
 * {@link LargeHelloCheck}'s question). Every group of the registry usable in TLS 1.3 is a candidate, hybrids
 * (X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024) included.
 *
 * <p><b>TLS 1.0-1.2</b>: hellos offering only the version's accepted ECDHE suites, with the candidate curves in
 * supported_groups; the ServerKeyExchange names the curve picked; eliminated likewise. Candidates: every curve of the
 * registry defined for TLS 1.2 (legacy binary and small curves included). Finite-field groups come from the DHE suites:
 * one hello offering them with the RFC 7919 groups; a prime that is one of those groups continues the elimination over
 * them (a server that negotiates RFC 7919), another prime is named when it is a well-known one (RFC 3526, RFC 2409)
 * and reported by its size otherwise.
 *
 * <p><b>Order</b>: with two groups or more, one hello offers them in reverse order: the same first pick means the
 * server imposes its order (then the picks are that order), the first of the reversed offer means it takes the client's.
 *
 * <p>Cost: the accepted groups + 2 hellos per version (+1 for DHE). Stateless; one instance serves every endpoint.
 */
public final class GroupProbe {

    /** The RFC 7919 groups, offered with DHE suites. */
    static final List<Integer> FFDHE = List.of(0x0100, 0x0101, 0x0102, 0x0103, 0x0104);
    /** Candidates for TLS 1.3, in the order offered: the common ones first, then the registry's order. */
    static final List<Integer> TLS13_CANDIDATES = candidates(true);
    /** Candidates for TLS 1.0-1.2 ECDHE. */
    static final List<Integer> TLS12_CANDIDATES = candidates(false);

    private static List<Integer> candidates(boolean tls13) {
        List<Integer> first = List.of(0x11EC, 0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x11EB, 0x11ED);
        List<Integer> out = new ArrayList<>();
        for (int code : first) {
            if (tls13 || code < 0x0100) {
                out.add(code);
            }
        }
        for (NamedGroup g : NamedGroups.all()) {
            boolean fits = tls13 ? g.usableInTls13() && g.kind() != NamedGroup.Kind.FFDHE
                    : (g.kind() == NamedGroup.Kind.EC || g.kind() == NamedGroup.Kind.EC_MONTGOMERY) && g.code() < 0x001F;
            if (fits && !out.contains(g.code())) {
                out.add(g.code());
            }
        }
        if (tls13) {
            out.addAll(FFDHE);
        }
        return List.copyOf(out);
    }

    /** Stateless; one instance serves every endpoint. */
    public GroupProbe() {
    }

    /** The groups of the version {@code p} reports (accepted); not-applicable for SSLv2 and SSLv3. */
    public CompletableFuture<GroupsResult> run(ProbeContext ctx, ProtocolReport p) {
        Tally tally = new Tally();
        ProtocolVersion v = p.version();
        if (!p.accepted() || v == ProtocolVersion.SSLv2 || v == ProtocolVersion.SSLv3) {
            return done(notApplicable(v == ProtocolVersion.SSLv2 || v == ProtocolVersion.SSLv3
                    ? v.label() + " negotiates no named group" : v.label() + " is not accepted"));
        }
        List<Integer> suites = p.suites().stream().map(a -> a.suite().code()).toList();
        if (v == ProtocolVersion.TLSv1_3) {
            return walk(ctx, v, TLS13_CANDIDATES, remaining -> Hellos.builderFor(v, suites, ctx.sni())
                    .supportedGroups(ints(remaining)).keyShares().build(), GroupProbe::readTls13, tally)
                    .thenApply(w -> result(w.run, w.groups, w.preference, null));
        }
        List<Integer> ecdhe = codes(p, KeyExchange.ECDHE);
        List<Integer> dhe = codes(p, KeyExchange.DHE);
        if (ecdhe.isEmpty() && dhe.isEmpty()) {
            return done(notApplicable("no ECDHE or DHE suite is accepted at " + v.label()));
        }
        CompletableFuture<Walked> curves = ecdhe.isEmpty() ? CompletableFuture.completedFuture(null)
                : walk(ctx, v, TLS12_CANDIDATES, remaining -> Hellos.builderFor(v, ecdhe, ctx.sni())
                        .supportedGroups(ints(remaining)).build(), (offered, a) -> readTls12(v, offered, a), tally);
        CompletableFuture<Dhe> finite = dhe.isEmpty() ? CompletableFuture.completedFuture(null) : dhe(ctx, v, dhe, tally);
        return curves.thenCombine(finite, (c, d) -> {
            List<SupportedGroup> groups = new ArrayList<>();
            ProbeRun run = ProbeRun.completed(tally.elapsedMillis(), tally.hellos());
            String preference = null;
            if (c != null) {
                groups.addAll(c.groups);
                preference = c.preference;
                if (!c.run.completed()) {
                    run = new ProbeRun(c.run.status(), c.run.error(), tally.elapsedMillis(), tally.hellos());
                }
            }
            String note = null;
            if (d != null) {
                groups.addAll(d.groups);
                note = d.note;
                if (d.error != null && run.completed()) {
                    run = new ProbeRun(ProbeStatus.INCOMPLETE, d.error, tally.elapsedMillis(), tally.hellos());
                }
            }
            return result(run, groups, preference, note);
        });
    }

    private record Walked(ProbeRun run, List<SupportedGroup> groups, String preference) {
    }

    /** Eliminates over {@code candidates}, then tells the server's order from the client's with one reversed offer. */
    private static CompletableFuture<Walked> walk(ProbeContext ctx, ProtocolVersion v, List<Integer> candidates,
            CodeWalk.Offer offer, CodeWalk.Judge judge, Tally tally) {
        return CodeWalk.drive(ctx, Elimination.start(v, candidates), offer, judge, tally).thenCompose(e -> {
            List<Integer> found = e.picks().stream().map(Pick::suite).toList();
            CompletableFuture<String> preference;
            if (found.size() < 2) {
                preference = CompletableFuture.completedFuture(null);
            } else {
                List<Integer> reversed = new ArrayList<>(found);
                Collections.reverse(reversed);
                preference = ctx.send(offer.hello(reversed), tally).thenApply(a -> {
                    Reading r = judge.read(reversed, a);
                    if (r.kind() != Reading.Kind.PICK) {
                        return null;
                    }
                    int pick = r.pick().suite();
                    return pick == found.get(0) ? "server" : pick == reversed.get(0) ? "client" : "server";
                });
            }
            return CodeWalk.run(ctx, List.of(e), tally).thenCombine(preference, (run, pref) -> {
                List<SupportedGroup> groups = new ArrayList<>();
                for (int code : found) {
                    groups.add(named(code));
                }
                return new Walked(run, groups, pref);
            });
        });
    }

    /** TLS 1.3: a HelloRetryRequest (or, against the rules, a ServerHello) names the group. */
    static Reading readTls13(List<Integer> offered, HelloAnswer a) {
        ServerHello sh = a.serverHello();
        if (sh != null) {
            if (sh.selectedVersion() != 0x0304) {
                return CodeWalk.failed(a, "a TLS 1.3 hello was answered at another version");
            }
            int group = sh.keyShareGroup();
            return offered.contains(group) ? CodeWalk.pick(group, a)
                    : CodeWalk.failed(a, String.format("the server asked for group 0x%04X, which was not offered", group));
        }
        return CodeWalk.other(a, null);
    }

    /** TLS 1.0-1.2: the ServerKeyExchange names the curve. */
    static Reading readTls12(ProtocolVersion v, List<Integer> offered, HelloAnswer a) {
        ServerHello sh = a.serverHello();
        if (sh != null) {
            if (sh.legacyVersion() != v.wire() || sh.selectedVersion() >= 0) {
                return CodeWalk.failed(a, "the server answered at another version");
            }
            ServerKeyExchange ske = a.flight().serverKeyExchange();
            if (ske == null || ske.namedGroup() < 0) {
                return CodeWalk.failed(a, "no ServerKeyExchange naming a curve after an ECDHE suite");
            }
            return offered.contains(ske.namedGroup()) ? CodeWalk.pick(ske.namedGroup(), a)
                    : CodeWalk.failed(a, String.format("the server used curve 0x%04X, which was not offered",
                            ske.namedGroup()));
        }
        return CodeWalk.other(a, null);
    }

    private record Dhe(List<SupportedGroup> groups, String note, String error) {
    }

    /** The finite-field groups of the DHE suites: one offer, then an elimination if the server negotiates RFC 7919. */
    private static CompletableFuture<Dhe> dhe(ProbeContext ctx, ProtocolVersion v, List<Integer> suites, Tally tally) {
        return dheStep(ctx, v, suites, FFDHE, new ArrayList<>(), tally, FFDHE.size() + 1);
    }

    private static CompletableFuture<Dhe> dheStep(ProbeContext ctx, ProtocolVersion v, List<Integer> suites,
            List<Integer> offered, List<SupportedGroup> found, Tally tally, int budget) {
        return ctx.send(Hellos.builderFor(v, suites, ctx.sni()).supportedGroups(ints(offered)).build(), tally)
                .thenCompose(a -> {
                    ServerHello sh = a.serverHello();
                    ServerKeyExchange ske = sh == null ? null : a.flight().serverKeyExchange();
                    if (ske == null || ske.dhPrime() == null) {
                        if (!found.isEmpty() && (a.kind() == HelloAnswer.Kind.ALERT || a.unanswered())) {
                            return done(new Dhe(found, "the finite-field groups are negotiated (RFC 7919)", null));
                        }
                        return done(new Dhe(found, null, found.isEmpty() ? "no DH parameters in answer to DHE"
                                + " suites (" + a.detail() + ")" : null));
                    }
                    DhPrimes.Known known = DhPrimes.name(ske.dhPrime());
                    int bits = ske.dhPrimeBits();
                    if (known == null || known.code() < 0 || !offered.contains(known.code())) {
                        SupportedGroup g = known == null ? new SupportedGroup("dh-custom", -1, bits)
                                : new SupportedGroup(known.name(), known.code(), bits);
                        if (!found.contains(g)) {
                            found.add(g);
                        }
                        return done(new Dhe(found, found.size() == 1 && known == null
                                ? "finite-field parameters of the server's own, not a named group" : null, null));
                    }
                    found.add(new SupportedGroup(known.name(), known.code(), bits));
                    List<Integer> rest = new ArrayList<>(offered);
                    rest.remove(Integer.valueOf(known.code()));
                    if (rest.isEmpty() || budget <= 1) {
                        return done(new Dhe(found, "the finite-field groups are negotiated (RFC 7919)", null));
                    }
                    return dheStep(ctx, v, suites, rest, found, tally, budget - 1);
                });
    }

    /** The report entry of a group code. */
    static SupportedGroup named(int code) {
        return NamedGroups.byCode(code).map(g -> new SupportedGroup(g.name(), g.code(), g.bits()))
                .orElse(new SupportedGroup(String.format("0x%04X", code), code, 0));
    }

    private static List<Integer> codes(ProtocolReport p, KeyExchange kx) {
        List<Integer> out = new ArrayList<>();
        for (AcceptedSuite a : p.suites()) {
            CipherSuite s = a.suite();
            if (s.keyExchange() == kx) {
                out.add(s.code());
            }
        }
        return out;
    }

    static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static GroupsResult result(ProbeRun run, List<SupportedGroup> groups, String preference, String note) {
        return new GroupsResult(run, groups, preference, note);
    }

    private static GroupsResult notApplicable(String why) {
        return new GroupsResult(new ProbeRun(ProbeStatus.NOT_APPLICABLE, why, 0, 0), List.of(), null, null);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
