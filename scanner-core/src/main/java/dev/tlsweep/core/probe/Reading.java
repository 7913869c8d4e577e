package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What one answer means for a probe that offered suites at one version: a pick, a refusal the server
 * clearly made, no answer at all (which proves nothing by itself), or a failure that ends the probe.
 * Made by {@link Negotiation#read}, a pure function; the elimination and preference steps consume it.
 *
 * @param kind         the class of reading
 * @param pick         the suite picked, for {@link Kind#PICK}
 * @param detail       what the server did, for diagnostics and the probe's error text
 * @param sentAtNanos  when the hello was handed to the engine ({@link HelloAnswer#sentAtNanos()})
 * @param answeredAtNanos when its answer (or the end of its last attempt) arrived
 * @param attempts     the connections the engine tried for it
 * @param silent       whether it ended in silence (a read timeout) rather than a reset or close
 * @param observations what the server did wrong on the way (findings)
 */
public record Reading(Kind kind, Pick pick, String detail, long sentAtNanos, long answeredAtNanos, int attempts,
        boolean silent, List<Finding> observations) {

    /** The classes of reading. */
    public enum Kind {
        /** The server negotiated one of the offered suites at exactly the offered version. */
        PICK,
        /**
         * The server answered and negotiated nothing at this version: an alert, a ServerHello at another
         * version, an SSLv2 answer to a TLS hello.
         */
        REFUSED,
        /**
         * The connection ended with no byte of an answer — reset, closed or silent, after the engine's
         * retries. Some servers refuse this way; so does a connection limit or rate limiter in front. Only
         * a TLS answer on a later connection tells which.
         */
        UNANSWERED,
        /**
         * The probe cannot go on from this answer: the connection could not be made, the answer is not
         * well-formed TLS, or the server picked a suite that was not offered.
         */
        FAILED
    }

    public Reading {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.PICK) != (pick != null)) {
            throw new IllegalArgumentException("pick: " + pick + " (expected: a pick exactly for PICK readings)");
        }
        observations = List.copyOf(observations);
    }

    /** A pick of one attempt with no observations, at time 0 (offline tests). */
    public static Reading picked(Pick pick) {
        return new Reading(Kind.PICK, pick, null, 0, 0, 1, false, List.of());
    }

    /** A reading of this kind with no pick and no observations (offline tests). */
    public static Reading of(Kind kind, String detail, long answeredAtNanos, int attempts) {
        return new Reading(kind, null, detail, answeredAtNanos, answeredAtNanos, attempts, false, List.of());
    }
}
