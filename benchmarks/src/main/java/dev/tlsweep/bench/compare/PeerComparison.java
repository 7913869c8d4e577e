package dev.tlsweep.bench.compare;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections and the time sslscan, testssl.sh and tlsweep take to scan the same server — the issue's "typical
 * modern endpoint": {@code openssl s_server} with TLS 1.2 and 1.3, Mozilla's intermediate suites, three groups, four
 * signature algorithms, ALPN h2 and http/1.1 — through a counting TCP proxy on loopback. For BENCHMARKS.md:
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar dev.tlsweep.bench.compare.PeerComparison
 * </pre>
 *
 * Each tool runs once, in its default mode; tools that are not installed are skipped.
 */
public final class PeerComparison {

    private PeerComparison() {
    }

    public static void main(String[] args) throws Exception {
        IssuedCertificate rsa = TestPki.create().leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        try (OpenSslServer server = OpenSslServer.builder().certificate(rsa).protocols("tls1_2", "tls1_3")
                .cipher("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305")
                .serverPreference(true).extraArgs("-groups", "X25519:P-256:P-384", "-sigalgs",
                        "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pkcs1_sha256:rsa_pkcs1_sha384", "-alpn",
                        "h2,http/1.1").start();
                CountingProxy proxy = new CountingProxy(server.address())) {
            String target = "127.0.0.1:" + proxy.port();
            System.out.printf("%-52s %12s %10s%n", "tool", "connections", "seconds");
            run("tlsweep scan (groups, signature algorithms, checks)", proxy, () -> tlsweep(proxy.port(),
                    ScanOptions.defaults()));
            run("tlsweep scan --no-checks", proxy, () -> tlsweep(proxy.port(),
                    ScanOptions.defaults().withChecks(false)));
            run("tlsweep scan --no-checks --no-groups", proxy, () -> tlsweep(proxy.port(),
                    ScanOptions.defaults().withChecks(false).withGroups(false)));
            run("sslscan --show-sigs", proxy, () -> process("sslscan", "--no-colour", "--show-sigs", target));
            run("testssl.sh (default run)", proxy, () -> process("testssl", "--quiet", "--color", "0",
                    "--warnings", "batch", target));
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static void run(String name, CountingProxy proxy, Work work) {
        int before = proxy.accepted();
        long t0 = System.nanoTime();
        try {
            work.run();
        } catch (Exception e) {
            System.out.printf("%-52s skipped: %s%n", name, e.getMessage());
            return;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-52s %12d %10.1f%n", name, proxy.accepted() - before, seconds);
    }

    private static void tlsweep(int port, ScanOptions options) throws Exception {
        try (ScanEngine engine = new ScanEngine(EngineConfig.defaults())) {
            EndpointReport r = new Scanner(engine, options)
                    .scan(new Target("127.0.0.1:" + port, "127.0.0.1", port, null)).get(5, TimeUnit.MINUTES);
            if (r.hellosSent() == 0) {
                throw new IllegalStateException("no hello sent: " + r.error());
            }
        }
    }

    private static void process(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " is not installed");
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command[0] + " did not finish in 10 minutes");
        }
    }

    /** A TCP proxy on 127.0.0.1 that counts the connections it accepts; a thread pair per connection. */
    static final class CountingProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> open = new ArrayList<>();

        CountingProxy(InetSocketAddress upstream) throws IOException {
            listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        accepted.incrementAndGet();
                        Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                        synchronized (open) {
                            open.add(client);
                            open.add(server);
                        }
                        pump(client, server);
                        pump(server, client);
                    } catch (IOException e) {
                        // closed, or the upstream refused: the client sees a close
                    }
                }
            }, "counting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException e) {
                    // either side closed
                } finally {
                    try {
                        to.shutdownOutput();
                    } catch (IOException e) {
                        // already closed
                    }
                }
            }, "counting-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}
