package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import java.util.concurrent.CompletableFuture;

/**
 * CCS injection (CVE-2014-0224): two ChangeCipherSpec records right after the server's flight, before any key
 * exchange ({@link LegacyFlight}). A server that takes the first one then fails to decrypt the second — a plaintext
 * {@code bad_record_mac} or {@code decryption_failed} — accepts a premature ChangeCipherSpec: vulnerable. Any other
 * reaction ({@code unexpected_message}, another alert, a close) is not. Not applicable to TLS 1.3 only.
 */
public final class CcsInjectionCheck implements CheckProbe {

    static final int BAD_RECORD_MAC = 20;
    static final int DECRYPTION_FAILED = 21;

    @Override
    public Check check() {
        return Check.CCS_INJECTION;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        return LegacyFlight.of(ctx, facts, tally).thenApply(seen -> seen.isEmpty()
                ? new CheckResult.Flag(CheckRuns.notApplicable("no version from TLS 1.0 to 1.2 is accepted"), null,
                        null, null)
                : judge(seen.get(), tally));
    }

    /** The reaction to the early ChangeCipherSpecs, read. Pure but for the tally's clock. */
    static CheckResult judge(LegacyFlight.Seen seen, Tally tally) {
        if (!seen.ccsSent()) {
            return new CheckResult.Flag(CheckRuns.error("the server's flight did not end with ServerHelloDone ("
                    + (seen.detail() == null ? "no answer" : seen.detail()) + ")", tally), null, null, null);
        }
        RecordHeaders.Record r = seen.reaction();
        if (r != null && r.type() == 21 && (r.alert() == BAD_RECORD_MAC || r.alert() == DECRYPTION_FAILED)) {
            return new CheckResult.Flag(CheckRuns.completed(tally), true, null, "the server took an early"
                    + " ChangeCipherSpec and then failed to decrypt (alert " + r.alert() + ")");
        }
        String how = r != null && r.type() == 21 ? "alert " + r.alert()
                : r != null ? "a record of type " + r.type()
                : seen.outcome() == Outcome.READ_TIMEOUT ? "silence" : "the connection closed";
        return new CheckResult.Flag(CheckRuns.completed(tally), false, null, "early ChangeCipherSpec refused: " + how);
    }
}
