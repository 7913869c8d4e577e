package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import java.util.concurrent.CompletableFuture;

/**
 * One handshake behaviour or vulnerability: a stateless probe that answers one {@link Check} for an endpoint whose
 * versions and suites are known. Its future never fails: what the server does is its result's data, and what kept
 * the check from an answer is its run's status (not-applicable, incomplete, error) and reason.
 */
public interface CheckProbe {

    /** The check this probe answers. */
    Check check();

    /** Runs the check; the future never fails. */
    CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts);
}
