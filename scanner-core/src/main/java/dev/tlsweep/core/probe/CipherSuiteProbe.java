package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Which cipher suites one protocol version accepts.
 *
 * <p><b>Elimination</b> (the default): the candidate suites of the version are split into bundles of
 * at most {@link Hellos#MAX_SUITES_PER_HELLO}; for each bundle, an {@link Elimination} offers it, records
 * the server's pick, removes it, and offers the rest again until the server refuses. Bundles run
 * concurrently (the engine bounds connections per endpoint); each bundle's steps are sequential, since
 * each offer depends on the previous pick. Cost: about accepted + bundles hellos per version.
 *
 * <p><b>Exhaustive</b>: one hello per candidate suite, all concurrently. Cost: one hello per
 * candidate; the cross-check for elimination and the fallback for servers that misbehave with larger
 * offers.
 *
 * <p>SSLv2 needs neither: its SERVER-HELLO lists every cipher kind both sides share.
 *
 * <p>Whatever the mode, the result says whether it completed ({@link Completion}): offers that ended
 * with a reset, a close or silence count as refusals only once the endpoint answered a later connection.
 */
public final class CipherSuiteProbe {

    /** Stateless; one instance serves every endpoint. */
    public CipherSuiteProbe() {
    }

    /** Enumerates the suites of {@code version}, by elimination or exhaustively. */
    public CompletableFuture<SuiteEnumeration> run(ProbeContext ctx, ProtocolVersion version, boolean exhaustive) {
        List<Integer> candidates = CipherSuites.forVersion(version).stream().sorted(SuiteRank.ORDER)
                .map(CipherSuite::code).toList();
        Tally tally = new Tally();
        if (version == ProtocolVersion.SSLv2) {
            return sslv2(ctx, candidates, tally);
        }
        List<List<Integer>> offers = exhaustive ? candidates.stream().map(List::of).toList() : bundles(candidates);
        List<CompletableFuture<Elimination>> runs = new ArrayList<>();
        for (List<Integer> offer : offers) {
            // One suite per elimination in exhaustive mode: a pick, a refusal or no answer, and a re-offer.
            runs.add(drive(ctx, Elimination.start(version, offer), tally));
        }
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                .thenCompose(done -> conclude(ctx, version, runs.stream().map(CompletableFuture::join).toList(),
                        offers.size(), !exhaustive, tally));
    }

    /** Runs one elimination to its end: offer, read, next. */
    static CompletableFuture<Elimination> drive(ProbeContext ctx, Elimination e, Tally tally) {
        if (e.ended()) {
            return CompletableFuture.completedFuture(e);
        }
        List<Integer> offer = e.offer();
        return ctx.send(Hellos.forVersion(e.version(), offer, ctx.sni()), tally).thenCompose(answer -> {
            Reading r = ctx.read(e.version(), offer, answer);
            if (e.reoffered() && r.kind() != Reading.Kind.UNANSWERED && r.kind() != Reading.Kind.FAILED) {
                ctx.throttled("an offer left unanswered was answered when offered again (" + e.version().label() + ")");
            }
            return drive(ctx, e.next(r), tally);
        });
    }

    /** Confirms unanswered endings if there are any, and makes the version's enumeration. */
    private CompletableFuture<SuiteEnumeration> conclude(ProbeContext ctx, ProtocolVersion version,
            List<Elimination> runs, int bundles, boolean elimination, Tally tally) {
        OptionalLong after = Completion.confirmationAfter(runs);
        CompletableFuture<Boolean> confirmed = after.isEmpty() ? CompletableFuture.completedFuture(true)
                : ctx.confirmAlive(after.getAsLong(), tally);
        return confirmed.thenApply(alive -> {
            if (alive && after.isPresent()) {
                ctx.reliedOnUnanswered(version);
            }
            if (alive && after.isPresent() && Completion.silentRefusals(runs)) {
                ctx.observe(new Finding(FindingCode.SILENT_REJECTION, Severity.INFO,
                        "The server let some hellos (first at " + version.label() + ") time out instead of"
                                + " answering with an alert; a later connection was answered, so these count as"
                                + " refusals", null));
            }
            ProbeRun run = Completion.run(runs, alive, tally.elapsedMillis(), tally.hellos());
            List<Pick> picks = new ArrayList<>();
            int bundlesWithPicks = 0;
            for (Elimination e : runs) {
                picks.addAll(e.picks());
                if (!e.picks().isEmpty()) {
                    bundlesWithPicks++;
                }
            }
            return new SuiteEnumeration(version, picks, bundles, elimination && bundlesWithPicks <= 1, run, tally);
        });
    }

    private CompletableFuture<SuiteEnumeration> sslv2(ProbeContext ctx, List<Integer> kinds, Tally tally) {
        return ctx.send(Hellos.sslv2(kinds), tally).thenCompose(answer -> {
            List<Pick> picks = new ArrayList<>();
            Elimination.Ending ending;
            if (answer.kind() == HelloAnswer.Kind.SSL2_SERVER_HELLO) {
                Set<Integer> offered = Set.copyOf(kinds);
                for (int spec : answer.flight().ssl2ServerHello().cipherSpecs()) {
                    if (offered.contains(spec)) {
                        picks.add(new Pick(spec, null));
                    } else {
                        ctx.observe(new Finding(FindingCode.SUITE_NOT_OFFERED, Severity.MEDIUM, String.format(
                                "The server listed the SSLv2 cipher kind 0x%06X, which the client did not offer",
                                spec), "Disable SSLv2"));
                    }
                }
                ending = Elimination.Ending.EXHAUSTED;
            } else if (answer.spokeTls()) {
                ending = Elimination.Ending.REFUSED;
            } else if (answer.unanswered()) {
                ending = Elimination.Ending.UNANSWERED;
            } else {
                ending = Elimination.Ending.FAILED;
            }
            Elimination e = new Elimination(ProtocolVersion.SSLv2, List.of(), picks, 0, true,
                    new Elimination.End(ending, answer.detail(), answer.answeredAtNanos(),
                            answer.kind() == HelloAnswer.Kind.TIMEOUT));
            return conclude(ctx, ProtocolVersion.SSLv2, List.of(e), 1, false, tally);
        });
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
