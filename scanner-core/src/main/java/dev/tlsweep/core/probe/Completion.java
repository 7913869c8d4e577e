package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import java.util.List;
import java.util.OptionalLong;

/**
 * Whether the eliminations of one version add up to a completed answer. Pure.
 *
 * <p>A version is completed only when every elimination ended on an answer the server gave (every
 * suite picked, or a refusal), or on unanswered connections that a later TLS answer showed were the
 * server's own refusals. A failure, a budget that ran out, or unanswered connections with no later
 * answer leave the version incomplete: what was found stands, what was not found is unknown.
 */
final class Completion {

    private Completion() {
    }

    /**
     * The time after which a connection must have been answered in TLS to confirm the unanswered endings,
     * or empty when no ending needs it.
     */
    static OptionalLong confirmationAfter(List<Elimination> runs) {
        long latest = Long.MIN_VALUE;
        boolean any = false;
        for (Elimination e : runs) {
            if (e.end() != null && e.end().ending() == Elimination.Ending.UNANSWERED) {
                any = true;
                latest = Math.max(latest, e.end().answeredAtNanos());
            }
        }
        return any ? OptionalLong.of(latest) : OptionalLong.empty();
    }

    /**
     * The run of a version whose eliminations ended as {@code runs}.
     *
     * @param confirmed whether a TLS answer on a connection started after {@link #confirmationAfter} arrived
     *                  (ignored when no ending needs confirmation)
     */
    static ProbeRun run(List<Elimination> runs, boolean confirmed, long durationMillis, int hellos) {
        String failure = null;
        for (Elimination e : runs) {
            if (e.end() == null) {
                throw new IllegalArgumentException("runs: an elimination has not ended (expected: all ended)");
            }
            Elimination.End end = e.end();
            String why = switch (end.ending()) {
                case FAILED -> end.detail();
                case BUDGET -> "the hello budget ran out (" + end.detail() + ")";
                case UNANSWERED -> confirmed ? null : "connections ended without an answer (" + end.detail()
                        + "), and no later connection was answered either: a connection limit or rate limiter"
                        + " in front?";
                default -> null;
            };
            if (why != null && failure == null) {
                failure = why;
            }
        }
        return failure == null ? ProbeRun.completed(durationMillis, hellos)
                : new ProbeRun(ProbeStatus.INCOMPLETE, failure, durationMillis, hellos);
    }

    /** Whether a confirmed unanswered ending was silence: the server lets refusals time out. */
    static boolean silentRefusals(List<Elimination> runs) {
        return runs.stream().anyMatch(e -> e.end() != null && e.end().ending() == Elimination.Ending.UNANSWERED
                && e.end().silent());
    }
}
