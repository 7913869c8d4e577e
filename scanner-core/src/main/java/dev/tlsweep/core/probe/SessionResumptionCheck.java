package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import java.util.concurrent.CompletableFuture;

/**
 * Session resumption: by session ID and by ticket (RFC 5077) at TLS 1.0-1.2 — a full handshake, then a hello offering
 * its session ID and one offering its ticket ({@link Sessions}); at TLS 1.3 only, whether the server issues tickets
 * after a handshake. Resumption is a performance feature: a server without it makes every connection a full handshake.
 */
public final class SessionResumptionCheck implements CheckProbe {

    @Override
    public Check check() {
        return Check.SESSION_RESUMPTION;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        return Sessions.tls12(ctx, facts, tally).thenCompose(tls12 -> {
            if (tls12.isPresent()) {
                Sessions.Tls12 s = tls12.get();
                if (!s.established()) {
                    return done(new CheckResult.Resumption(CheckRuns.error(s.failure(), tally), null, null, null));
                }
                Boolean ids = s.sessionId() ? s.resumedById() : Boolean.FALSE;
                Boolean tickets = s.ticketIssued() ? s.resumedByTicket() : Boolean.FALSE;
                String note = "at " + s.version().label() + (s.sessionId() ? "" : "; the server gave no session ID")
                        + (s.ticketIssued() ? "" : "; the server issued no ticket");
                if (ids == null || tickets == null) {
                    return done(new CheckResult.Resumption(CheckRuns.incomplete("a resumption attempt got no"
                            + " ServerHello", tally), ids, tickets, note));
                }
                return done(new CheckResult.Resumption(CheckRuns.completed(tally), ids, tickets, note));
            }
            return Sessions.tls13(ctx, facts, tally).thenApply(tls13 -> {
                if (tls13.isEmpty()) {
                    return new CheckResult.Resumption(CheckRuns.notApplicable("no version from TLS 1.0 to 1.3 is"
                            + " accepted"), null, null, null);
                }
                Sessions.Tls13 s = tls13.get();
                if (!s.established()) {
                    return new CheckResult.Resumption(CheckRuns.error(s.failure(), tally), null, null, null);
                }
                return new CheckResult.Resumption(CheckRuns.completed(tally), null, !s.tickets().isEmpty(),
                        "TLS 1.3: " + s.tickets().size() + " ticket(s) issued after a handshake (session IDs do not"
                                + " resume in TLS 1.3)");
            });
        });
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
