package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.TestPki;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output a run writes, made to fail (a full disk is /dev/full, a read-only place is /proc): the failure is
 * said, naming the output, and the exit code is 3, never 0 with reports lost. And the outputs' files behave:
 * modes kept or taken from the umask, one run at a time on an -o file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutputFailureTest {

    static final Path FULL = Path.of("/dev/full");

    @TempDir
    static Path dir;

    static CannedResponder server;
    static String target;
    static String closed;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.exists(FULL), "no /dev/full here");
        server = CannedResponder.builder().version(0x0303, 0xC02F, 0xC013).serverPreference(true).start();
        target = "127.0.0.1:" + server.port();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "127.0.0.1:" + s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs with standard output on /dev/full (a full disk); stderr is returned. */
    static Result runToFullDisk(String... args) throws IOException {
        StringWriter err = new StringWriter();
        try (FileOutputStream full = new FileOutputStream(FULL.toFile())) {
            int code = Main.run(new PrintWriter(full, true), new PrintWriter(err, true), args);
            return new Result(code, "", err.toString());
        }
    }

    private static String[] scan(String... more) {
        List<String> a = new ArrayList<>(List.of("scan", "--no-progress", "--protocols", "tls1.2", "--timeout", "3"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<String> java(String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Xmx256m", Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void jsonToAFullStandardOutputOfARealProcessExitsThreeAndSaysSo() throws Exception {
        Process p = new ProcessBuilder(java(scan("--json", target, closed))).redirectOutput(FULL.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(Main.INTERNAL);
        assertThat(err).contains("tlsweep: cannot write to standard output; the sweep stopped: 0 reports were "
                + "written");
    }

    @Test
    void theTerminalReportAndJsonToAFullDiskExitThree() throws IOException {
        for (String[] args : List.of(scan(target), scan("--json", target))) {
            Result r = runToFullDisk(args);
            assertThat(r.code()).isEqualTo(Main.INTERNAL);
            assertThat(r.err()).contains("tlsweep: cannot write to standard output; the sweep stopped");
        }
    }

    @Test
    void aFullDiskUnderMinusOIsNamedWithWhatToDoNext() {
        Result r = run(scan("-o", FULL.toString(), target, closed));
        assertThat(r.code()).isEqualTo(Main.INTERNAL);
        assertThat(r.err()).startsWith("tlsweep: cannot write to /dev/full: No space left on device; the sweep "
                + "stopped: 0 reports of this run are in /dev/full").contains("--resume").doesNotContain("internal error");
    }

    @Test
    void summaryAndMetricsFilesThatCannotBeWrittenAreNamedAndTheReportsAreAllWritten() throws IOException {
        Path out = dir.resolve("reports.jsonl");
        Result r = run(scan("-o", out.toString(), "--summary", FULL.toString(), "--metrics-file", FULL.toString(),
                target, closed));
        assertThat(r.code()).isEqualTo(Main.INTERNAL);
        assertThat(r.err()).contains("tlsweep: cannot write --summary /dev/full: No space left on device")
                .contains("tlsweep: cannot write --metrics-file /dev/full: No space left on device")
                .contains("Summary: 2 endpoints");
        assertThat(Files.readAllLines(out)).hasSize(2);
    }

    @Test
    void summarizeAndChainExitThreeWhenTheirOutputIsFull() throws IOException {
        Path out = dir.resolve("for-summarize.jsonl");
        assertThat(run(scan("-o", out.toString(), closed)).code()).isEqualTo(Main.UNSCANNED);
        Result s = run("summarize", out.toString(), "--summary", FULL.toString());
        assertThat(s.code()).isEqualTo(Main.INTERNAL);
        assertThat(s.err()).isEqualTo("tlsweep: cannot write --summary /dev/full: No space left on device\n");
        Result t = runToFullDisk("summarize", out.toString());
        assertThat(t.code()).isEqualTo(Main.INTERNAL);
        assertThat(t.err()).isEqualTo("tlsweep: cannot write to standard output\n");
        Path site = TestPki.create().leaf("www.example.test").issue().writeTo(dir.resolve("site"));
        Result c = runToFullDisk("chain", site.resolve("cert.pem").toString(), "--chain",
                site.resolve("chain.pem").toString(), "--ca-file", site.resolve("root.pem").toString());
        assertThat(c.code()).isEqualTo(Main.INTERNAL);
        assertThat(c.err()).isEqualTo("tlsweep: cannot write to standard output\n");
    }

    @Test
    void aFixChainDirectoryThatCannotBeWrittenIsAnErrorNotASilentZero() throws IOException {
        Path site = TestPki.create().leaf("www.example.test").issue().writeTo(dir.resolve("fix-site"));
        Result c = run("chain", site.resolve("cert.pem").toString(), "--chain", site.resolve("chain.pem").toString(),
                "--ca-file", site.resolve("root.pem").toString(), "--fix-chain", "/proc/tlsweep-fix");
        assertThat(c.code()).isEqualTo(Main.INTERNAL);
        assertThat(c.err()).startsWith("tlsweep: --fix-chain /proc/tlsweep-fix: cannot write fullchain.pem: ");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Result up = run(scan("--fix-chain", file.resolve("sub").toString(), target));
        assertThat(up.code()).isEqualTo(Main.USAGE);
        assertThat(up.err()).isEqualTo("tlsweep: --fix-chain " + file.resolve("sub") + ": " + file
                + " is not a directory\n");
    }

    @Test
    void aMetricsFileKeepsItsModeAndANewOneFollowsTheUmask() throws Exception {
        Path existing = dir.resolve("private.prom");
        Files.writeString(existing, "# old\n");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-------"));
        assertThat(run(scan("--json", "--metrics-file", existing.toString(), target)).code()).isEqualTo(Main.OK);
        assertThat(Files.readString(existing)).contains("tlsweep_scan_success");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-------");

        Path fresh = dir.resolve("fresh.prom");
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 077 && exec \"$@\"", "sh"));
        command.addAll(java(scan("--json", "--metrics-file", fresh.toString(), target)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(Main.OK);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-------");
    }

    @Test
    void twoRunsOnOneOutputFileAreRefusedInsteadOfDuplicatingEveryEndpoint() throws Exception {
        Path out = dir.resolve("shared.jsonl");
        Path log = dir.resolve("first.log");
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // The first run waits on a server that never answers, holding -o.
            Process first = new ProcessBuilder(java("scan", "--no-progress", "-o", out.toString(), "--resume",
                    "--retries", "0", "--timeout", "60", "127.0.0.1:" + silent.getLocalPort())).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(log).contains("resuming:") && first.isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(first.isAlive()).as(Files.readString(log)).isTrue();
                Result second = run(scan("-o", out.toString(), "--resume", target));
                assertThat(second.code()).isEqualTo(Main.USAGE);
                assertThat(second.err()).isEqualTo("tlsweep: -o " + out + " is in use by another tlsweep run (it "
                        + "holds a lock on it): wait for that run to end, or write to another file\n");
                Result fresh = run(scan("-o", out.toString(), target));
                assertThat(fresh.code()).as("not resumed: the file must not be emptied either").isEqualTo(Main.USAGE);
            } finally {
                first.destroyForcibly();
                first.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Result after = run(scan("-o", out.toString(), "--resume", target));
        assertThat(after.code()).isEqualTo(Main.OK);
        assertThat(Files.readAllLines(out)).hasSize(1);
        // In one process too (two sweeps of a library user): the second open is refused the same way.
        try (dev.tlsweep.core.sink.JsonlFile held = dev.tlsweep.core.sink.JsonlFile.open(out, true,
                java.time.Duration.ofSeconds(1))) {
            Result again = run(scan("-o", out.toString(), "--resume", target));
            assertThat(again.code()).isEqualTo(Main.USAGE);
            assertThat(again.err()).contains("is in use by another tlsweep run");
            assertThat(held.path()).isEqualTo(out);
        }
        assertThat(Files.readAllLines(out)).hasSize(1);
    }
}
