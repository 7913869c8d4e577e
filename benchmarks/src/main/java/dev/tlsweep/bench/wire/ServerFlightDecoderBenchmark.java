package dev.tlsweep.bench.wire;

import dev.tlsweep.bench.BenchmarkBase;
import dev.tlsweep.core.wire.ClientHelloEncoder;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.KeyExchangeKind;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import dev.tlsweep.lab.CannedResponder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of decoding a server's first flight. The flights are captured once at set-up from the lab's
 * canned responder on loopback: a TLS 1.2 flight (ServerHello, Certificate chain of two, ECDHE
 * ServerKeyExchange, ServerHelloDone) and a TLS 1.3 ServerHello with its encrypted records.
 */
@State(Scope.Thread)
public class ServerFlightDecoderBenchmark extends BenchmarkBase {

    private byte[] tls12Flight;
    private byte[] tls13Flight;

    @Setup
    public void capture() throws Exception {
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F).version(0x0304, 0x1301)
                .start()) {
            ClientHelloSpec hello12 = ClientHelloSpec.builder().legacyVersion(0x0303).cipherSuites(0xC02F)
                    .supportedGroups(0x001D, 0x0017).ecPointFormats(true).signatureAlgorithms(0x0804, 0x0401)
                    .supportedVersions().keyShares().pskKeyExchangeModes(false).build();
            ClientHelloSpec hello13 = ClientHelloSpec.builder().legacyVersion(0x0303).cipherSuites(0x1301)
                    .supportedGroups(0x001D).signatureAlgorithms(0x0804).supportedVersions(0x0304)
                    .keyShares(0x001D).build();
            tls12Flight = exchange(server.port(), ClientHelloEncoder.encode(hello12));
            tls13Flight = exchange(server.port(), ClientHelloEncoder.encode(hello13));
        }
        if (decode(tls12Flight).serverHello() == null || decode(tls13Flight).serverHello() == null) {
            throw new IllegalStateException("captured flights do not decode");
        }
    }

    @Benchmark
    public ServerFlight tls12() {
        return decode(tls12Flight);
    }

    @Benchmark
    public ServerFlight tls13() {
        return decode(tls13Flight);
    }

    private static ServerFlight decode(byte[] flight) {
        ServerFlightDecoder d = new ServerFlightDecoder(256 * 1024, ServerFlightDecoderBenchmark::ecdhe);
        ByteBuf in = Unpooled.wrappedBuffer(flight);
        d.offer(in);
        return d.result();
    }

    private static KeyExchangeKind ecdhe(int suite) {
        return suite == 0xC02F ? KeyExchangeKind.ECDHE : KeyExchangeKind.NONE;
    }

    private static byte[] exchange(int port, byte[] hello) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(500);
            s.getOutputStream().write(hello);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; got.size() < 64 * 1024 && (n = in.read(buf)) > 0;) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // the responder never finishes a handshake: the flight is whatever came within the timeout
            }
            return got.toByteArray();
        }
    }
}
