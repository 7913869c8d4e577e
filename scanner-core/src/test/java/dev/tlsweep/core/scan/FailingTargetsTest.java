package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedResponder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: a target that refuses, times out, speaks plain HTTP, or answers with garbage gets its
 * status and a clear error, and the other targets of the same run are scanned normally.
 */
class FailingTargetsTest {

    @Test
    void eachFailureIsAResultAndTheGoodTargetIsScanned() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RawServer silent = new RawServer(sock -> sleepQuietly(5_000));
                RawServer http = new RawServer(sock -> answer(sock,
                        "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                RawServer garbage = new RawServer(sock -> answer(sock, randomBytes()));
                CannedResponder good = CannedResponder.builder().version(0x0303, 0xC02F).start();
                ScanEngine engine = new ScanEngine(Scans.fastConfig())) {
            Scanner scanner = new Scanner(engine, ScanOptions.defaults());
            List<Target> targets = List.of(target("refused", closedPort), target("silent", silent.port()),
                    target("http", http.port()), target("garbage", garbage.port()), target("good", good.port()),
                    new Target("nowhere.invalid", "nowhere.invalid", 443, "nowhere.invalid"));
            List<CompletableFuture<EndpointReport>> running = new ArrayList<>();
            targets.forEach(t -> running.add(scanner.scan(t)));
            List<EndpointReport> reports = new ArrayList<>();
            for (CompletableFuture<EndpointReport> f : running) {
                reports.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(reports.get(0).status()).isEqualTo(ScanStatus.REFUSED);
            assertThat(reports.get(0).error()).contains("connection refused");
            assertThat(reports.get(1).status()).isEqualTo(ScanStatus.TIMEOUT);
            assertThat(reports.get(1).error()).contains("no answer");
            assertThat(reports.get(2).status()).isEqualTo(ScanStatus.NOT_TLS);
            assertThat(reports.get(2).error()).contains("HTTP/1.1 400 Bad Request");
            assertThat(reports.get(3).status()).isEqualTo(ScanStatus.NOT_TLS);
            assertThat(reports.get(3).error()).startsWith("not TLS");
            assertThat(reports.get(4).status()).isEqualTo(ScanStatus.OK);
            assertThat(Scans.codesByVersion(reports.get(4)).values()).containsExactly(List.of(0xC02F));
            assertThat(reports.get(5).status()).isEqualTo(ScanStatus.DNS_ERROR);
            assertThat(reports.get(5).error()).contains("nowhere.invalid");
            for (EndpointReport r : reports) {
                assertThat(r.target()).isNotEmpty();
            }
        }
    }

    private static Target target(String name, int port) {
        return new Target(name, "127.0.0.1", port, null);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[300];
        new Random(7).nextBytes(b);
        b[0] = 0x42; // never a TLS content type
        return b;
    }

    private static void answer(Socket s, byte[] bytes) {
        try {
            InputStream in = s.getInputStream();
            in.read(new byte[4096]);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            sleepQuietly(200);
        } catch (IOException e) {
            // the client went away: fine for a test server
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A plain TCP server on loopback that handles each connection on its own thread. */
    static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;

        RawServer(Consumer<Socket> handler) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread t = new Thread(() -> {
                            try (s) {
                                handler.accept(s);
                            } catch (IOException e) {
                                // ignore
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
