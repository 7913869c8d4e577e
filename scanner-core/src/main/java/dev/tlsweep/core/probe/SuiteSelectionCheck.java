package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.wire.ServerHello;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How the server picks suites — reported, not hidden: whether it ever picked a suite the hello did not offer (seen
 * during enumeration: SUITE_NOT_OFFERED), and whether at TLS 1.0 or 1.1 it picks a suite defined only for TLS 1.2
 * (AEAD, SHA-256 and SHA-384 suites), which clients of those versions cannot use: one hello at the lowest of those
 * versions offering only TLS 1.2 suites, which a correct server refuses.
 */
public final class SuiteSelectionCheck implements CheckProbe {

    /** The TLS 1.2-only suites offered at an older version: every suite of TLS 1.2 that no older version defines. */
    static final List<Integer> TLS12_ONLY = tls12Only();

    private static List<Integer> tls12Only() {
        List<Integer> out = new ArrayList<>();
        List<CipherSuite> older = CipherSuites.forVersion(ProtocolVersion.TLSv1_1);
        CipherSuites.forVersion(ProtocolVersion.TLSv1_2).stream().filter(s -> !older.contains(s))
                .sorted(SuiteRank.ORDER).limit(Hellos.MAX_SUITES_PER_HELLO).forEach(s -> out.add(s.code()));
        return List.copyOf(out);
    }

    @Override
    public Check check() {
        return Check.SUITE_SELECTION;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        List<String> unofferedSuites = new ArrayList<>();
        boolean unoffered = false;
        for (Finding f : ctx.observations()) {
            if (f.code().equals(FindingCode.SUITE_NOT_OFFERED.code())) {
                unoffered = true;
                unofferedSuites.addAll(f.subjects());
            }
        }
        boolean pickedUnoffered = unoffered;
        ProtocolVersion old = facts.accepts(ProtocolVersion.TLSv1_0) ? ProtocolVersion.TLSv1_0
                : facts.accepts(ProtocolVersion.TLSv1_1) ? ProtocolVersion.TLSv1_1 : null;
        if (old == null) {
            return CompletableFuture.completedFuture(new CheckResult.SuiteSelection(CheckRuns.completed(tally),
                    pickedUnoffered, null, unofferedSuites, "neither TLS 1.0 nor TLS 1.1 is accepted: no TLS 1.2 suite"
                            + " can be picked at an older version"));
        }
        return ctx.send(Hellos.forVersion(old, TLS12_ONLY, ctx.sni()), tally).thenApply(a -> {
            ServerHello sh = a.serverHello();
            List<String> suites = new ArrayList<>(unofferedSuites);
            if (sh != null && sh.legacyVersion() == old.wire() && sh.selectedVersion() < 0
                    && TLS12_ONLY.contains(sh.cipherSuite())) {
                String name = CipherSuites.byCode(sh.cipherSuite()).map(CipherSuite::ianaName)
                        .orElse(String.format("0x%04X", sh.cipherSuite()));
                suites.add(name);
                return new CheckResult.SuiteSelection(CheckRuns.completed(tally), pickedUnoffered, true, suites,
                        "a " + old.label() + " hello offering only TLS 1.2 suites got " + name);
            }
            if (a.spokeTls() || sh != null) {
                return new CheckResult.SuiteSelection(CheckRuns.completed(tally), pickedUnoffered, false, suites,
                        "a " + old.label() + " hello offering only TLS 1.2 suites was refused");
            }
            return new CheckResult.SuiteSelection(CheckRuns.incomplete("a " + old.label() + " hello offering only"
                    + " TLS 1.2 suites got no answer to read: " + a.detail(), tally), pickedUnoffered, null, suites,
                    null);
        });
    }
}
