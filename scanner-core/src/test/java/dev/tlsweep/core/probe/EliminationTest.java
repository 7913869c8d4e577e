package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.ProbeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The elimination and preference steps as pure functions, fed canned answers: no network. Each scenario is a
 * "server" — a function from the offer to a reading — driven until the elimination ends.
 */
class EliminationTest {

    private static final ProtocolVersion V = ProtocolVersion.TLSv1_2;

    /** Drives an elimination against a canned server; returns the end state and the offers made. */
    private static Elimination run(Elimination e, Function<List<Integer>, Reading> server, List<List<Integer>> offers) {
        while (!e.ended()) {
            offers.add(e.offer());
            e = e.next(server.apply(e.offer()));
        }
        return e;
    }

    /** A server with a preference order: it picks the first of its order that is offered, or refuses. */
    private static Function<List<Integer>, Reading> ordered(List<Integer> order) {
        return offer -> order.stream().filter(offer::contains).findFirst()
                .map(s -> Reading.picked(new Pick(s, null)))
                .orElse(Reading.of(Reading.Kind.REFUSED, "handshake_failure", 0, 1));
    }

    @Test
    void picksEverySuiteInTheServersOrderThenEndsOnItsRefusal() {
        List<List<Integer>> offers = new ArrayList<>();
        Elimination e = run(Elimination.start(V, List.of(1, 2, 3, 4, 5)), ordered(List.of(4, 2, 9)), offers);
        assertThat(e.picks()).extracting(Pick::suite).containsExactly(4, 2);
        assertThat(e.end().ending()).isEqualTo(Elimination.Ending.REFUSED);
        assertThat(offers).containsExactly(List.of(1, 2, 3, 4, 5), List.of(1, 2, 3, 5), List.of(1, 3, 5));
        assertThat(Completion.run(List.of(e), false, 1, 3).status()).isEqualTo(ProbeStatus.COMPLETED);
    }

    @Test
    void everySuiteAcceptedEndsExhaustedWithoutAFinalRefusal() {
        List<List<Integer>> offers = new ArrayList<>();
        Elimination e = run(Elimination.start(V, List.of(1, 2)), ordered(List.of(2, 1)), offers);
        assertThat(e.end().ending()).isEqualTo(Elimination.Ending.EXHAUSTED);
        assertThat(offers).hasSize(2);
    }

    @Test
    void aRefusalMidwayKeepsWhatWasFoundAndCompletes() {
        // The server picks 3, then refuses although 1 is in its list: what it did is what it said.
        Function<List<Integer>, Reading> server = offer -> offer.contains(3)
                ? Reading.picked(new Pick(3, null)) : Reading.of(Reading.Kind.REFUSED, "alert", 0, 1);
        Elimination e = run(Elimination.start(V, List.of(1, 2, 3)), server, new ArrayList<>());
        assertThat(e.picks()).extracting(Pick::suite).containsExactly(3);
        assertThat(e.remaining()).containsExactly(1, 2);
        assertThat(e.end().ending()).isEqualTo(Elimination.Ending.REFUSED);
    }

    @Test
    void aCloseWithoutAnswerIsOfferedOnceMoreThenNeedsAConfirmation() {
        List<List<Integer>> offers = new ArrayList<>();
        Elimination e = run(Elimination.start(V, List.of(1, 2)), offer -> offer.contains(1) && offer.size() == 2
                ? Reading.picked(new Pick(1, null)) : Reading.of(Reading.Kind.UNANSWERED, "closed", 77, 1), offers);
        assertThat(offers).containsExactly(List.of(1, 2), List.of(2), List.of(2));
        assertThat(e.end().ending()).isEqualTo(Elimination.Ending.UNANSWERED);
        assertThat(Completion.confirmationAfter(List.of(e))).hasValue(77);
        assertThat(Completion.run(List.of(e), true, 1, 3).status()).isEqualTo(ProbeStatus.COMPLETED);
        assertThat(Completion.run(List.of(e), false, 1, 3).status()).isEqualTo(ProbeStatus.INCOMPLETE);
        assertThat(Completion.run(List.of(e), false, 1, 3).error())
                .contains("closed").contains("rate limiter");
    }

    @Test
    void aResetTheEngineAlreadyRetriedIsNotOfferedAgain() {
        List<List<Integer>> offers = new ArrayList<>();
        Elimination e = run(Elimination.start(V, List.of(1)), offer -> Reading.of(Reading.Kind.UNANSWERED, "reset", 5, 2),
                offers);
        assertThat(offers).hasSize(1);
        assertThat(e.end().ending()).isEqualTo(Elimination.Ending.UNANSWERED);
    }

    @Test
    void anUnansweredOfferThatIsAnsweredTheSecondTimeGoesOn() {
        int[] calls = {0};
        Elimination e = run(Elimination.start(V, List.of(1, 2)), offer -> calls[0]++ == 0
                ? Reading.of(Reading.Kind.UNANSWERED, "closed", 1, 1) : ordered(List.of(2, 1)).apply(offer),
                new ArrayList<>());
        assertThat(e.picks()).extracting(Pick::suite).containsExactly(2, 1);
        assertThat(e.end().ending()).isEqualTo(Elimination.Ending.EXHAUSTED);
    }

