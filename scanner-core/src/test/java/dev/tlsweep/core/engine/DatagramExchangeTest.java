package dev.tlsweep.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Datagram exchanges: the dialog's first datagram, retransmissions after silence (bounded), an answer ending the
 * attempt, silence ending it at the read timeout, an ICMP port unreachable as a refusal, and the engine's counters.
 */
class DatagramExchangeTest {

    static ScanEngine engine;

    @BeforeAll
    static void start() {
        engine = new ScanEngine(EngineConfig.defaults().withReadTimeout(Duration.ofMillis(1500)).withMaxRetries(2));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    /** Sends "hello", sends it again when asked, and is done on "ok"; its result is every datagram it received. */
    static final class Hello implements DatagramDialog<List<String>> {
        final List<String> received = new ArrayList<>();
        final AtomicInteger sent;

        Hello(AtomicInteger sent) {
            this.sent = sent;
        }

        @Override
        public List<byte[]> open() {
            sent.incrementAndGet();
            return List.of("hello".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public List<byte[]> receive(byte[] datagram) {
            received.add(new String(datagram, StandardCharsets.US_ASCII));
            return List.of();
        }

        @Override
        public boolean done() {
            return received.contains("ok");
        }

        @Override
        public List<byte[]> retransmit() {
            return open();
        }

        @Override
        public List<String> result() {
            return List.copyOf(received);
        }
    }

    /** A UDP server on 127.0.0.1 that answers "ok" to the {@code answerAt}-th datagram (0: never), on a thread. */
    static final class Server implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicInteger received = new AtomicInteger();
        final Thread thread;

        Server(int answerAt) throws SocketException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                byte[] buf = new byte[2048];
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (java.io.IOException e) {
                        return;
                    }
                    if (received.incrementAndGet() == answerAt) {
                        byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
                        try {
                            socket.send(new DatagramPacket(ok, ok.length, p.getSocketAddress()));
                        } catch (java.io.IOException e) {
                            return;
                        }
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void aLostDatagramIsSentAgainAndTheAnswerEndsTheExchange() throws Exception {
        try (Server server = new Server(3)) { // the first two are "lost"
            AtomicInteger sent = new AtomicInteger();
            Exchange<List<String>> e = engine.datagram(server.address(), new Retransmission(Duration.ofMillis(50), 3),
                    () -> new Hello(sent)).get(10, TimeUnit.SECONDS);
            assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.COMPLETED);
            assertThat(e.response()).containsExactly("ok");
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(sent.get()).isEqualTo(3);
        }
    }

    @Test
    void silenceEndsAtTheReadTimeoutAfterBoundedRetransmissionsAndIsNotRetried() throws Exception {
        try (Server server = new Server(0)) {
            AtomicInteger sent = new AtomicInteger();
            Exchange<List<String>> e = engine.datagram(server.address(), new Retransmission(Duration.ofMillis(20), 2),
                    () -> new Hello(sent)).get(10, TimeUnit.SECONDS);
            assertThat(e.outcome()).isEqualTo(Outcome.READ_TIMEOUT);
            assertThat(e.detail()).startsWith("no datagram for 1500ms after 0 bytes (2 retransmissions)");
            assertThat(e.attempts()).isEqualTo(1); // the retransmissions are its retries
            assertThat(sent.get()).isEqualTo(3);
            assertThat(e.response()).isEmpty();
        }
    }

    @Test
    void aPortWhereNothingListensIsRefused() throws Exception {
        int port;
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        long before = engine.stats().outcomes().get(Outcome.REFUSED);
        Exchange<List<String>> e = engine.datagram(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                Retransmission.DEFAULT, () -> new Hello(new AtomicInteger())).get(10, TimeUnit.SECONDS);
        assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.REFUSED);
        assertThat(e.detail()).contains("nothing listens on UDP port " + port);
        assertThat(engine.stats().outcomes().get(Outcome.REFUSED)).isEqualTo(before + 1);
    }
}
