package dev.tlsweep.core.scan;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import java.util.List;
import java.util.concurrent.CompletionException;

/** The error result of a check whose probe failed unexpectedly: the check's own variant, with the reason. */
final class CheckFailures {

    private CheckFailures() {
    }

    static CheckResult of(Check check, Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return blank(check, new ProbeRun(ProbeStatus.ERROR, "internal error: " + t, 0, 0));
    }

    /**
     * A check that failed because the endpoint's time ran out ({@code ScanOptions.endpointTimeout}): incomplete, not
     * an error of the server or of tlsweep. Results that completed, or did not apply, stay as they are.
     */
    static CheckResult stopped(Check check, CheckResult result, String reason) {
        if (result.run().status() != ProbeStatus.ERROR) {
            return result;
        }
        ProbeRun r = result.run();
        return blank(check, new ProbeRun(ProbeStatus.INCOMPLETE, reason, r.durationMillis(), r.hellos()));
    }

    private static CheckResult blank(Check check, ProbeRun run) {
        return switch (check) {
            case CLIENT_RENEGOTIATION -> new CheckResult.Renegotiation(run, null, null, null);
            case ROBOT -> new CheckResult.Robot(run, null, null, null);
            case SESSION_RESUMPTION -> new CheckResult.Resumption(run, null, null, null);
            case EARLY_DATA -> new CheckResult.EarlyData(run, null, -1, null);
            case ALPN -> new CheckResult.Alpn(run, List.of(), null);
            case HSTS -> new CheckResult.Hsts(run, null, -1, false, false, null, null);
            case SERVER_HEADER, JARM -> new CheckResult.Text(run, null, null);
            case SUITE_SELECTION -> new CheckResult.SuiteSelection(run, null, null, List.of(), null);
            default -> new CheckResult.Flag(run, null, null, null);
        };
    }
}
