package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP server's connection limits against clients that connect and say nothing, say it a byte at a time, or
 * hold every slot with requests: a scrape still gets its answer, and nothing waits forever.
 */
class HttpConnectionsTest {

    static final int CAP = 8;

    final StringWriter log = new StringWriter();
    final List<Socket> sockets = new ArrayList<>();
    final List<CompletableFuture<HttpFront.Response>> held = new CopyOnWriteArrayList<>();
    volatile boolean hold;
    HttpFront front;
    HttpConnections connections;

    void start(Duration requestTimeout, Duration idleTimeout) throws Exception {
        connections = new HttpConnections(new HttpConnections.Limits(CAP, requestTimeout, idleTimeout),
                new PrintWriter(log, true));
        front = new HttpFront(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new HttpFront.Routes() {
            @Override
            public CompletableFuture<HttpFront.Response> metrics(String accept) {
                if (hold) {
                    CompletableFuture<HttpFront.Response> f = new CompletableFuture<>();
                    held.add(f);
                    return f;
                }
                return CompletableFuture.completedFuture(HttpFront.Response.text(200, "up 1\n"));
            }

            @Override
            public CompletableFuture<HttpFront.Response> probe(Map<String, List<String>> params, String timeout,
                    String accept) {
                return CompletableFuture.completedFuture(HttpFront.Response.text(400, "no\n"));
            }

            @Override
            public boolean ready() {
                return true;
            }
        }, WebConfig.none(), Runnable::run, connections);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (front != null) {
            front.close();
        }
    }

    Socket connect() throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(front.address(), 5000);
        s.setSoTimeout(5000);
        return s;
    }

    static String get(Socket s, String path) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] buf = new byte[4096];
        int n = s.getInputStream().read(buf);
        return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    /** True when the server closed the connection (end of stream or reset) within the socket's timeout. */
    static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Waits (boundedly) until the server counts {@code n} open connections. */
    void awaitOpen(int n) throws InterruptedException {
        for (int i = 0; i < 500 && connections.open() != n; i++) {
            Thread.sleep(10);
        }
        assertThat(connections.open()).isEqualTo(n);
    }

    @Test
    void aNewConnectionBeyondTheCapEvictsTheOneThatWaitedLongest() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            idle.add(connect());
            awaitOpen(i + 1); // in order, so that the first is the oldest
        }
        Socket scrape = connect();
        assertThat(get(scrape, "/metrics")).startsWith("HTTP/1.1 200").contains("up 1");
        assertThat(closedByServer(idle.get(0))).as("the oldest idle connection is evicted").isTrue();
        idle.get(1).setSoTimeout(200);
        assertThat(closedByServer(idle.get(1))).as("the next one stays").isFalse();
        assertThat(connections.closed("evicted")).isEqualTo(1);
        assertThat(connections.open()).isEqualTo(CAP);
    }

    @Test
    void aClientAnsweredBeforeOutlivesNewerConnectionsThatSaidNothing() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        Socket prometheus = connect();
        assertThat(get(prometheus, "/metrics")).startsWith("HTTP/1.1 200");
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 3 * CAP; i++) {
            flood.add(connect());
            awaitOpen(Math.min(i + 2, CAP));
        }
        for (int i = 0; i < 500 && connections.closed("evicted") < 2 * CAP + 1; i++) {
            Thread.sleep(10); // the last connections are accepted (and evict others) after connect() returns
        }
        assertThat(connections.closed("evicted")).isEqualTo(2 * CAP + 1);
        assertThat(get(prometheus, "/metrics")).as("kept alive through the flood").startsWith("HTTP/1.1 200");
        assertThat(closedByServer(flood.get(0))).isTrue();
    }

    @Test
    void connectionsBeingAnsweredAreNeverEvictedAndANewcomerIsRefusedInstead() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        hold = true;
        List<Socket> busy = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            Socket s = connect();
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            busy.add(s);
        }
        for (int i = 0; i < 500 && held.size() < CAP; i++) {
            Thread.sleep(10);
        }
        assertThat(held).hasSize(CAP);
        Socket late = connect();
        assertThat(closedByServer(late)).as("nothing to evict: the newcomer is closed").isTrue();
        assertThat(connections.closed("refused")).isEqualTo(1);
        held.forEach(f -> f.complete(HttpFront.Response.text(200, "late 1\n")));
        for (Socket s : busy) {
            byte[] buf = new byte[512];
            int n = s.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200").contains("late 1");
        }
        assertThat(connections.closed("evicted")).isZero();
    }

    @Test
    void aClientThatEndsItsSideAfterTheRequestStillGetsTheAnswer() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        hold = true; // answered later, from elsewhere, as /metrics is
        Socket s = connect();
        s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput();
        for (int i = 0; i < 500 && held.isEmpty(); i++) {
            Thread.sleep(10);
        }
        Thread.sleep(100); // the end of input reaches the server before the answer is ready
        held.get(0).complete(HttpFront.Response.text(200, "up 1\n"));
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 200").endsWith("up 1\n");
        awaitOpen(0);
    }

    @Test
    void aRequestSentAByteAtATimeIsCutOffAtTheRequestTimeout() throws Exception {
        start(Duration.ofMillis(600), Duration.ofSeconds(30));
        Socket slow = connect();
        byte[] request = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        boolean cut = false;
        // A byte every 100 ms keeps any idle timer from firing; only a deadline on the whole request stops it.
        for (int i = 0; i < 100 && !cut; i++) {
            try {
                slow.getOutputStream().write(request[Math.min(i, request.length - 1)]);
                slow.getOutputStream().flush();
            } catch (IOException e) {
                cut = true;
                break;
            }
            Thread.sleep(100);
            cut = connections.closed("timeout") == 1;
        }
        assertThat(cut).as("slow request cut off").isTrue();
        assertThat(closedByServer(slow)).isTrue();
    }

    @Test
    void aConnectionThatSaysNothingAfterItsAnswerIsClosedAfterTheIdleTimeout() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofMillis(500));
        Socket s = connect();
        assertThat(get(s, "/metrics")).startsWith("HTTP/1.1 200");
        InputStream in = s.getInputStream();
        s.setSoTimeout(10_000);
        assertThat(in.read()).as("closed after the idle timeout").isEqualTo(-1);
        assertThat(connections.closed("timeout")).isEqualTo(1);
        awaitOpen(0);
    }

    @Test
    void aNewConnectionThatSendsNothingIsClosedAtTheRequestTimeout() throws Exception {
        start(Duration.ofMillis(500), Duration.ofSeconds(30));
        Socket s = connect();
        s.setSoTimeout(10_000);
        assertThat(s.getInputStream().read()).isEqualTo(-1);
        assertThat(connections.closed("timeout")).isEqualTo(1);
    }

    @Test
    void theDefaultCapLeavesMostDescriptorsToTheScanner() {
        assertThat(HttpConnections.Limits.defaultMaxConnections(1024)).isEqualTo(128);
        assertThat(HttpConnections.Limits.defaultMaxConnections(1_048_576)).isEqualTo(256);
        assertThat(HttpConnections.Limits.defaultMaxConnections(20)).isEqualTo(8);
    }
}
