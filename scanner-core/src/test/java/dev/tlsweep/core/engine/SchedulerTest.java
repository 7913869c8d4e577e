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

    private static Job<Integer> jobOnIp(int ip, int port) {
        InetSocketAddress a = new InetSocketAddress("127.0.0." + (1 + ip), 2000 + port);
        return new Job<>(a, new byte[0], () -> new CountingDecoder(1), 0);
    }

    /**
     * With endpoints on two IPs, random submissions and releases never exceed the per-IP limit,
     * never leave a job waiting while its endpoint and IP both have room and a global slot is free,
     * and start every job exactly once.
     */
    @Property(tries = 200)
    void perIpLimitHoldsAndNoJobIsLost(
            @ForAll @IntRange(min = 1, max = 6) int maxInFlight,
            @ForAll @IntRange(min = 1, max = 3) int maxPerEndpoint,
            @ForAll @IntRange(min = 1, max = 3) int maxPerIp,
            @ForAll("ipOperations") List<Integer> operations) {
        List<Job<?>> running = new ArrayList<>();
        List<Job<?>> started = new ArrayList<>();
        List<Job<?>> waiting = new ArrayList<>();
        Scheduler scheduler = new Scheduler(loopOfNoIo, maxInFlight, maxPerEndpoint, maxPerIp, 0,
                job -> {
                    running.add(job);
                    started.add(job);
                    waiting.remove(job);
                });
        int submitted = 0;
        for (int op : operations) {
            if (op >= 0) {
                Job<Integer> j = jobOnIp(op % 2, op / 2);
                waiting.add(j);
                scheduler.submit(j);
                submitted++;
            } else if (!running.isEmpty()) {
                Job<?> done = running.remove(Math.floorMod(op, running.size()));
                scheduler.release(done.address);
            }
            Map<java.net.InetAddress, Integer> perIp = new HashMap<>();
            Map<InetSocketAddress, Integer> perEndpoint = new HashMap<>();
            running.forEach(j -> perIp.merge(j.address.getAddress(), 1, Integer::sum));
            running.forEach(j -> perEndpoint.merge(j.address, 1, Integer::sum));
            assertThat(perIp.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(maxPerIp));
            assertThat(running.size()).isLessThanOrEqualTo(maxInFlight);
            if (running.size() < maxInFlight) {
                for (Job<?> w : waiting) {
                    boolean endpointFull = perEndpoint.getOrDefault(w.address, 0) >= maxPerEndpoint;
                    boolean ipFull = perIp.getOrDefault(w.address.getAddress(), 0) >= maxPerIp;
                    assertThat(endpointFull || ipFull).as("a runnable job waits").isTrue();
                }
            }
        }
        while (!running.isEmpty()) {
            scheduler.release(running.remove(0).address);
        }
        assertThat(started).hasSize(submitted).doesNotHaveDuplicates();
        assertThat(scheduler.queued()).isZero();
    }

    @Provide
    Arbitrary<List<Integer>> ipOperations() {
        // 0..7: submit to IP (op % 2), port (op / 2); negative: end one of the running attempts.
        return Arbitraries.integers().between(-8, 7).list().ofMaxSize(60);
    }

    @Test
    void theRateLimitHoldsBackStartsUntilTheNextToken() {
        List<Job<?>> started = new ArrayList<>();
        // 10 per second: a burst of one, then one every 100 ms.
        Scheduler scheduler = new Scheduler(loopOfNoIo, 100, 100, 100, 10, started::add);
        scheduler.submit(job(0));
        scheduler.submit(job(1));
        scheduler.submit(job(2));
        assertThat(started).hasSize(1);
        assertThat(scheduler.queued()).isEqualTo(2);
    }
}
