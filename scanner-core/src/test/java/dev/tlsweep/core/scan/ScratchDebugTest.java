package dev.tlsweep.core.scan;

import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.HostileFront;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScratchDebugTest {
    @Test
    void run() throws Exception {
        String kind = System.getProperty("scratch.kind", "reset");
        try (CannedResponder s = CannedResponder.builder()
                .version(0x0301, 0xC013, 0x002F)
                .version(0x0303, 0xC02F, 0xC013, 0x009C, 0x002F)
                .version(0x0304, 0x1301, 0x1302)
                .serverPreference(true).start();
                HostileFront front = HostileFront.start(new InetSocketAddress("127.0.0.1", s.port()),
                        kind.equals("reset") ? HostileFront.Behaviour.resetAfter(3) : HostileFront.Behaviour.rateLimit(4));
                ScanEngine engine = new ScanEngine(Scans.fastConfig())) {
            long t0 = System.nanoTime();
            EndpointReport r = new Scanner(engine, ScanOptions.defaults().withEndpointTimeout(Duration.ofSeconds(20)))
                    .scan(new Target("x", "127.0.0.1", front.port(), "localhost")).get(60, TimeUnit.SECONDS);
            System.out.println("SCRATCH took " + (System.nanoTime() - t0) / 1_000_000 + " ms front " + front.accepted()
                    + " fwd " + front.forwarded() + " reset " + front.reset());
            System.out.println("SCRATCH " + r.status() + " " + r.error());
            r.protocols().forEach(p -> System.out.println("SCRATCH " + p.version() + " " + p.run() + " " + p.accepted()));
            System.out.println("SCRATCH stats " + engine.stats());
        }
    }
}
