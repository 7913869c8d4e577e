package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
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
 * equal-preference groups, ChaCha20 prioritisation) is reported as server preference with a note.
 *
 * <p>When the server decides, its full order is the order of successive picks from a shrinking offer
 * of the accepted suites. An elimination that found every accepted suite within one bundle already
 * did exactly that, so its pick order is reused; otherwise the order costs one hello per suite.
 * SSLv2 has no server preference (the client chooses).
 */
public final class PreferenceProbe {

    /** Stateless; one instance serves every endpoint. */
    public PreferenceProbe() {
    }

    /** Judges preference for the suites {@code found} accepted and returns the version's report. */
    public CompletableFuture<ProtocolReport> run(ProbeContext ctx, SuiteEnumeration found) {
        ProtocolVersion version = found.version();
        if (!found.accepted()) {
            return CompletableFuture.completedFuture(ProtocolReport.refused(version));
        }
        Map<Integer, Pick> bySuite = new LinkedHashMap<>();
        found.picks().forEach(p -> bySuite.putIfAbsent(p.suite(), p));
        List<Integer> order = new ArrayList<>(bySuite.keySet());
        if (order.size() < 2 || version == ProtocolVersion.SSLv2) {
            return CompletableFuture.completedFuture(report(version, null, order, bySuite, null));
        }
        List<Integer> reversed = new ArrayList<>(order);
        Collections.reverse(reversed);
        // When one bundle's elimination found every suite, its first pick was made from an offer in which
        // order[0] came first among the accepted suites: the forward offer would get order[0] again,
        // whatever the server's policy, so only the reversed offer is sent.
        CompletableFuture<Pick> forward = found.singleBundle()
                ? CompletableFuture.completedFuture(bySuite.get(order.get(0)))
                : ctx.send(Hellos.forVersion(version, order, ctx.sni()))
                        .thenApply(f -> Negotiation.pickAt(ctx, version, order, f));
        CompletableFuture<Pick> backward = ctx.send(Hellos.forVersion(version, reversed, ctx.sni()))
                .thenApply(b -> Negotiation.pickAt(ctx, version, reversed, b));
        return forward.thenCombine(backward, (f, b) -> new Pick[] {f, b})
                .thenCompose(picks -> {
                    Pick pf = picks[0];
                    Pick pb = picks[1];
                    if (pf == null || pb == null) {
                        return CompletableFuture.completedFuture(report(version, null, order, bySuite,
                                "undetermined: the server refused an offer of suites it had accepted"));
                    }
                    if (pf.suite() == order.get(0) && pb.suite() == reversed.get(0)) {
                        return CompletableFuture.completedFuture(report(version, false, order, bySuite, null));
                    }
                    String note = pf.suite() == pb.suite() ? null
                            : "the server's pick depends partly on the client's order"
                                    + " (equal-preference groups or ChaCha20 prioritisation)";
                    if (found.singleBundle() && note == null) {
                        return CompletableFuture.completedFuture(report(version, true, order, bySuite, null));
                    }
                    return serverOrder(ctx, version, new ArrayList<>(order), new ArrayList<>(), order.size())
                            .thenApply(o -> report(version, true, o, bySuite, note));
                });
    }

    /** The server's order: its successive picks from a shrinking offer. */
    private CompletableFuture<List<Integer>> serverOrder(ProbeContext ctx, ProtocolVersion version,
            List<Integer> remaining, List<Integer> order, int budget) {
        if (remaining.size() == 1 || budget == 0) {
            order.addAll(remaining);
            return CompletableFuture.completedFuture(order);
        }
        return ctx.send(Hellos.forVersion(version, remaining, ctx.sni())).thenCompose(answer -> {
            Pick p = Negotiation.pickAt(ctx, version, remaining, answer);
            if (p == null) { // refused mid-way: keep the rest in the order found
                order.addAll(remaining);
                return CompletableFuture.completedFuture(order);
            }
            order.add(p.suite());
            remaining.remove(Integer.valueOf(p.suite()));
            return serverOrder(ctx, version, remaining, order, budget - 1);
        });
    }

    private static ProtocolReport report(ProtocolVersion version, Boolean serverPreference, List<Integer> order,
            Map<Integer, Pick> bySuite, String note) {
        List<AcceptedSuite> suites = new ArrayList<>();
        for (int code : order) {
            Pick p = bySuite.get(code);
            CipherSuites.byCode(code).ifPresent(s -> suites.add(new AcceptedSuite(s, p == null ? null : p.keyExchange())));
        }
        return new ProtocolReport(version, true, serverPreference, suites, note);
    }
}
