package dev.tlsweep.lab;

import static dev.tlsweep.lab.CannedResponderSelectionTest.canned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.lab.HostileFront.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each behaviour of the front against a loopback echo or a canned TLS responder, on real sockets:
 * what the client sees, what reaches the upstream, and the counters.
 */
class HostileFrontTest {

    /** The longest any wait of these tests lasts; no test asserts how long anything took. */
    private static final long BOUND_SECONDS = 10;

    @Test
    void resetAfterForwardsTheFirstConnectionsAndResetsEveryLaterOne() throws Exception {
        try (EchoUpstream echo = new EchoUpstream();
                HostileFront front = HostileFront.start(echo.address(), Behaviour.resetAfter(2))) {
            for (int i = 0; i < 2; i++) {
                try (Socket client = connect(front)) {
                    assertThat(echoes(client)).as("connection %d", i + 1).isTrue();
                }
            }
            for (int i = 0; i < 2; i++) {
                try (Socket client = connect(front)) {
                    assertThatThrownBy(() -> client.getInputStream().read())
                            .as("connection %d", i + 3)
                            .isInstanceOf(SocketException.class)
                            .hasMessage("Connection reset");
                }
            }
            assertThat(counts(front)).isEqualTo("accepted 4, forwarded 2, reset 2, held 0");
            assertThat(echo.connections()).as("connections that reached the upstream").isEqualTo(2);
        }
    }

