package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.report.ProtocolReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a server imposes its own cipher-suite order at one version, and that order.
 *
 * <p>Offer the accepted suites in one order and then reversed. The same pick both times means the
 * server decides; the first suite of each offer means it follows the client. Anything else (e.g.
 * equal-preference groups, ChaCha20 prioritisation) is reported as server preference with a note
 * ({@link Preference#judge}).
 *
 * <p>When the server decides, its full order is the order of successive picks from a shrinking offer
 * of the accepted suites (an {@link Elimination} over them). An elimination that found every accepted
 * suite within one bundle already did exactly that, so its pick order is reused; otherwise the order
 * costs one hello per suite. SSLv2 has no server preference (the client chooses).
 *
 * <p>The version's report carries the status of enumeration and preference together: incomplete when
 * either could not finish.
 */
public final class PreferenceProbe {

    /** Stateless; one instance serves every endpoint. */
    public PreferenceProbe() {
    }

    /** Judges preference for the suites {@code found} accepted and returns the version's report. */
    public CompletableFuture<ProtocolReport> run(ProbeContext ctx, SuiteEnumeration found) {
        ProtocolVersion version = found.version();
        Map<Integer, Pick> bySuite = new LinkedHashMap<>();
        found.picks().forEach(p -> bySuite.putIfAbsent(p.suite(), p));
        List<Integer> order = new ArrayList<>(bySuite.keySet());
        if (order.size() < 2 || version == ProtocolVersion.SSLv2) {
            return done(report(found, null, order, bySuite, null, null));
        }
        List<Integer> reversed = new ArrayList<>(order);
        Collections.reverse(reversed);
        Tally tally = found.tally();
        // When one bundle's elimination found every suite, its first pick was made from an offer in which
        // order[0] came first among the accepted suites: the forward offer would get order[0] again,
        // whatever the server's policy, so only the reversed offer is sent.
        return judge(ctx, found, order, reversed, tally, true)
                .thenCompose(d -> switch (d.verdict()) {
                    case CLIENT -> done(report(found, false, order, bySuite, null, null));
                    case SERVER -> done(report(found, true, order, bySuite, null, null));
                    case UNDETERMINED -> done(report(found, null, order, bySuite, d.note(), null));
                    case UNANSWERED -> {
                        ctx.throttled("an offer of suites accepted before went unanswered (" + version.label() + ")");
                        yield done(report(found, null, order, bySuite, null, d.note()));
                    }
                    case SERVER_WALK -> CipherSuiteProbe.drive(ctx,
                            Elimination.start(version, order, order.size() - 1), tally).thenApply(walk -> {
                                List<Integer> serverOrder = Preference.order(walk);
                                if (Preference.walkComplete(walk)) {
                                    return report(found, true, serverOrder, bySuite, d.note(), null);
                                }
                                if (walk.end().ending() == Elimination.Ending.REFUSED) {
                                    return report(found, true, serverOrder, bySuite, join(d.note(),
                                            "the server refused a shrinking offer of suites it had accepted;"
                                                    + " the rest is in the order found"), null);
                                }
                                return report(found, true, serverOrder, bySuite, d.note(),
                                        "the server's order is incomplete: " + walk.end().detail());
                            });
                });
    }

    /**
     * Offers the accepted suites forward and reversed and judges the picks. An offer left unanswered makes the
     * endpoint throttled (suites it accepted went unanswered), and the judgement is made once more: the engine
     * slows down for a throttled endpoint, and offers to it are made again when unanswered.
     */
    private static CompletableFuture<Preference.Decision> judge(ProbeContext ctx, SuiteEnumeration found,
            List<Integer> order, List<Integer> reversed, Tally tally, boolean mayRepeat) {
        ProtocolVersion version = found.version();
        // When one bundle's elimination found every suite, its first pick was made from an offer in which
        // order[0] came first among the accepted suites: the forward offer would get order[0] again,
        // whatever the server's policy, so only the reversed offer is sent.
        CompletableFuture<Reading> forward = found.singleBundle()
                ? CompletableFuture.completedFuture(Reading.picked(found.picks().stream()
                        .filter(p -> p.suite() == order.get(0)).findFirst().orElseThrow()))
                : offer(ctx, version, order, tally);
        CompletableFuture<Reading> backward = offer(ctx, version, reversed, tally);
        return forward.thenCombine(backward, (f, b) -> Preference.judge(order, f, b, found.singleBundle()))
                .thenCompose(d -> {
                    if (d.verdict() == Preference.Verdict.UNANSWERED && mayRepeat && ctx.stopped() == null) {
                        ctx.throttled("an offer of suites accepted before went unanswered (" + version.label() + ")");
                        return judge(ctx, found, order, reversed, tally, false);
                    }
                    return CompletableFuture.completedFuture(d);
                });
    }

    private static CompletableFuture<Reading> offer(ProbeContext ctx, ProtocolVersion version, List<Integer> suites,
            Tally tally) {
        return offer(ctx, version, suites, tally, 0);
    }

    /** Offers {@code suites}; an unanswered offer to a throttled endpoint is made again a few times. */
    private static CompletableFuture<Reading> offer(ProbeContext ctx, ProtocolVersion version, List<Integer> suites,
            Tally tally, int reoffers) {
        return ctx.send(Hellos.forVersion(version, suites, ctx.sni()), tally).thenCompose(a -> {
            Reading r = ctx.read(version, suites, a);
            if (r.kind() == Reading.Kind.UNANSWERED && ctx.throttled() != null && ctx.stopped() == null
                    && reoffers < Elimination.MAX_THROTTLED_REOFFERS) {
                return offer(ctx, version, suites, tally, reoffers + 1);
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    /**
     * The version's report: accepted when a suite was found; completed when the enumeration completed and
     * the preference did not fail ({@code preferenceError} null).
     */
    private static ProtocolReport report(SuiteEnumeration found, Boolean serverPreference, List<Integer> order,
            Map<Integer, Pick> bySuite, String note, String preferenceError) {
        List<AcceptedSuite> suites = new ArrayList<>();
        for (int code : order) {
            Pick p = bySuite.get(code);
            CipherSuites.byCode(code).ifPresent(s -> suites.add(new AcceptedSuite(s, p == null ? null : p.keyExchange())));
        }
        ProbeRun e = found.run();
        Tally t = found.tally();
        ProbeRun run;
        if (!e.completed()) {
            run = new ProbeRun(e.status(), e.error(), t.elapsedMillis(), t.hellos());
        } else if (preferenceError != null) {
            run = new ProbeRun(ProbeStatus.INCOMPLETE, preferenceError, t.elapsedMillis(), t.hellos());
        } else {
            run = ProbeRun.completed(t.elapsedMillis(), t.hellos());
        }
        return new ProtocolReport(found.version(), run, found.accepted(), serverPreference, suites, note);
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
