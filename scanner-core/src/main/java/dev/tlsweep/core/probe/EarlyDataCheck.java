package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.wire.Tls13Client;
import java.util.concurrent.CompletableFuture;

/**
 * TLS 1.3 early data (0-RTT, RFC 8446 2.3): whether the tickets the server issues after a handshake ({@link Sessions})
 * allow early data (their early_data extension and its max_early_data_size). Early data can be replayed by a network
 * attacker; a server that accepts it must only let idempotent requests use it. Not applicable without TLS 1.3.
 */
public final class EarlyDataCheck implements CheckProbe {

    @Override
    public Check check() {
        return Check.EARLY_DATA;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        return Sessions.tls13(ctx, facts, tally).thenApply(tls13 -> {
            if (tls13.isEmpty()) {
                return new CheckResult.EarlyData(CheckRuns.notApplicable("TLS 1.3 is not accepted"), null, -1, null);
            }
            Sessions.Tls13 s = tls13.get();
            if (!s.established()) {
                return new CheckResult.EarlyData(CheckRuns.error(s.failure(), tally), null, -1, null);
            }
            long max = -1;
            for (Tls13Client.Ticket t : s.tickets()) {
                max = Math.max(max, t.maxEarlyDataSize());
            }
            String note = s.tickets().isEmpty() ? "the server issued no ticket, so no early data"
                    : s.tickets().size() + " ticket(s) issued";
            return new CheckResult.EarlyData(CheckRuns.completed(tally), max > 0, max > 0 ? max : -1, note);
        });
    }
}
