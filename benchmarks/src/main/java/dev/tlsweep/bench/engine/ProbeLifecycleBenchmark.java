package dev.tlsweep.bench.engine;

import dev.tlsweep.bench.BenchmarkBase;
import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.probe.ConnectivityHello;
import dev.tlsweep.core.probe.HelloAnswer;
import dev.tlsweep.core.probe.ProbeContext;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.lab.CannedResponder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One probe's whole life over loopback, as the engine runs it: a ClientHello encoded, admitted by the scheduler, a
 * connection opened on an event loop, the hello written, the server's first flight read and decoded (a TLS 1.3 one
 * decrypted as far as it goes), the connection closed with RST, the answer handed back — against a
 * {@link CannedResponder} in this JVM (TLS 1.2 and 1.3; one event-loop thread), so the time per operation includes
 * the responder's work and both ends' kernel work. {@code *Single}: one probe at a time (latency);
 * {@code *Concurrent}: 64 at once (what the engine costs per probe when it is busy).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ProbeLifecycleBenchmark
 * </pre>
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ProbeLifecycleBenchmark extends BenchmarkBase {

    private static final int CONCURRENT = 64;

    private CannedResponder responder;
    private ScanEngine engine;
    private ProbeContext ctx;
    private ClientHelloSpec tls12;
    private ClientHelloSpec tls13;

    @Setup(Level.Trial)
    public void start() {
        responder = CannedResponder.builder()
                .version(0x0303, 0xC02F, 0xC030, 0x009C)
                .version(0x0304, 0x1301, 0x1302)
                .start();
        engine = new ScanEngine(EngineConfig.defaults().withMaxPerEndpoint(CONCURRENT));
        ctx = new ProbeContext(engine, responder.address(), null);
        tls12 = ConnectivityHello.tls12(null);
        tls13 = ConnectivityHello.build(null);
    }

    @TearDown(Level.Trial)
    public void stop() {
        engine.close();
        responder.close();
    }

    @Benchmark
    public HelloAnswer tls12Single() {
        return ctx.send(tls12).join();
    }

    @Benchmark
    public HelloAnswer tls13Single() {
        return ctx.send(tls13).join();
    }

    @Benchmark
    @OperationsPerInvocation(CONCURRENT)
    public Object tls12Concurrent() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[CONCURRENT];
        for (int i = 0; i < CONCURRENT; i++) {
            all[i] = ctx.send(tls12);
        }
        return CompletableFuture.allOf(all).join();
    }
}
