package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.wire.ServerHello;
import java.util.concurrent.CompletableFuture;

/**
 * TLS compression (CRIME, CVE-2012-4929): whether the server picks DEFLATE when the hello offers it (the
 * {@link LegacyFlight} hello). Not applicable to TLS 1.3 only, which has no compression.
 */
public final class CompressionCheck implements CheckProbe {

    @Override
    public Check check() {
        return Check.COMPRESSION;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        return LegacyFlight.of(ctx, facts, tally).thenApply(seen -> {
            if (seen.isEmpty()) {
                return new CheckResult.Flag(CheckRuns.notApplicable("no version from TLS 1.0 to 1.2 is accepted"),
                        null, null, null);
            }
            return judge(seen.get(), tally);
        });
    }

    static CheckResult judge(LegacyFlight.Seen seen, Tally tally) {
        ServerHello sh = seen.serverHello();
        if (sh == null) {
            return new CheckResult.Flag(CheckRuns.error("no ServerHello to a hello offering compression ("
                    + seen.detail() + ")", tally), null, null, null);
        }
        boolean deflate = sh.compressionMethod() == LegacyFlight.DEFLATE;
        return new CheckResult.Flag(CheckRuns.completed(tally), deflate, deflate ? "DEFLATE" : null,
                "hello at " + seen.version().label() + " offering DEFLATE and null compression");
    }
}
