package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.lab.CannedResponder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An exhaustive enumeration (one hello per suite: hundreds per version) keeps only a window of hellos in the
 * engine for its endpoint, not every one of them at once — and still finds every suite.
 */
class ExhaustiveQueueBoundTest {

    @Test
    void theEngineQueueForOneEndpointStaysWithinTheWindow() throws Exception {
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F, 0xC013, 0x009C, 0x002F).start();
                ScanEngine engine = new ScanEngine(EngineConfig.defaults().withReadTimeout(Duration.ofSeconds(2)))) {
            AtomicInteger mostQueued = new AtomicInteger();
            ProbeContext ctx = new ProbeContext(engine, new InetSocketAddress("127.0.0.1", server.port()), "localhost",
                    (answer, nanos) -> mostQueued.accumulateAndGet(engine.stats().queued() + engine.stats().inFlight(),
                            Math::max));
            SuiteEnumeration found = new CipherSuiteProbe().run(ctx, ProtocolVersion.TLSv1_2, true)
                    .get(120, TimeUnit.SECONDS);
            assertThat(found.run().completed()).isTrue();
            assertThat(found.picks()).extracting(Pick::suite).containsExactlyInAnyOrder(0xC02F, 0xC013, 0x009C, 0x002F);
            assertThat(ctx.hellosSent()).as("one hello per candidate").isGreaterThan(300);
            // The window, plus slots of ended exchanges that the engine gives back just after their answers.
            assertThat(mostQueued.get()).as("hellos queued or in flight for the endpoint")
                    .isLessThanOrEqualTo(2 * CipherSuiteProbe.EXHAUSTIVE_WINDOW);
        }
    }
}
