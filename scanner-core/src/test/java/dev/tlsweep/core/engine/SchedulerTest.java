package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Admission rules of the scheduler, without any network. */
class SchedulerTest {

  private final EventLoop loopOfNoIo = new EmbeddedChannel().eventLoop();

  private static InetSocketAddress endpoint(int i) {
    return new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 1000 + i);
  }

  private static Job<Integer> job(int endpoint) {
    return new Job<>(endpoint(endpoint), new byte[0], () -> new CountingDecoder(1), 0);
  }

  /**
   * Random interleavings of submissions and releases never exceed either limit, never leave a job
   * waiting while it could run, and start every job exactly once.
   */
  @Property(tries = 200)
  void limitsHoldAndNoJobIsLost(
      @ForAll @IntRange(min = 1, max = 5) int maxInFlight,
      @ForAll @IntRange(min = 1, max = 3) int maxPerEndpoint,
      @ForAll("operations") List<Integer> operations) {
    List<Job<?>> running = new ArrayList<>();
    List<Job<?>> started = new ArrayList<>();
    Scheduler scheduler = new Scheduler(loopOfNoIo, maxInFlight, maxPerEndpoint, job -> {
      running.add(job);
      started.add(job);
    });
    int submitted = 0;
    for (int op : operations) {
      if (op >= 0) {
        scheduler.submit(job(op));
        submitted++;
      } else if (!running.isEmpty()) {
        Job<?> done = running.remove(Math.floorMod(op, running.size()));
        scheduler.release(done.address);
      }
      checkInvariants(scheduler, running, maxInFlight, maxPerEndpoint);
    }
    while (!running.isEmpty()) {
      scheduler.release(running.remove(0).address);
      checkInvariants(scheduler, running, maxInFlight, maxPerEndpoint);
    }
    assertThat(started).hasSize(submitted).doesNotHaveDuplicates();
    assertThat(scheduler.inFlight()).isZero();
    assertThat(scheduler.queued()).isZero();
  }

  private static void checkInvariants(Scheduler scheduler, List<Job<?>> running, int maxInFlight,
      int maxPerEndpoint) {
    Map<InetSocketAddress, Integer> perEndpoint = new HashMap<>();
    running.forEach(j -> perEndpoint.merge(j.address, 1, Integer::sum));
    assertThat(running.size()).isEqualTo(scheduler.inFlight()).isLessThanOrEqualTo(maxInFlight);
    assertThat(perEndpoint.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(maxPerEndpoint));
    if (scheduler.queued() > 0 && running.size() < maxInFlight) {
      // Work-conserving: a job waits with a global slot free only if its endpoint is full.
      assertThat(perEndpoint.values()).contains(maxPerEndpoint);
    }
  }

  @Provide
  Arbitrary<List<Integer>> operations() {
    // Non-negative: submit a job to that endpoint; negative: end one of the running attempts.
    return Arbitraries.integers().between(-6, 3).list().ofMaxSize(60);
  }

  @Test
  void endpointsTakeTurns() {
    List<Job<?>> started = new ArrayList<>();
    Scheduler scheduler = new Scheduler(loopOfNoIo, 1, 8, started::add);
    Job<Integer> blocker = job(9);
    scheduler.submit(blocker);
    List<Job<?>> busy = List.of(job(0), job(0), job(0));
    busy.forEach(scheduler::submit);
    Job<Integer> other = job(1);
    scheduler.submit(other);

    scheduler.release(blocker.address);
    scheduler.release(busy.get(0).address);

    assertThat(started).containsExactly(blocker, busy.get(0), other);
  }

  @Test
  void cancelledJobsGiveUpTheirPlace() {
    List<Job<?>> started = new ArrayList<>();
    Scheduler scheduler = new Scheduler(loopOfNoIo, 1, 8, started::add);
    Job<Integer> first = job(0);
    Job<Integer> cancelled = job(0);
    Job<Integer> last = job(0);
    scheduler.submit(first);
    scheduler.submit(cancelled);
    scheduler.submit(last);
    cancelled.future.cancel(false);

    scheduler.release(first.address);

    assertThat(started).containsExactly(first, last);
    assertThat(scheduler.queued()).isZero();
  }

  @Test
  void shutDownReturnsWaitingJobsAndRefusesNewOnes() {
    List<Job<?>> started = new ArrayList<>();
    Scheduler scheduler = new Scheduler(loopOfNoIo, 1, 8, started::add);
    Job<Integer> running = job(0);
    Job<Integer> waiting = job(1);
    scheduler.submit(running);
    scheduler.submit(waiting);

    assertThat(scheduler.shutDown()).containsExactly(waiting);
    assertThat(scheduler.submit(job(2))).isFalse();
    scheduler.release(running.address);
    assertThat(started).containsExactly(running);
  }
}