    @Test
    void resetAfterBeforeATlsServerAnswersTheFirstHelloAndResetsTheNext() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start();
                HostileFront front = HostileFront.start(server.address(), Behaviour.resetAfter(1))) {
            CannedFlight answered = CannedFlight.exchange(front.address(), CannedHelloBuilder.tls(0x0303).build());
            assertThat(answered.serverHello().suite()).isEqualTo(0xC02F);
            try (Socket client = connect(front)) { // reset on accept, before it could send a hello
                assertThat(ending(client)).isEqualTo("reset");
            }
            assertThat(server.connections()).as("connections that reached the server").isEqualTo(1);
        }
    }

    @Test
    void rateLimitResetsBeyondTheBudgetAndForwardsAgainOnceTheBucketRefills() throws Exception {
        int connections = 20; // at 2 a second, only a burst that took over 9 seconds would stay within budget
        try (EchoUpstream echo = new EchoUpstream();
                HostileFront front = HostileFront.start(echo.address(), Behaviour.rateLimit(2))) {
            int answered = 0;
            int reset = 0;
            for (int i = 0; i < connections; i++) {
                try (Socket client = connect(front)) {
                    if (echoes(client)) {
                        answered++;
                    } else {
                        reset++;
                    }
                }
            }
            assertThat(answered).as("forwarded within the budget").isGreaterThanOrEqualTo(2);
            assertThat(reset).as("reset beyond the budget").isPositive();
            assertThat(counts(front)).isEqualTo(counts(connections, answered, reset, 0));

            await("a connection forwarded once the bucket refills", () -> {
                try (Socket client = connect(front)) {
                    if (echoes(client)) {
                        return true;
                    }
                }
                Thread.sleep(200);
                return false;
            });
            assertThat(front.forwarded()).isEqualTo(answered + 1);
            assertThat(echo.connections()).isEqualTo(answered + 1);
        }
    }

    @Test
    void blackholeAfterHoldsLaterConnectionsOpenWithoutAnAnswer() throws Exception {
        try (EchoUpstream echo = new EchoUpstream();
                HostileFront front = HostileFront.start(echo.address(), Behaviour.blackholeAfter(1))) {
            try (Socket client = connect(front)) {
                assertThat(echoes(client)).isTrue();
            }
            try (Socket client = connect(front)) {
                client.setSoTimeout(500);
                write(client, "hello".getBytes(StandardCharsets.US_ASCII));
                assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                await("held: 1", () -> front.held() == 1);
                assertThat(liveThreads(front, "hold")).hasSize(1);
                assertThat(echo.connections()).as("connections that reached the upstream").isEqualTo(1);
            }
            await("the held connection released once its client closed", () -> liveThreads(front, "hold").isEmpty());
            assertThat(counts(front)).isEqualTo("accepted 2, forwarded 1, reset 0, held 1");
        }
    }

    @Test
    void closeEndsEveryConnectionAndThread() throws Exception {
        List<Socket> clients = new ArrayList<>();
        try (EchoUpstream echo = new EchoUpstream()) {
            HostileFront front = HostileFront.start(echo.address(), Behaviour.blackholeAfter(1));
            try {
                for (int i = 0; i < 4; i++) {
                    clients.add(connect(front));
                }
                assertThat(echoes(clients.get(0))).isTrue();
                await("held: 3", () -> front.held() == 3);
                assertThat(liveThreads(front, "")).isNotEmpty();
            } finally {
                front.close();
            }
            for (Socket client : clients) {
                assertThat(ending(client)).isIn("end of stream", "reset");
            }
            assertThat(liveThreads(front, "")).isEmpty();
            assertThat(counts(front)).isEqualTo("accepted 4, forwarded 1, reset 0, held 3");
            front.close(); // a second close does nothing
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    @Test
    void dropAfterBytesResetsInTheMiddleOfTheAnswer() throws Exception {
        try (EchoUpstream echo = new EchoUpstream();
                HostileFront front = HostileFront.start(echo.address(),
                        Behaviour.forwardAll().withDropAfterBytes(10));
                Socket client = connect(front)) {
            byte[] sent = new byte[100];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) i;
            }
            write(client, sent);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            assertThat(ending(client, received)).isEqualTo("reset");
            assertThat(received.toByteArray()).isEqualTo(Arrays.copyOf(sent, 10));
            assertThat(counts(front)).isEqualTo("accepted 1, forwarded 1, reset 0, held 0");
            assertThat(front.dropped()).isEqualTo(1);
        }
    }

    @Test
    void dropAfterBytesCutsATlsFlightShortAndPassesShorterAnswers() throws Exception {
        byte[] hello = CannedHelloBuilder.tls(0x0303).build();
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start();
                HostileFront front = HostileFront.start(server.address(),
                        Behaviour.forwardAll().withDropAfterBytes(20))) {
            CannedFlight flight = CannedFlight.exchange(front.address(), hello);
            assertThat(flight.reset).isTrue();
            assertThat(flight.bytes).hasSize(20);
            assertThat(flight.bytes[0]).as("a handshake record").isEqualTo((byte) 0x16);
            assertThat(front.dropped()).isEqualTo(1);
        }
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start();
                HostileFront front = HostileFront.start(server.address(),
                        Behaviour.forwardAll().withDropAfterBytes(1_000_000))) {
            assertThat(CannedFlight.exchange(front.address(), hello).serverHello().suite()).isEqualTo(0xC02F);
            assertThat(front.dropped()).isZero();
        }
    }

    @Test
    void anUnreachableUpstreamGetsTheClientAReset() throws Exception {
        InetSocketAddress gone;
        try (EchoUpstream echo = new EchoUpstream()) {
            gone = echo.address();
        }
        try (HostileFront front = HostileFront.start(gone, Behaviour.forwardAll());
                Socket client = connect(front)) {
            assertThat(ending(client)).isEqualTo("reset");
            assertThat(counts(front)).isEqualTo("accepted 1, forwarded 1, reset 0, held 0");
            assertThat(front.upstreamFailures()).isEqualTo(1);
        }
    }

    @Test
    void behaviourIsValidatedAndNamedByItsFactory() {
        assertThatThrownBy(() -> Behaviour.resetAfter(-1))
                .hasMessage("limit: -1 (expected: >= 0 for RESET_AFTER)");
        assertThatThrownBy(() -> Behaviour.blackholeAfter(-1))
                .hasMessage("limit: -1 (expected: >= 0 for BLACKHOLE_AFTER)");
        assertThatThrownBy(() -> Behaviour.rateLimit(0))
                .hasMessage("limit: 0 (expected: > 0 for RATE_LIMIT)");
        assertThatThrownBy(() -> new Behaviour(Behaviour.Kind.FORWARD_ALL, 3, Long.MAX_VALUE))
                .hasMessage("limit: 3 (expected: 0 for FORWARD_ALL)");
        assertThatThrownBy(() -> Behaviour.forwardAll().withDropAfterBytes(0))
                .hasMessage("dropAfterBytes: 0 (expected: > 0)");
        assertThat(Behaviour.resetAfter(2).withDropAfterBytes(10)).hasToString("resetAfter(2).withDropAfterBytes(10)");
        assertThat(Behaviour.rateLimit(4)).hasToString("rateLimit(4)")
                .isEqualTo(new Behaviour(Behaviour.Kind.RATE_LIMIT, 4, Long.MAX_VALUE));
    }

    @Test
    void upstreamMustBeOnLoopback() {
        assertThatThrownBy(() -> HostileFront.start(new InetSocketAddress("192.0.2.1", 443), Behaviour.forwardAll()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("upstream: /192.0.2.1:443 (expected: a loopback address)");
        assertThatThrownBy(() -> HostileFront.start(InetSocketAddress.createUnresolved("localhost", 443),
                Behaviour.forwardAll()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("(expected: a loopback address)");
    }

    /**
     * A connection to the front. The connect is a blocking one, which returns once the kernel has
     * the handshake done; a timed connect polls for its end and may see the front's reset instead.
     */
    private static Socket connect(HostileFront front) throws IOException {
        Socket socket = new Socket(front.address().getAddress(), front.port());
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Whether a probe comes back through the front (forwarded to the echo), rather than a reset. */
    private static boolean echoes(Socket socket) throws IOException {
        byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
        try {
            write(socket, probe);
            byte[] back = socket.getInputStream().readNBytes(probe.length);
            assertThat(back).as("the echo through the front").isEqualTo(probe);
            return true;
        } catch (SocketException e) {
            return false; // the front only ever closes with a reset, so a write may see it too (broken pipe)
        }
    }

    /** How the connection ends: "end of stream" or "reset"; any bytes before the end are a failure. */
    private static String ending(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        String ending = ending(socket, received);
        assertThat(received.toByteArray()).as("bytes before the end").isEmpty();
        return ending;
    }

    /** Reads until the end of the connection, keeping the bytes: "end of stream" or "reset". */
    private static String ending(Socket socket, ByteArrayOutputStream received) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0;) {
                received.write(buf, 0, n);
            }
            return "end of stream";
        } catch (SocketException e) {
            assertThat(e).hasMessage("Connection reset");
            return "reset";
        }
    }

    private static String counts(HostileFront front) {
        return counts(front.accepted(), front.forwarded(), front.reset(), front.held());
    }

    private static String counts(int accepted, int forwarded, int reset, int held) {
        return "accepted " + accepted + ", forwarded " + forwarded + ", reset " + reset + ", held " + held;
    }

    /** The front's live threads whose role starts with {@code role} ("" for all). */
    private static List<Thread> liveThreads(HostileFront front, String role) {
        String prefix = "hostile-front-" + front.port() + '-' + role;
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .toList();
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until the condition holds, {@link #BOUND_SECONDS} at most. */
    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + BOUND_SECONDS + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
