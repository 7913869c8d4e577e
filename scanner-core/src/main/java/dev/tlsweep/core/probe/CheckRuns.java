package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;

/** The status envelopes of check results. */
final class CheckRuns {

    private CheckRuns() {
    }

    static ProbeRun completed(Tally t) {
        return ProbeRun.completed(t.elapsedMillis(), t.hellos());
    }

    static ProbeRun notApplicable(String why) {
        return new ProbeRun(ProbeStatus.NOT_APPLICABLE, why, 0, 0);
    }

    static ProbeRun notApplicable(String why, Tally t) {
        return new ProbeRun(ProbeStatus.NOT_APPLICABLE, why, t.elapsedMillis(), t.hellos());
    }

    static ProbeRun error(String why, Tally t) {
        return new ProbeRun(ProbeStatus.ERROR, why, t.elapsedMillis(), t.hellos());
    }

    static ProbeRun incomplete(String why, Tally t) {
        return new ProbeRun(ProbeStatus.INCOMPLETE, why, t.elapsedMillis(), t.hellos());
    }
}
