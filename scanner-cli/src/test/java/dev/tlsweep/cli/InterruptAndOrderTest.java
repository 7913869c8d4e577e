package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan interrupted with Ctrl-C exits 130 and says how many reports were written and how to go on; a few
 * targets on the command line are reported in the order given, not in the order they finish.
 */
class InterruptAndOrderTest {

    private static final TestPki PKI = TestPki.create();
    private static LabServer fast;
    private static ServerSocket slow;
    private static Thread slowAccepts;
    private static final List<Socket> HELD = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        fast = LabServer.builder().certificate(PKI.leaf("localhost").issue()).protocols("TLSv1.2").start();
        // Accepts connections and never answers: its scan lasts until the timeouts.
        slow = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        slowAccepts = new Thread(() -> {
            try {
                while (!slow.isClosed()) {
                    Socket s = slow.accept();
                    synchronized (HELD) {
                        HELD.add(s);
                    }
                }
            } catch (Exception closed) {
                // the test is over
            }
        }, "silent-server");
        slowAccepts.setDaemon(true);
        slowAccepts.start();
    }

    @AfterAll
    static void stop() throws Exception {
        fast.close();
        slow.close();
        synchronized (HELD) {
            for (Socket s : HELD) {
                s.close();
            }
        }
    }

    private static List<String> java(String... args) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void ctrlCExitsWith130AndSaysHowToResume() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Path log = dir.resolve("err.log");
        Process p = new ProcessBuilder(java("scan", "--no-progress", "--protocols", "tls1.2", "--no-checks",
                "--no-groups", "--no-aia", "--retries", "0", "--timeout", "60s", "-o", out.toString(),
                "localhost:" + fast.port(), "127.0.0.1:" + slow.getLocalPort()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && System.nanoTime() < deadline
                    && (!Files.exists(out) || Files.readAllLines(out).size() < 1)) {
                Thread.sleep(50);
            }
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ended after SIGINT").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(Files.readString(log)).contains("tlsweep: interrupted: 1 report of this run is in " + out
                + "; run the same command with --resume to scan the rest");
    }

    @Test
    void aFewTargetsAreReportedInTheOrderGiven() {
        StringWriter text = new StringWriter();
        int code = Main.run(new PrintWriter(text, true), new PrintWriter(new StringWriter(), true), "scan",
                "--no-progress", "--protocols", "tls1.2", "--no-checks", "--no-groups", "--no-aia", "--retries", "0",
                "--timeout", "1s", "--color=never",
                "127.0.0.1:" + slow.getLocalPort(), "localhost:" + fast.port());
        assertThat(code).isEqualTo(Main.UNSCANNED);
        String t = text.toString();
        // the slow one finishes last, but was given first
        assertThat(t.indexOf("127.0.0.1:" + slow.getLocalPort())).isNotNegative()
                .isLessThan(t.indexOf("localhost:" + fast.port()));
    }

    @Test
    void theProgressLineNamesTheEndpointsItWaitsFor() {
        assertThat(Progress.waitingFor(List.of("slow.example:443", "[2001:db8::1]:443")))
                .isEqualTo(", waiting for slow.example:443, [2001:db8::1]:443");
        assertThat(Progress.waitingFor(List.of("a", "b", "c", "d", "e"))).isEqualTo(", waiting for 5 endpoints (a, ...)");
        assertThat(Progress.waitingFor(List.of("evil\u001b[2Jname"))).doesNotContain("\u001b");
    }
}
