package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.ChainBombs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} under siege, in a child process under {@code ulimit -n 1024}: while its sweeps analyse chain bombs,
 * 20,000 connections arrive that never send a request (some send half of one). A scraper that keeps its
 * connection alive, as Prometheus does, gets every answer within a second ({@code scrape_timeout: 1s}); one that
 * opens a new connection each time queues behind the flood in the listening socket's backlog but is answered too;
 * the process never runs out of descriptors for its scans. With a connection cap above the descriptor limit, accepting fails for lack of descriptors, and the
 * server pauses, lets idle connections go and keeps answering.
 */
class ServeSiegeTest {

    static final int ATTACK = 20_000;
    /** The most attacking sockets this process holds at once (each is let go when the server closes it). */
    static final int ATTACKER_OPEN = 3_000;

    @TempDir
    static Path dir;

    static CannedResponder bomb;
    static Path inventory;

    @BeforeAll
    static void bombServer() throws Exception {
        List<byte[]> chain = new ArrayList<>();
        for (X509Certificate c : ChainBombs.bomb(60)) {
            chain.add(c.getEncoded());
        }
        bomb = CannedResponder.builder().version(0x0303, 0xC02F, 0x009C).certificateChain(chain).start();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            lines.append("127.0.0.1:").append(bomb.port()).append(" sni=bomb").append(i).append(".test\n");
        }
        inventory = dir.resolve("inventory.txt");
        Files.writeString(inventory, lines);
    }

    @AfterAll
    static void stop() {
        if (bomb != null) {
            bomb.close();
        }
    }

    @Test
    void metricsAreAnsweredWithinASecondThroughoutASiegeOfIdleConnections() throws Exception {
        try (Child serve = Child.start("siege")) {
            Siege siege = siege(serve, 1_000, 10_000);
            System.out.printf("siege: %d connections; kept alive: %s; new connections: %s; %s%n",
                    siege.connections, siege.keptAlive, siege.fresh, serve.closedCounts());
            assertThat(siege.keptAlive.failures()).as("scrapes not answered within 1 s").isEmpty();
            assertThat(siege.fresh.failures()).as("scrapes on new connections not answered within 10 s").isEmpty();
            assertThat(siege.connections).isEqualTo(ATTACK);
            assertThat(serve.metric("tlsweep_http_connections_closed_total{reason=\"evicted\"}"))
                    .as("the cap evicted idle connections").isPositive();
            assertThat(serve.metric("tlsweep_http_accept_errors_total")).as("descriptors never ran out").isZero();
            assertThat(serve.metric("tlsweep_endpoints_total{status=\"ok\"}")).as("the bombs were scanned")
                    .isPositive();
            assertThat(serve.metric("tlsweep_endpoints_total{status=\"error\"}")).isZero();
            assertThat(serve.log()).doesNotContain("Exception", "Too many open files");
        }
    }

    @Test
    void whenDescriptorsRunOutAcceptingPausesAndTheServerRecovers() throws Exception {
        try (Child serve = Child.start("emfile", "--max-connections", "5000")) {
            Siege siege = siege(serve, 10_000, 10_000);
            System.out.printf("emfile: %d connections; kept alive: %s; new connections: %s; %s%n",
                    siege.connections, siege.keptAlive, siege.fresh, serve.closedCounts());
            assertThat(siege.keptAlive.failures()).as("scrapes not answered within 10 s").isEmpty();
            assertThat(siege.fresh.failures()).as("scrapes on new connections not answered within 10 s").isEmpty();
            assertThat(serve.metric("tlsweep_http_accept_errors_total")).as("descriptors ran out").isPositive();
            assertThat(serve.log()).contains("cannot accept an HTTP connection: ", "Too many open files");
            for (int i = 0; i < 5; i++) {
                assertThat(scrape(serve.address, 1_000)).as("after the siege").startsWith("HTTP/1.1 200");
            }
        }
    }

    /** What a siege did: connections made, and the scrapes of a kept-alive and of a new connection. */
    static final class Siege {
        int connections;
        final Scrapes keptAlive = new Scrapes();
        final Scrapes fresh = new Scrapes();
    }

    /** Scrape times and failures of one scraper. */
    static final class Scrapes {
        final List<Long> millis = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        synchronized void add(long start, String failure) {
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            if (failure != null) {
                failures.add(failure);
            }
        }

        synchronized List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public synchronized String toString() {
            long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted.length + " scrapes, median " + (sorted.length == 0 ? -1 : sorted[sorted.length / 2])
                    + " ms, slowest " + (sorted.length == 0 ? -1 : sorted[sorted.length - 1]) + " ms";
        }
    }

    /**
     * Opens {@link #ATTACK} connections that say nothing (every tenth sends half a request), holding up to
     * {@link #ATTACKER_OPEN} at once, while two scrapers ask for /metrics: one as Prometheus does, on a connection
     * kept alive (the JDK's HTTP client, a new connection only when the server closed the last one) every 200 ms
     * with {@code keptAliveTimeout}; one on a new connection every 200 ms with {@code freshTimeout}, queueing behind
     * the flood in the listening socket's backlog. Then each scrapes five more times. Bounded: 90 s at most.
     */
    static Siege siege(Child serve, int keptAliveTimeout, int freshTimeout) throws Exception {
        Siege siege = new Siege();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(keptAliveTimeout)).build();
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.address.getPort()
                + "/metrics")).timeout(Duration.ofMillis(keptAliveTimeout)).build();
        Runnable keptAlive = () -> {
            long start = System.nanoTime();
            String failure = null;
            try {
                HttpResponse<String> r = client.send(metrics, HttpResponse.BodyHandlers.ofString());
                failure = r.statusCode() == 200 ? null : "status " + r.statusCode();
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            siege.keptAlive.add(start, failure);
        };
        Runnable fresh = () -> {
            long start = System.nanoTime();
            String failure = null;
            try {
                String answer = scrape(serve.address, freshTimeout);
                failure = answer.startsWith("HTTP/1.1 200") ? null : answer.lines().findFirst().orElse("(nothing)");
            } catch (IOException e) {
                failure = e.toString();
            }
            siege.fresh.add(start, failure);
        };
        keptAlive.run(); // Prometheus has scraped before the siege begins
        Thread[] scrapers = {every(200, keptAlive, "kept-alive"), every(200, fresh, "fresh")};
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        byte[] half = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-".getBytes(StandardCharsets.US_ASCII);
        try (Selector selector = Selector.open()) {
            int open = 0;
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while ((siege.connections < ATTACK || open > 0) && System.nanoTime() < deadline) {
                while (siege.connections < ATTACK && open < ATTACKER_OPEN) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.setOption(StandardSocketOptions.SO_LINGER, 0);
                    c.connect(serve.address);
                    c.register(selector, SelectionKey.OP_CONNECT, siege.connections % 10 == 0 ? half : null);
                    siege.connections++;
                    open++;
                }
                if (siege.connections >= ATTACK) {
                    break; // the last ones stay open until the end: the scraper must get through them too
                }
                selector.select(50);
                for (SelectionKey k : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) k.channel();
                    try {
                        if (k.isConnectable()) {
                            c.finishConnect();
                            if (k.attachment() != null) {
                                c.write(ByteBuffer.wrap((byte[]) k.attachment()));
                            }
                            k.interestOps(SelectionKey.OP_READ);
                        } else if (k.isReadable()) {
                            sink.clear();
                            if (c.read(sink) < 0) {
                                throw new IOException("closed by the server");
                            }
                        }
                    } catch (IOException e) {
                        k.cancel();
                        c.close();
                        open--;
                    }
                }
                selector.selectedKeys().clear();
            }
            Thread.sleep(2_000); // the scraper keeps going with the last connections still open
            for (SelectionKey k : selector.keys()) {
                k.channel().close();
            }
        } finally {
            for (Thread t : scrapers) {
                t.interrupt();
                t.join(15_000);
            }
        }
        for (int i = 0; i < 5; i++) {
            keptAlive.run();
            fresh.run();
        }
        return siege;
    }

    /** Runs {@code task} every {@code millis} on a thread of its own until interrupted. */
    static Thread every(int millis, Runnable task, String name) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                task.run();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name);
        t.start();
        return t;
    }

    /** One GET /metrics on a new connection, failing when not answered whole within {@code timeoutMillis}. */
    static String scrape(InetSocketAddress address, int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try (Socket s = new Socket()) {
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) >= 0;) {
                out.write(buf, 0, n);
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IOException("not answered whole within " + timeoutMillis + " ms");
                }
                s.setSoTimeout((int) left);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** {@code tlsweep serve} in a child process under {@code ulimit -n 1024}. */
    static final class Child implements AutoCloseable {
        private static final Pattern LISTENING = Pattern.compile("listening on http://([^:/]+):(\\d+)/metrics");

        final Process process;
        final Path log;
        final InetSocketAddress address;

        private Child(Process process, Path log, InetSocketAddress address) {
            this.process = process;
            this.log = log;
            this.address = address;
        }

        static Child start(String name, String... extra) throws Exception {
            Path log = dir.resolve(name + ".log");
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m", "-cp", classpath, Main.class.getName(), "serve", "--inventory",
                    inventory.toString(), "--listen", "127.0.0.1:0", "--interval", "1s", "--timeout", "5"));
            java.addAll(List.of(extra));
            StringBuilder script = new StringBuilder("ulimit -n 1024 && exec");
            for (String word : java) {
                script.append(" '").append(word.replace("'", "'\\''")).append('\'');
            }
            Process p = new ProcessBuilder("sh", "-c", script.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && p.isAlive()) {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    Child child = new Child(p, log, new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
                    child.awaitFirstSweep();
                    return child;
                }
                Thread.sleep(50);
            }
            p.destroyForcibly();
            throw new AssertionError("serve did not start: " + Files.readString(log));
        }

        private void awaitFirstSweep() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (metric("tlsweep_sweeps_total") >= 1) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no sweep completed: " + log());
        }

        String log() throws IOException {
            return Files.readString(log);
        }

        /** One sample of the child's /metrics, by its full series name (labels included); 0 when absent. */
        double metric(String series) throws IOException {
            for (String line : scrape(address, 10_000).split("\n")) {
                if (line.startsWith(series + " ")) {
                    return Double.parseDouble(line.substring(series.length() + 1).trim());
                }
            }
            return 0;
        }

        String closedCounts() throws IOException {
            StringBuilder b = new StringBuilder();
            for (String line : scrape(address, 10_000).split("\n")) {
                if (line.startsWith("tlsweep_http_")) {
                    b.append(line).append("; ");
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
