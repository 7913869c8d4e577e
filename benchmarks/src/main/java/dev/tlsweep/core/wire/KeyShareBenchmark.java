package dev.tlsweep.core.wire;

import dev.tlsweep.bench.BenchmarkBase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What a fresh client key share would cost per hello: the reason {@link KeyShares} makes one key pair per group per
 * process instead. In scanner-core's package because key generation is not public API.
 */
@State(Scope.Thread)
public class KeyShareBenchmark extends BenchmarkBase {

    /** x25519, P-256, P-384, P-521, x448, ffdhe2048, ffdhe8192, X25519MLKEM768 (hex code points). */
    @Param({"001D", "0017", "0018", "0019", "001E", "0100", "0104", "11EC"})
    public String group;

    @Benchmark
    public KeyShare generate() {
        return KeyShares.generate(Integer.parseInt(group, 16));
    }
}
