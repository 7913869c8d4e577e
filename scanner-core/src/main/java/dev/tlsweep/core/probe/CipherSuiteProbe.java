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

    /**
     * Hellos of one version under way at once in exhaustive mode: enough to keep an endpoint's connections
     * busy (8 by default) while the rest wait here, not as queued jobs in the engine (about 900 per endpoint).
     */
    static final int EXHAUSTIVE_WINDOW = 16;

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
        // One suite per elimination in exhaustive mode: a pick, a refusal or no answer, and a re-offer; at most
        // EXHAUSTIVE_WINDOW of them under way per version, so that the engine's queue for one endpoint stays short.
        List<CompletableFuture<Elimination>> runs = Window.run(offers, exhaustive ? EXHAUSTIVE_WINDOW : Math.max(1, offers.size()),
                offer -> drive(ctx, Elimination.start(version, offer), tally));
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                .thenCompose(done -> conclude(ctx, version, runs.stream().map(CompletableFuture::join).toList(),
                        offers.size(), !exhaustive, tally, false));
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
            return drive(ctx, e.next(r, ctx.throttled() != null && ctx.stopped() == null), tally);
        });
    }

    /**
     * Confirms unanswered endings if there are any, and makes the version's enumeration. When the endpoint is
     * known to be throttled (now, or once the confirmation was sent), the eliminations that ended
     * unanswered are resumed once first: the engine has slowed down for the endpoint meanwhile, and the
     * offers are made again as often as a throttled endpoint needs.
     */
    private CompletableFuture<SuiteEnumeration> conclude(ProbeContext ctx, ProtocolVersion version,
            List<Elimination> runs, int bundles, boolean elimination, Tally tally, boolean resumed) {
        if (!resumed && worthResuming(ctx, runs)) {
            return resume(ctx, version, runs, tally)
                    .thenCompose(again -> conclude(ctx, version, again, bundles, elimination, tally, true));
        }
        OptionalLong after = Completion.confirmationAfter(runs);
        CompletableFuture<Boolean> confirmed = after.isEmpty() ? CompletableFuture.completedFuture(true)
                : ctx.confirmAlive(after.getAsLong(), tally);
        return confirmed.thenCompose(alive -> !resumed && worthResuming(ctx, runs)
                ? resume(ctx, version, runs, tally)
                        .thenCompose(again -> conclude(ctx, version, again, bundles, elimination, tally, true))
                : CompletableFuture.completedFuture(enumeration(ctx, version, runs, bundles, elimination, tally, alive,
                        after)));
    }

    /** Whether some eliminations ended unanswered on an endpoint now known to be throttled, with time left. */
    private static boolean worthResuming(ProbeContext ctx, List<Elimination> runs) {
        return ctx.stopped() == null && ctx.throttled() != null && runs.stream()
                .anyMatch(e -> e.end() != null && e.end().ending() == Elimination.Ending.UNANSWERED);
    }

    /** Resumes every elimination that ended unanswered; the others stay as they are. */
    private static CompletableFuture<List<Elimination>> resume(ProbeContext ctx, ProtocolVersion version,
            List<Elimination> runs, Tally tally) {
        List<CompletableFuture<Elimination>> again = new ArrayList<>();
        for (Elimination e : runs) {
            boolean unanswered = e.end() != null && e.end().ending() == Elimination.Ending.UNANSWERED;
            if (!unanswered) {
                again.add(CompletableFuture.completedFuture(e));
            } else if (version == ProtocolVersion.SSLv2) {
                again.add(sslv2Again(ctx, e.remaining(), tally, 0));
            } else {
                again.add(drive(ctx, e.resumed(), tally));
            }
        }
        return CompletableFuture.allOf(again.toArray(CompletableFuture[]::new))
                .thenApply(done -> again.stream().map(CompletableFuture::join).toList());
    }

    private SuiteEnumeration enumeration(ProbeContext ctx, ProtocolVersion version, List<Elimination> runs,
            int bundles, boolean elimination, Tally tally, boolean alive, OptionalLong after) {
        {
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
        }
    }

    private CompletableFuture<SuiteEnumeration> sslv2(ProbeContext ctx, List<Integer> kinds, Tally tally) {
        return sslv2Elimination(ctx, kinds, tally)
                .thenCompose(e -> conclude(ctx, ProtocolVersion.SSLv2, List.of(e), 1, false, tally, false));
    }

    /** The SSLv2 hello again, and again while unanswered by a throttled endpoint, a few times. */
    private static CompletableFuture<Elimination> sslv2Again(ProbeContext ctx, List<Integer> kinds, Tally tally,
            int reoffers) {
        return sslv2Elimination(ctx, kinds, tally).thenCompose(e -> e.end().ending() == Elimination.Ending.UNANSWERED
                && ctx.stopped() == null && reoffers < Elimination.MAX_THROTTLED_REOFFERS
                ? sslv2Again(ctx, kinds, tally, reoffers + 1) : CompletableFuture.completedFuture(e));
    }

    /**
     * The one SSLv2 hello as an ended elimination (its {@code remaining} keeps the cipher kinds offered, so
     * that it can be sent again).
     */
    private static CompletableFuture<Elimination> sslv2Elimination(ProbeContext ctx, List<Integer> kinds, Tally tally) {
        return ctx.send(Hellos.sslv2(kinds), tally).thenApply(answer -> {
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
            return new Elimination(ProtocolVersion.SSLv2, kinds, picks, 0, true,
                    new Elimination.End(ending, answer.detail(), answer.answeredAtNanos(),
                            answer.kind() == HelloAnswer.Kind.TIMEOUT));
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
