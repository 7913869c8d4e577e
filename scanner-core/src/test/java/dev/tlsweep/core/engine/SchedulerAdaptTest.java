package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the scheduler's limits adapt to what attempts report: throttled addresses, descriptor shortages. */
class SchedulerAdaptTest {

    private final EventLoop loopOfNoIo = new EmbeddedChannel().eventLoop();

    private static InetSocketAddress endpoint(int i) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 2000 + i);
    }

    private static Job<Integer> job(int endpoint) {
        return new Job<>(endpoint(endpoint), new byte[0], () -> new CountingDecoder(1), 0);
    }

    @Test
    void anAddressAnsweredOnlyWhenRetriedGetsAWindowAndSpacedStarts() {
        List<Job<?>> started = new ArrayList<>();
        Scheduler s = new Scheduler(loopOfNoIo, 100, 8, Integer.MAX_VALUE, 0, started::add);
        InetAddress ip = endpoint(0).getAddress();
        for (int i = 0; i < 8; i++) {
            s.submit(job(0));
        }
        assertThat(started).hasSize(8);
        assertThat(s.throttled(ip)).isFalse();
        s.release(endpoint(0), Scheduler.Signal.ANSWERED_AFTER_UNANSWERED);
        assertThat(s.throttled(ip)).isTrue();
        Scheduler.Throttle t = s.throttleOf(ip);
        assertThat(t.window).as("half the connections that were open").isEqualTo(4.0);
        assertThat(t.intervalNanos).isEqualTo(Scheduler.MIN_INTERVAL_NANOS);
        for (int i = 0; i < 4; i++) {
            s.submit(job(0));
        }
        assertThat(started).as("7 open, window 4: nothing starts").hasSize(8);
        for (int i = 0; i < 4; i++) {
            s.release(endpoint(0));
        }
        assertThat(started).as("below the window: one starts, the next waits for the interval").hasSize(9);
        assertThat(s.queued()).isEqualTo(3);
    }

    @Test
    void answersWidenAThrottledWindowAndSpeedItUpUnansweredConnectionsNarrowIt() {
        List<Job<?>> started = new ArrayList<>();
        Scheduler s = new Scheduler(loopOfNoIo, 100, 8, Integer.MAX_VALUE, 0, started::add);
        InetAddress ip = endpoint(0).getAddress();
        s.throttle(ip);
        Scheduler.Throttle t = s.throttleOf(ip);
        assertThat(t.window).isEqualTo(1.0);
        long first = t.intervalNanos;
        s.submit(job(0));
        s.release(endpoint(0), Scheduler.Signal.ANSWERED);
        assertThat(t.window).isEqualTo(2.0);
        assertThat(t.intervalNanos).isLessThan(first);
        t.lastDecreaseNanos = System.nanoTime() - Scheduler.MAX_INTERVAL_NANOS; // the last loss was long ago
        long before = t.intervalNanos;
        t.nextStartNanos = System.nanoTime() - 1; // the spacing has passed
        s.submit(job(0));
        s.release(endpoint(0), Scheduler.Signal.UNANSWERED);
        assertThat(t.window).isEqualTo(1.0);
        assertThat(t.intervalNanos).isEqualTo(Math.max(Scheduler.MIN_INTERVAL_NANOS, before * 2));
        t.nextStartNanos = System.nanoTime() - 1;
        s.submit(job(0));
        s.release(endpoint(0), Scheduler.Signal.UNANSWERED);
        assertThat(t.intervalNanos).as("one loss per interval: the same burst does not count twice")
                .isEqualTo(Math.max(Scheduler.MIN_INTERVAL_NANOS, before * 2));
    }

    @Test
    void healthyAddressesAreNeverThrottled() {
        List<Job<?>> started = new ArrayList<>();
        Scheduler s = new Scheduler(loopOfNoIo, 100, 8, Integer.MAX_VALUE, 0, started::add);
        for (int i = 0; i < 50; i++) {
            s.submit(job(0));
            s.release(endpoint(0), i % 3 == 0 ? Scheduler.Signal.UNANSWERED : Scheduler.Signal.ANSWERED);
        }
        assertThat(s.throttled(endpoint(0).getAddress())).isFalse();
        assertThat(started).hasSize(50);
    }

    @Test
    void aDescriptorShortageLowersTheGlobalLimitBelowWhatIsInFlight() {
        List<Job<?>> started = new ArrayList<>();
        Scheduler s = new Scheduler(loopOfNoIo, 100, 100, started::add);
        for (int i = 0; i < 20; i++) {
            s.submit(job(i));
        }
        assertThat(started).hasSize(20);
        s.release(endpoint(0), Scheduler.Signal.NO_DESCRIPTOR);
        assertThat(s.limit()).isEqualTo(17);
        assertThat(s.inFlight()).isEqualTo(19);
        for (int i = 0; i < 5; i++) {
            s.submit(job(100 + i));
        }
        assertThat(started).as("19 open, limit 17: nothing starts").hasSize(20);
        s.release(endpoint(1));
        s.release(endpoint(2));
        assertThat(started).hasSize(20);
        s.release(endpoint(3));
        assertThat(started).as("16 open: one starts").hasSize(21);
    }
}
