package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Which cipher suites one protocol version accepts.
 *
 * <p><b>Elimination</b> (the default): the candidate suites of the version are split into bundles of
 * at most {@link Hellos#MAX_SUITES_PER_HELLO}; for each bundle, offer it, record the server's pick,
 * remove it, and offer the rest again until the server refuses. Bundles run concurrently (the engine
 * bounds connections per endpoint); each bundle's steps are sequential, since each offer depends on
 * the previous pick. Cost: about accepted + bundles hellos per version.
 *
 * <p><b>Exhaustive</b>: one hello per candidate suite, all concurrently. Cost: one hello per
 * candidate; the cross-check for elimination and the fallback for servers that misbehave with larger
 * offers.
 *
 * <p>SSLv2 needs neither: its SERVER-HELLO lists every cipher kind both sides share.
 */
public final class CipherSuiteProbe {

    /** Stateless; one instance serves every endpoint. */
    public CipherSuiteProbe() {
    }

    /** Enumerates the suites of {@code version}, by elimination or exhaustively. */
    public CompletableFuture<SuiteEnumeration> run(ProbeContext ctx, ProtocolVersion version, boolean exhaustive) {
        List<Integer> candidates = CipherSuites.forVersion(version).stream().sorted(SuiteRank.ORDER)
                .map(CipherSuite::code).toList();
        if (version == ProtocolVersion.SSLv2) {
            return sslv2(ctx, candidates);
        }
        return exhaustive ? exhaustive(ctx, version, candidates) : eliminate(ctx, version, candidates);
    }

    private CompletableFuture<SuiteEnumeration> sslv2(ProbeContext ctx, List<Integer> kinds) {
        return ctx.send(Hellos.sslv2(kinds)).thenApply(answer -> {
            List<Pick> picks = new ArrayList<>();
            if (answer.kind() == HelloAnswer.Kind.SSL2_SERVER_HELLO) {
                Set<Integer> offered = Set.copyOf(kinds);
                for (int spec : answer.flight().ssl2ServerHello().cipherSpecs()) {
                    if (offered.contains(spec)) {
                        picks.add(new Pick(spec, null));
                    } else {
                        ctx.observe(new Finding("SUITE_NOT_OFFERED", Severity.MEDIUM, String.format(
                                "The server listed the SSLv2 cipher kind 0x%06X, which the client did not offer",
                                spec), "Disable SSLv2"));
                    }
                }
            }
            return new SuiteEnumeration(ProtocolVersion.SSLv2, picks, 1, true);
        });
    }

    private CompletableFuture<SuiteEnumeration> eliminate(ProbeContext ctx, ProtocolVersion version,
            List<Integer> candidates) {
        List<List<Integer>> bundles = bundles(candidates);
        List<CompletableFuture<List<Pick>>> runs = new ArrayList<>();
        for (List<Integer> bundle : bundles) {
            runs.add(eliminateBundle(ctx, version, new ArrayList<>(bundle), new ArrayList<>(), bundle.size() + 1));
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Pick> picks = new ArrayList<>();
            int bundlesWithPicks = 0;
            for (CompletableFuture<List<Pick>> run : runs) {
                List<Pick> p = run.join();
                picks.addAll(p);
                if (!p.isEmpty()) {
                    bundlesWithPicks++;
                }
            }
            return new SuiteEnumeration(version, picks, bundles.size(), bundlesWithPicks <= 1);
        });
    }

    /** One bundle's elimination loop; {@code budget} bounds the number of hellos whatever the server does. */
    private CompletableFuture<List<Pick>> eliminateBundle(ProbeContext ctx, ProtocolVersion version,
            List<Integer> remaining, List<Pick> picks, int budget) {
        if (remaining.isEmpty() || budget == 0) {
            return CompletableFuture.completedFuture(picks);
        }
        return ctx.send(Hellos.forVersion(version, remaining, ctx.sni())).thenCompose(answer -> {
            noteSilence(ctx, version, answer);
            Pick pick = Negotiation.pickAt(ctx, version, remaining, answer);
            if (pick == null) {
                return CompletableFuture.completedFuture(picks);
            }
            picks.add(pick);
            remaining.remove(Integer.valueOf(pick.suite()));
            return eliminateBundle(ctx, version, remaining, picks, budget - 1);
        });
    }

    private CompletableFuture<SuiteEnumeration> exhaustive(ProbeContext ctx, ProtocolVersion version,
            List<Integer> candidates) {
        List<CompletableFuture<Pick>> tries = new ArrayList<>();
        for (int suite : candidates) {
            List<Integer> offer = List.of(suite);
            tries.add(ctx.send(Hellos.forVersion(version, offer, ctx.sni())).thenApply(answer -> {
                noteSilence(ctx, version, answer);
                return Negotiation.pickAt(ctx, version, offer, answer);
            }));
        }
        return CompletableFuture.allOf(tries.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Pick> picks = tries.stream().map(CompletableFuture::join).filter(p -> p != null).toList();
            return new SuiteEnumeration(version, picks, candidates.size(), false);
        });
    }

    private static void noteSilence(ProbeContext ctx, ProtocolVersion version, HelloAnswer answer) {
        if (answer.kind() == HelloAnswer.Kind.CONNECT_FAILED) {
            // Not a refusal of the hello: the connection itself failed mid-scan (a connection or rate limit).
            ctx.observe(new Finding("ENUMERATION_INCOMPLETE", Severity.MEDIUM,
                    "Some connections failed in the middle of the scan (first at " + version.label() + ": "
                            + answer.outcome() + "), after the endpoint had answered others: a connection limit or"
                            + " rate limiter in front? The accepted versions and suites may be incomplete",
                    "Scan again with fewer connections (--per-endpoint, --per-ip) or a --rate limit"));
        }
        if (answer.kind() == HelloAnswer.Kind.TIMEOUT) {
            ctx.observe(new Finding("SILENT_REJECTION", Severity.INFO,
                    "The server let some hellos (first at " + version.label() + ") time out instead of answering"
                            + " with an alert; after a retry these were counted as refusals",
                    null));
        }
    }

    /** Splits candidates into bundles of at most {@link Hellos#MAX_SUITES_PER_HELLO}, of even size. */
    static List<List<Integer>> bundles(Collection<Integer> candidates) {
        List<Integer> all = List.copyOf(candidates);
        int n = Math.max(1, (all.size() + Hellos.MAX_SUITES_PER_HELLO - 1) / Hellos.MAX_SUITES_PER_HELLO);
        int size = (all.size() + n - 1) / n;
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }
}
