package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.wire.ClientHelloSpec;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Elimination over code points other than cipher suites — groups, signature algorithms, ALPN protocols: offer the
 * candidates, read which one the server took, remove it, offer the rest, until the server refuses. The same pure
 * {@link Elimination} state machine as the suites (its "suite" is the code point) with the same budget and the
 * same handling of unanswered connections; the caller says how to build each hello and how to read an answer.
 */
final class CodeWalk {

    /** Builds the hello that offers the remaining candidates. */
    interface Offer {
        ClientHelloSpec hello(List<Integer> remaining);
    }

    /** Reads an answer to an offer: a pick of one of {@code offered}, a refusal, no answer, or a failure. Pure. */
    interface Judge {
        Reading read(List<Integer> offered, HelloAnswer answer);
    }

    private CodeWalk() {
    }

    /** Runs one elimination to its end: offer, read, next. */
    static CompletableFuture<Elimination> drive(ProbeContext ctx, Elimination e, Offer offer, Judge judge, Tally tally) {
        if (e.ended()) {
            return CompletableFuture.completedFuture(e);
        }
        List<Integer> remaining = e.offer();
        return ctx.send(offer.hello(remaining), tally).thenCompose(answer -> {
            Reading r = judge.read(remaining, answer);
            r.observations().forEach(ctx::observe);
            return drive(ctx, e.next(r), offer, judge, tally);
        });
    }

    /**
     * The run of a probe made of these eliminations: completed when each ended on an answer of the server's (or on
     * unanswered connections a later answer showed were refusals), incomplete otherwise.
     */
    static CompletableFuture<ProbeRun> run(ProbeContext ctx, List<Elimination> runs, Tally tally) {
        OptionalLong after = Completion.confirmationAfter(runs);
        CompletableFuture<Boolean> confirmed = after.isEmpty() ? CompletableFuture.completedFuture(true)
                : ctx.confirmAlive(after.getAsLong(), tally);
        return confirmed.thenApply(alive -> Completion.run(runs, alive, tally.elapsedMillis(), tally.hellos()));
    }

    /** A pick of {@code code}. */
    static Reading pick(int code, HelloAnswer a) {
        return new Reading(Reading.Kind.PICK, new Pick(code, null), null, a.sentAtNanos(), a.answeredAtNanos(),
                a.attempts(), false, List.of());
    }

    /** A refusal, a lack of answer or a failure, as the answer's kind says, with {@code detail} for a failure. */
    static Reading other(HelloAnswer a, String failureDetail) {
        Reading.Kind kind = switch (a.kind()) {
            case ALERT -> Reading.Kind.REFUSED;
            case RESET, CLOSED, TIMEOUT -> a.unanswered() ? Reading.Kind.UNANSWERED : Reading.Kind.FAILED;
            default -> Reading.Kind.FAILED;
        };
        String detail = kind == Reading.Kind.FAILED && failureDetail != null ? failureDetail : a.detail();
        return new Reading(kind, null, detail, a.sentAtNanos(), a.answeredAtNanos(), a.attempts(),
                a.kind() == HelloAnswer.Kind.TIMEOUT, List.of());
    }

    /** A failure with {@code detail}: the walk cannot go on from this answer. */
    static Reading failed(HelloAnswer a, String detail) {
        return new Reading(Reading.Kind.FAILED, null, detail, a.sentAtNanos(), a.answeredAtNanos(), a.attempts(),
                false, List.of());
    }
}
