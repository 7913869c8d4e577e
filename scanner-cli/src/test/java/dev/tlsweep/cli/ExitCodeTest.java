package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.HostileFront;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit code is computed in one place from the report records: a live run and a resumed run that only
 * reads the live run's reports back give the same code for the same reports.
 */
class ExitCodeTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(List<String> args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    /** Runs the scan into a file, then resumes it (nothing left to scan): both exit codes. */
    private int[] liveThenResumed(String name, List<String> options, String... targets) throws Exception {
        Path file = dir.resolve(name + ".jsonl");
        List<String> args = new ArrayList<>(List.of("scan", "--no-progress", "--timeout", "2", "-o", file.toString()));
        args.addAll(options);
        args.addAll(List.of(targets));
        int live = run(args);
        long lines = Files.readAllLines(file).size();
        Schemas.reports(Files.readString(file));
        List<String> again = new ArrayList<>(args);
        again.add(1, "--resume");
        int resumed = run(again);
        assertThat(Files.readAllLines(file)).as("the resumed run scanned nothing again").hasSize((int) lines);
        assertThat(err.toString()).contains("resuming: " + lines + " reports");
        return new int[] {live, resumed};
    }

    private static CannedResponder tls12() {
        return CannedResponder.builder().version(0x0303, 0xC02F, 0xC013).serverPreference(true).start();
    }

    @Test
    void everyEndpointScannedIsZeroLiveAndResumed() throws Exception {
        try (CannedResponder a = tls12(); CannedResponder b = tls12()) {
            assertThat(liveThenResumed("ok", List.of("--protocols", "tls1.2"), "127.0.0.1:" + a.port(),
                    "127.0.0.1:" + b.port())).containsExactly(Main.OK, Main.OK);
        }
    }

    @Test
    void anUnreachableEndpointIsOneLiveAndResumed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (CannedResponder a = tls12()) {
            assertThat(liveThenResumed("refused", List.of("--protocols", "tls1.2"), "127.0.0.1:" + a.port(),
                    "127.0.0.1:" + closed)).containsExactly(Main.UNSCANNED, Main.UNSCANNED);
        }
    }

    @Test
    void anEndpointBehindAResettingFrontIsIncompleteAndOneLiveAndResumed() throws Exception {
        try (CannedResponder a = tls12();
                HostileFront front = HostileFront.start(new InetSocketAddress("127.0.0.1", a.port()),
                        HostileFront.Behaviour.resetAfter(2))) {
            // The front answers, then resets everything: tlsweep backs off until the endpoint timeout, kept short.
            assertThat(liveThenResumed("front", List.of("--endpoint-timeout", "4"), "127.0.0.1:" + front.port()))
                    .containsExactly(Main.UNSCANNED, Main.UNSCANNED);
            String report = Files.readString(dir.resolve("front.jsonl"));
            assertThat(report).contains("\"status\":\"incomplete\"").doesNotContain("NO_PROTOCOL_ACCEPTED");
        }
    }

    @Test
    void aNonCompliantEndpointIsFourLiveAndResumed() throws Exception {
        try (CannedResponder a = tls12()) {
            assertThat(liveThenResumed("policy", List.of("--policy", "mozilla-modern"), "127.0.0.1:" + a.port()))
                    .containsExactly(Main.NONCOMPLIANT, Main.NONCOMPLIANT);
        }
    }

    @Test
    void anExpiringCertificateIsFiveLiveAndResumed() throws Exception {
        TestPki pki = TestPki.create();
        Path root = pki.writeRoot(dir.resolve("root.pem"));
        Instant now = Instant.now();
        IssuedCertificate soon = pki.leaf("localhost").notBefore(now.minus(Duration.ofDays(80)))
                .notAfter(now.plus(Duration.ofDays(3))).issue();
        try (LabServer s = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2").certificate(soon)
                .servedChain(List.of(pki.intermediate().certificate())).start()) {
            assertThat(liveThenResumed("expiring", List.of("--protocols", "tls1.2", "--ca-file", root.toString()),
                    "127.0.0.1:" + s.port() + " sni=localhost")).containsExactly(Main.EXPIRING, Main.EXPIRING);
        }
    }
}
