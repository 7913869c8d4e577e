package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.registry.ClientProfile;
import dev.tlsweep.core.registry.ClientProfiles;
import dev.tlsweep.core.report.ClientResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A simulated client follows at most one HelloRetryRequest, as real clients do (RFC 8446, 4.1.4): a
 * load-balancer pool whose backends ask for different groups must not make it retry forever.
 */
class ClientSimulationHrrTest {

    private static final int[] HRR_RANDOM = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02,
        0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8,
        0x33, 0x9C};

    @Test
    void alternatingHelloRetryRequestsEndAfterOneRetry() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                // Bounded: at most 20 connections, each answered with an HRR for the other backend's group.
                while (connections.get() < 20 && !server.isClosed()) {
                    try (Socket s = server.accept()) {
                        int n = connections.incrementAndGet();
                        s.getInputStream().read(new byte[8192]);
                        s.getOutputStream().write(helloRetryRequest(n % 2 == 1 ? 0x0017 : 0x001D));
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (ScanEngine engine = new ScanEngine(EngineConfig.defaults().withMaxRetries(0))) {
                ProbeContext ctx = new ProbeContext(engine,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), "localhost");
                ClientProfile java17 = ClientProfiles.byId("java-17").orElseThrow();
                ClientResult r = new ClientSimulationProbe().run(ctx, java17).get(30, TimeUnit.SECONDS);
                assertThat(r.connected()).isFalse();
                assertThat(ctx.hellosSent()).isLessThanOrEqualTo(2);
            }
        }
    }

    /** A TLS 1.3 HelloRetryRequest selecting TLS_AES_128_GCM_SHA256 and asking for {@code group}. */
    private static byte[] helloRetryRequest(int group) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(3);
        for (int b : HRR_RANDOM) {
            body.write(b);
        }
        body.write(0); // empty session id
        body.write(0x13);
        body.write(0x01);
        body.write(0); // compression
        byte[] ext = {0x00, 0x2b, 0x00, 0x02, 0x03, 0x04, 0x00, 0x33, 0x00, 0x02, (byte) (group >> 8), (byte) group};
        body.write(0);
        body.write(ext.length);
        body.write(ext, 0, ext.length);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        int length = b.length + 4;
        record.write(0x16);
        record.write(3);
        record.write(3);
        record.write(length >> 8);
        record.write(length);
        record.write(2);
        record.write(0);
        record.write(b.length >> 8);
        record.write(b.length);
        record.write(b, 0, b.length);
        return record.toByteArray();
    }
}
