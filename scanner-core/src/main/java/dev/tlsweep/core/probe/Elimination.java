package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One bundle's elimination as a pure state machine: offer {@link #offer()}, read the answer, feed the
 * {@link Reading} to {@link #next}, until {@link #ended()}. A pick is recorded and removed from the offer;
 * a refusal the server clearly made ends it; an unanswered connection is offered once more (unless the
 * engine already retried it) and then ends it as unanswered, which the probe must confirm before it may
 * count as a refusal; a failure ends it. The budget bounds the hellos whatever the server does.
 *
 * <p>The same machine gives a server's preference order: eliminating over the accepted suites, the
 * picks come in the server's order.
 *
 * @param version   the version offered
 * @param remaining the suites still to offer, in offer order
 * @param picks     the suites picked so far, in order
 * @param budget    the hellos left
 * @param reoffers  how many times in a row the current offer was made again after an unanswered connection
 * @param end       how it ended, or {@code null} while it goes on
 */
public record Elimination(ProtocolVersion version, List<Integer> remaining, List<Pick> picks, int budget,
        int reoffers, End end) {

    /**
     * Re-offers of one offer, beyond the usual one, when the endpoint is known to leave connections it
     * answers unanswered (a limiter in front): they cost no budget, and the engine slows down meanwhile.
     */
    public static final int MAX_THROTTLED_REOFFERS = 3;

    /** How an elimination ended. */
    public enum Ending {
        /** Every offered suite was picked. */
        EXHAUSTED,
        /** The server answered the last offer and picked nothing at this version. */
        REFUSED,
        /** The last offer got no answer at all, twice: a refusal only if the server is shown to be alive. */
        UNANSWERED,
        /** The last answer cannot be read as a pick or a refusal (see {@link End#detail()}). */
        FAILED,
        /** The hello budget ran out with suites left to offer. */
        BUDGET
    }

    /**
     * An elimination's end.
     *
     * @param ending          how it ended
     * @param detail          what the last answer was, for the probe's error text
     * @param answeredAtNanos when the last answer arrived: only a connection started after it can confirm an
     *                        unanswered ending
     * @param silent          whether the last answer was silence (a read timeout)
     */
    public record End(Ending ending, String detail, long answeredAtNanos, boolean silent) {

        public End {
            Objects.requireNonNull(ending, "ending");
        }
    }

    public Elimination {
        Objects.requireNonNull(version, "version");
        remaining = List.copyOf(remaining);
        picks = List.copyOf(picks);
        if (budget < 0) {
            throw new IllegalArgumentException("budget: " + budget + " (expected: >= 0)");
        }
        if (reoffers < 0) {
            throw new IllegalArgumentException("reoffers: " + reoffers + " (expected: >= 0)");
        }
    }

    /** An elimination with {@code reoffered} as zero or one re-offer of the current offer. */
    public Elimination(ProtocolVersion version, List<Integer> remaining, List<Pick> picks, int budget,
            boolean reoffered, End end) {
        this(version, remaining, picks, budget, reoffered ? 1 : 0, end);
    }

    /** Whether the current offer is already a re-offer after an unanswered connection. */
    public boolean reoffered() {
        return reoffers > 0;
    }

    /**
     * The elimination of {@code candidates} at {@code version}, with a budget of one hello per candidate,
     * one for the final refusal and one for a re-offer after an unanswered connection.
     */
    public static Elimination start(ProtocolVersion version, List<Integer> candidates) {
        return start(version, candidates, candidates.size() + 2);
    }

    /** The elimination of {@code candidates} with an explicit hello budget. */
    public static Elimination start(ProtocolVersion version, List<Integer> candidates, int budget) {
        Elimination e = new Elimination(version, candidates, List.of(), budget, 0, null);
        if (candidates.isEmpty()) {
            return e.ending(new End(Ending.EXHAUSTED, null, 0, false));
        }
        return budget == 0 ? e.ending(new End(Ending.BUDGET, "no hello budget", 0, false)) : e;
    }

    /**
     * An elimination that ended unanswered, going on from its last offer with the hello that went unanswered
     * given back to its budget: for an endpoint found throttled after the fact. Pure.
     */
    public Elimination resumed() {
        if (end == null || end.ending() != Ending.UNANSWERED) {
            throw new IllegalStateException("resumed: " + (end == null ? "not ended" : end.ending())
                    + " (expected: UNANSWERED)");
        }
        return new Elimination(version, remaining, picks, budget + 1, 0, null);
    }

    /** Whether it ended. */
    public boolean ended() {
        return end != null;
    }

    /** The suites to offer next; only while it has not ended. */
    public List<Integer> offer() {
        if (ended()) {
            throw new IllegalStateException("the elimination ended: " + end.ending());
        }
        return remaining;
    }

    /** The state after the answer to {@link #offer()} was read as {@code r}. Pure. */
    public Elimination next(Reading r) {
        return next(r, false);
    }

    /**
     * The state after the answer to {@link #offer()} was read as {@code r}, on an endpoint that is {@code
     * throttled} or not: an unanswered offer to a throttled endpoint is made again up to {@link
     * #MAX_THROTTLED_REOFFERS} times in a row, without spending the budget, before it ends as unanswered.
     * Pure.
     */
    public Elimination next(Reading r, boolean throttled) {
        Objects.requireNonNull(r, "r");
        if (ended()) {
            throw new IllegalStateException("the elimination ended: " + end.ending());
        }
        int left = budget - 1;
        switch (r.kind()) {
            case PICK -> {
                int suite = r.pick().suite();
                if (!remaining.contains(suite)) {
                    // Negotiation.read only picks offered suites; a stale pick is a caller's bug.
                    throw new IllegalArgumentException("pick: " + suite + " (expected: one of the offered suites)");
                }
                List<Integer> rest = new ArrayList<>(remaining);
                rest.remove(Integer.valueOf(suite));
                List<Pick> found = new ArrayList<>(picks);
                found.add(r.pick());
                Elimination e = new Elimination(version, rest, found, left, 0, null);
                if (rest.isEmpty()) {
                    return e.ending(new End(Ending.EXHAUSTED, null, r.answeredAtNanos(), false));
                }
                return left == 0 ? e.ending(new End(Ending.BUDGET,
                        rest.size() + " suites left to offer", r.answeredAtNanos(), false)) : e;
            }
            case REFUSED -> {
                return withBudget(left).ending(new End(Ending.REFUSED, r.detail(), r.answeredAtNanos(), false));
            }
            case UNANSWERED -> {
                if (throttled && reoffers < MAX_THROTTLED_REOFFERS) {
                    return new Elimination(version, remaining, picks, budget, reoffers + 1, null);
                }
                // The engine retries resets and silences with nothing received; a close it does not.
                boolean again = reoffers == 0 && r.attempts() < 2;
                if (again && left > 0) {
                    return new Elimination(version, remaining, picks, left, 1, null);
                }
                return withBudget(left).ending(new End(again ? Ending.BUDGET : Ending.UNANSWERED, r.detail(),
                        r.answeredAtNanos(), r.silent()));
            }
            case FAILED -> {
                return withBudget(left).ending(new End(Ending.FAILED, r.detail(), r.answeredAtNanos(), false));
            }
            default -> throw new IllegalArgumentException("reading: " + r.kind());
        }
    }

    private Elimination withBudget(int value) {
        return new Elimination(version, remaining, picks, value, reoffers, end);
    }

    private Elimination ending(End value) {
        return new Elimination(version, remaining, picks, budget, reoffers, value);
    }
}
