package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.wire.ServerHello;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * TLS_FALLBACK_SCSV (RFC 7507): a hello at the second-highest accepted version carrying the SCSV, as a client that
 * retries after a failed handshake sends it. A server that supports the signal refuses it with an
 * {@code inappropriate_fallback} alert (it knows a higher version); one that negotiates the lower version lets a
 * network attacker downgrade its clients. One hello; not applicable with a single accepted version.
 */
public final class FallbackScsvCheck implements CheckProbe {

    static final int FALLBACK_SCSV = 0x5600;
    static final int INAPPROPRIATE_FALLBACK = 86;

    @Override
    public Check check() {
        return Check.FALLBACK_SCSV;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        List<ProtocolVersion> versions = new ArrayList<>(facts.acceptedVersions());
        if (versions.size() < 2) {
            return CompletableFuture.completedFuture(new CheckResult.Flag(CheckRuns.notApplicable(
                    "one protocol version is accepted: there is nothing to fall back from"), null, null, null));
        }
        ProtocolVersion lower = versions.get(versions.size() - 2);
        List<Integer> suites = new ArrayList<>(facts.suites(lower));
        suites.add(FALLBACK_SCSV);
        return ctx.send(Hellos.forVersion(lower, suites, ctx.sni()), tally).thenApply(a -> judge(lower, a, tally));
    }

    /** The answer to the downgraded hello, read. Pure but for the tally's clock. */
    static CheckResult judge(ProtocolVersion lower, HelloAnswer a, Tally tally) {
        String note = "hello at " + lower.label() + " with TLS_FALLBACK_SCSV";
        if (a.kind() == HelloAnswer.Kind.ALERT) {
            if (a.flight().alert().description() == INAPPROPRIATE_FALLBACK) {
                return new CheckResult.Flag(CheckRuns.completed(tally), true, null, note);
            }
            return new CheckResult.Flag(CheckRuns.error("the downgraded hello was refused with " + a.detail()
                    + ", not inappropriate_fallback", tally), null, null, note);
        }
        ServerHello sh = a.serverHello();
        if (sh != null && !sh.helloRetryRequest()) {
            return new CheckResult.Flag(CheckRuns.completed(tally), false, null, note + ": the server negotiated "
                    + String.format("0x%04X", sh.negotiatedVersion()));
        }
        return new CheckResult.Flag(CheckRuns.error("no answer to read: " + a.detail(), tally), null, null, note);
    }
}
