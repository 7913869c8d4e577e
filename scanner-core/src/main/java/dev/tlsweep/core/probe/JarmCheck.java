package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.wire.Jarm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The JARM fingerprint (Salesforce's JARM 1.0, {@link Jarm}): ten hellos of JARM's shapes, their ServerHellos hashed
 * into 62 characters that equal for equal TLS stacks and configurations — what threat-intelligence feeds and
 * asset inventories match servers by. As JARM does, a hello that times out makes the whole hash JARM's zeros.
 * Ten connections.
 */
public final class JarmCheck implements CheckProbe {

    @Override
    public Check check() {
        return Check.JARM;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        String host = ctx.sni() != null ? ctx.sni() : ctx.address().getAddress().getHostAddress();
        List<CompletableFuture<HelloAnswer>> answers = new ArrayList<>();
        for (int i = 0; i < Jarm.probes(); i++) {
            answers.add(ctx.send(Jarm.hello(i, host), tally));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<String> components = new ArrayList<>();
            boolean timedOut = false;
            for (CompletableFuture<HelloAnswer> f : answers) {
                HelloAnswer a = f.join();
                timedOut |= a.kind() == HelloAnswer.Kind.TIMEOUT;
                components.add(Jarm.component(a.serverHello()));
            }
            if (timedOut) {
                return new CheckResult.Text(CheckRuns.completed(tally), Jarm.EMPTY, "a JARM hello timed out: JARM"
                        + " reports the empty hash then");
            }
            return new CheckResult.Text(CheckRuns.completed(tally), Jarm.hash(components), null);
        });
    }
}
