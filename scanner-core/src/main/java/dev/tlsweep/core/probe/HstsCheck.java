package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP Strict Transport Security (RFC 6797) on an HTTPS endpoint: the Strict-Transport-Security header of the response
 * to {@code GET /} ({@link HttpHead}), with its max-age, includeSubDomains and preload. Not applicable when the
 * endpoint does not answer HTTP.
 */
public final class HstsCheck implements CheckProbe {

    private final HttpHead http;

    /** A check sharing the endpoint's response head with the other HTTP checks. */
    HstsCheck(HttpHead http) {
        this.http = http;
    }

    @Override
    public Check check() {
        return Check.HSTS;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        return http.of(ctx, tally).thenApply(head -> judge(head, tally));
    }

    /** The header, read (RFC 6797 6.1). Pure but for the tally's clock. */
    static CheckResult judge(HttpsSession.Head head, Tally tally) {
        if (head.status() < 0) {
            return new CheckResult.Hsts(CheckRuns.notApplicable("no HTTP response: " + head.failure(), tally), null, -1,
                    false, false, null, null);
        }
        String h = head.hsts();
        if (h == null) {
            return new CheckResult.Hsts(CheckRuns.completed(tally), false, -1, false, false, null,
                    "HTTP " + head.status() + " without Strict-Transport-Security");
        }
        long maxAge = -1;
        boolean sub = false;
        boolean preload = false;
        for (String directive : h.split(";")) {
            String d = directive.trim();
            String lower = d.toLowerCase(Locale.ROOT);
            if (lower.startsWith("max-age")) {
                int eq = d.indexOf('=');
                if (eq > 0) {
                    String v = d.substring(eq + 1).trim().replace("\"", "");
                    try {
                        maxAge = Math.max(0, Long.parseLong(v));
                    } catch (NumberFormatException e) {
                        maxAge = -1;
                    }
                }
            } else if (lower.equals("includesubdomains")) {
                sub = true;
            } else if (lower.equals("preload")) {
                preload = true;
            }
        }
        boolean valid = maxAge >= 0;
        return new CheckResult.Hsts(CheckRuns.completed(tally), valid && maxAge > 0, maxAge, sub, preload, h,
                !valid ? "the header has no valid max-age: browsers ignore it"
                        : maxAge == 0 ? "max-age=0 tells browsers to forget the policy" : "HTTP " + head.status());
    }
}
