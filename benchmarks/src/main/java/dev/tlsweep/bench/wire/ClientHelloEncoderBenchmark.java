package dev.tlsweep.bench.wire;

import dev.tlsweep.bench.BenchmarkBase;
import dev.tlsweep.core.wire.ClientHelloEncoder;
import dev.tlsweep.core.wire.ClientHelloSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Cost of encoding one ClientHello, as the probes build one per connection. */
@State(Scope.Thread)
public class ClientHelloEncoderBenchmark extends BenchmarkBase {

    /** Suites offered: one (exhaustive mode), a typical elimination bundle, the 1.3 hello. */
    @Param({"1", "100"})
    public int suites;

    private ClientHelloSpec tls12;
    private ClientHelloSpec tls13;

    @Setup
    public void setUp() {
        int[] codes = IntStream.range(0, suites).map(i -> 0xC000 + i).toArray();
        tls12 = ClientHelloSpec.builder().legacyVersion(0x0303).cipherSuites(codes).serverName("www.example.com")
                .supportedGroups(0x001D, 0x0017, 0x0018, 0x0019).ecPointFormats(true)
                .signatureAlgorithms(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201)
                .renegotiationInfo(true).alpn("h2", "http/1.1").statusRequest(true).extendedMasterSecret(true)
                .sessionTicket(true).padding(true).supportedVersions().keyShares().pskKeyExchangeModes(false).build();
        tls13 = tls12.toBuilder().cipherSuites(0x1301, 0x1302, 0x1303).supportedVersions(0x0304)
                .keyShares(0x001D).pskKeyExchangeModes(true).build();
    }

    @Benchmark
    public byte[] tls12Bytes() {
        return ClientHelloEncoder.encode(tls12);
    }

    @Benchmark
    public int tls12PooledBuffer() {
        ByteBuf b = ClientHelloEncoder.encode(tls12, PooledByteBufAllocator.DEFAULT);
        int n = b.readableBytes();
        b.release();
        return n;
    }

    @Benchmark
    public byte[] tls13Bytes() {
        return ClientHelloEncoder.encode(tls13);
    }
}