    @Test
    void aFailureEndsItAndMakesTheVersionIncomplete() {
        Elimination e = run(Elimination.start(V, List.of(1, 2)), offer -> offer.size() == 2
                ? Reading.picked(new Pick(2, null)) : Reading.of(Reading.Kind.FAILED, "connection refused", 0, 1),
                new ArrayList<>());
        assertThat(e.picks()).extracting(Pick::suite).containsExactly(2);
        assertThat(e.end().ending()).isEqualTo(Elimination.Ending.FAILED);
        assertThat(Completion.run(List.of(e), true, 1, 2).status()).isEqualTo(ProbeStatus.INCOMPLETE);
    }

    @Test
    void theBudgetBoundsTheHellosWhateverTheServerDoes() {
        List<List<Integer>> offers = new ArrayList<>();
        Elimination e = run(Elimination.start(V, List.of(1, 2, 3, 4), 2), ordered(List.of(1, 2, 3, 4)), offers);
        assertThat(offers).hasSize(2);
        assertThat(e.end().ending()).isEqualTo(Elimination.Ending.BUDGET);
        assertThat(e.remaining()).containsExactly(3, 4);
        assertThat(Completion.run(List.of(e), true, 1, 2).error()).contains("budget");
        // The default budget: one hello per suite, one for the refusal, one re-offer.
        assertThat(Elimination.start(V, List.of(1, 2, 3)).budget()).isEqualTo(5);
        assertThat(Elimination.start(V, List.of()).end().ending()).isEqualTo(Elimination.Ending.EXHAUSTED);
    }

    @Test
    void aPickThatWasNotOfferedIsACallersBug() {
        assertThatThrownBy(() -> Elimination.start(V, List.of(1)).next(Reading.picked(new Pick(9, null))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneIncompleteBundleMakesTheVersionIncompleteEvenWhenOthersCompleted() {
        Elimination done = run(Elimination.start(V, List.of(1)), ordered(List.of(1)), new ArrayList<>());
        Elimination cut = run(Elimination.start(V, List.of(2)), o -> Reading.of(Reading.Kind.UNANSWERED, "reset", 9, 2),
                new ArrayList<>());
        assertThat(Completion.run(List.of(done, cut), false, 1, 3).status()).isEqualTo(ProbeStatus.INCOMPLETE);
        assertThat(Completion.run(List.of(done, cut), true, 1, 3).status()).isEqualTo(ProbeStatus.COMPLETED);
    }

    // ---- preference ----

    private static Reading pick(int s) {
        return Reading.picked(new Pick(s, null));
    }

    @Test
    void theFirstOfEachOfferMeansClientOrder() {
        assertThat(Preference.judge(List.of(1, 2, 3), pick(1), pick(3), false).verdict())
                .isEqualTo(Preference.Verdict.CLIENT);
    }

    @Test
    void theSamePickBothTimesMeansServerOrderAndOneBundleAlreadyHasIt() {
        assertThat(Preference.judge(List.of(1, 2, 3), pick(1), pick(1), true).verdict())
                .isEqualTo(Preference.Verdict.SERVER);
        assertThat(Preference.judge(List.of(1, 2, 3), pick(1), pick(1), false).verdict())
                .isEqualTo(Preference.Verdict.SERVER_WALK);
    }

    @Test
    void equalPreferenceGroupsAreServerOrderWithANoteAndAWalk() {
        // BoringSSL's [A|B] groups: within a group the client's order wins, so the reversed offer gets B.
        Preference.Decision d = Preference.judge(List.of(1, 2, 3), pick(1), pick(2), true);
        assertThat(d.verdict()).isEqualTo(Preference.Verdict.SERVER_WALK);
        assertThat(d.note()).contains("equal-preference");
        // The walk over the accepted suites against a server whose order is 2, 1, 3.
        Elimination walk = run(Elimination.start(V, List.of(1, 2, 3), 2), ordered(List.of(2, 1, 3)), new ArrayList<>());
        assertThat(Preference.walkComplete(walk)).isTrue();
        assertThat(Preference.order(walk)).containsExactly(2, 1, 3);
    }

    @Test
    void aRefusedPreferenceOfferIsUndeterminedAndAnUnansweredOneIsIncomplete() {
        assertThat(Preference.judge(List.of(1, 2), pick(1), Reading.of(Reading.Kind.REFUSED, "alert", 0, 1), false)
                .verdict()).isEqualTo(Preference.Verdict.UNDETERMINED);
        assertThat(Preference.judge(List.of(1, 2), pick(1), Reading.of(Reading.Kind.UNANSWERED, "reset", 0, 2), false)
                .verdict()).isEqualTo(Preference.Verdict.UNANSWERED);
    }

    @Test
    void aWalkCutShortIsNotComplete() {
        Elimination walk = run(Elimination.start(V, List.of(1, 2, 3), 2), offer -> offer.size() == 3
                ? pick(2) : Reading.of(Reading.Kind.UNANSWERED, "reset", 0, 2), new ArrayList<>());
        assertThat(Preference.walkComplete(walk)).isFalse();
        assertThat(Preference.order(walk)).containsExactly(2, 1, 3);
    }
}
