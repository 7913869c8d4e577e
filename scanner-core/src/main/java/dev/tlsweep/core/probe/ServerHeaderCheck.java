package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP Server header of an HTTPS endpoint ({@link HttpHead}): what software the endpoint names, and often its
 * version. Not applicable when the endpoint does not answer HTTP.
 */
public final class ServerHeaderCheck implements CheckProbe {

    private final HttpHead http;

    /** A check sharing the endpoint's response head with the other HTTP checks. */
    ServerHeaderCheck(HttpHead http) {
        this.http = http;
    }

    @Override
    public Check check() {
        return Check.SERVER_HEADER;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        return http.of(ctx, tally).thenApply(head -> head.status() < 0
                ? new CheckResult.Text(CheckRuns.notApplicable("no HTTP response: " + head.failure(), tally), null, null)
                : new CheckResult.Text(CheckRuns.completed(tally), head.server(), head.server() == null
                        ? "HTTP " + head.status() + " without a Server header" : null));
    }
}
