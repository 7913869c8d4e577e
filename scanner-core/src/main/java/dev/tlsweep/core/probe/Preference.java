package dev.tlsweep.core.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The judgement of a server's cipher-suite preference from the answers to a forward and a reversed
 * offer of the suites it accepted, and the order that follows from a walk. Pure.
 */
final class Preference {

    /** What the two offers say. */
    enum Verdict {
        /** Each offer got its own first suite: the server follows the client's order. */
        CLIENT,
        /** The same pick both times, and the elimination's pick order is already the server's. */
        SERVER,
        /** The server decides (wholly or in part); its order needs a walk over the accepted suites. */
        SERVER_WALK,
        /** The server refused an offer of suites it had accepted: no verdict, but the probe completed. */
        UNDETERMINED,
        /** An offer went unanswered or failed: no verdict, and the version is incomplete. */
        UNANSWERED
    }

    /**
     * A decision.
     *
     * @param verdict what the answers say
     * @param note    a remark on it, or {@code null}
     */
    record Decision(Verdict verdict, String note) {

        Decision {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    static final String PARTIAL_NOTE = "the server's pick depends partly on the client's order"
            + " (equal-preference groups or ChaCha20 prioritisation)";

    private Preference() {
    }

    /**
     * Judges the answers to the forward offer of {@code order} and to the reversed offer.
     *
     * @param order        the accepted suites in the order found (at least two)
     * @param forward      the reading of the forward offer
     * @param backward     the reading of the reversed offer
     * @param singleBundle whether one elimination found every suite: its pick order is then the server's
     *                     order when the server decides
     */
    static Decision judge(List<Integer> order, Reading forward, Reading backward, boolean singleBundle) {
        if (order.size() < 2) {
            throw new IllegalArgumentException("order: " + order + " (expected: at least two suites)");
        }
        for (Reading r : List.of(forward, backward)) {
            if (r.kind() == Reading.Kind.UNANSWERED || r.kind() == Reading.Kind.FAILED) {
                return new Decision(Verdict.UNANSWERED, "server preference undetermined: an offer of accepted suites"
                        + " got no usable answer (" + r.detail() + ")");
            }
        }
        if (forward.kind() != Reading.Kind.PICK || backward.kind() != Reading.Kind.PICK) {
            return new Decision(Verdict.UNDETERMINED,
                    "undetermined: the server refused an offer of suites it had accepted");
        }
        int f = forward.pick().suite();
        int b = backward.pick().suite();
        if (f == order.get(0) && b == order.get(order.size() - 1)) {
            return new Decision(Verdict.CLIENT, null);
        }
        String note = f == b ? null : PARTIAL_NOTE;
        if (singleBundle && note == null) {
            return new Decision(Verdict.SERVER, null);
        }
        return new Decision(Verdict.SERVER_WALK, note);
    }

    /**
     * The server's order from a walk (an elimination over the accepted suites, with a budget of one hello
     * fewer than suites: the last suite needs no offer): its picks, then whatever it did not pick in the
     * order found.
     */
    static List<Integer> order(Elimination walk) {
        List<Integer> out = new ArrayList<>();
        walk.picks().forEach(p -> out.add(p.suite()));
        out.addAll(walk.remaining());
        return out;
    }

    /** Whether a walk ended as a walk should: every suite placed, or one left for the last place. */
    static boolean walkComplete(Elimination walk) {
        return walk.end().ending() == Elimination.Ending.EXHAUSTED
                || (walk.end().ending() == Elimination.Ending.BUDGET && walk.remaining().size() <= 1);
    }
}
