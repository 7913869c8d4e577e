package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file tlsweep reads, given as a device, a FIFO, a huge file or a crafted file: refused up front with a
 * message that names it, never read to exhaustion, never a hang (the timeouts guard against the hang the FIFO
 * case once was), never key material in a message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileFilesCommandTest {

    private static final TestPki PKI = TestPki.create();

    @TempDir
    static Path dir;

    static Path site;
    static Path fifo;
    static Path huge;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void files() throws Exception {
        IssuedCertificate leaf = PKI.leaf("www.example.test").issue();
        site = leaf.writeTo(dir.resolve("site"));
        fifo = dir.resolve("pipe.pem");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not installed");
        huge = dir.resolve("huge.pem");
        // A 42 MB PEM file (sparse: the size is claimed, no disk is used): it once ran tlsweep out of memory.
        try (FileChannel ch = FileChannel.open(huge, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("-----BEGIN CERTIFICATE-----\n".getBytes()), 0);
            ch.write(ByteBuffer.wrap(new byte[] {'\n'}), 42L * 1000 * 1000);
        }
    }

    private static String cert() {
        return site.resolve("cert.pem").toString();
    }

    @Test
    void chainRefusesDevicesFifosAndHugeFilesNamingThem() {
        Result zero = run("chain", "/dev/zero");
        assertThat(zero.code()).isEqualTo(Main.USAGE);
        assertThat(zero.err()).isEqualTo("tlsweep: /dev/zero: is a character device, not a regular file (expected: a "
                + "PEM file)\n");
        Result pipe = run("chain", fifo.toString());
        assertThat(pipe.code()).isEqualTo(Main.USAGE);
        assertThat(pipe.err()).contains(fifo + ": is a FIFO, not a regular file (expected: a PEM file)");
        Result big = run("chain", huge.toString());
        assertThat(big.code()).isEqualTo(Main.USAGE);
        assertThat(big.err()).contains(huge + ": is 40.1 MiB (expected: a PEM file of at most 1 MiB)");
        for (List<String> options : List.of(List.of("--chain", "/dev/zero"), List.of("--key", fifo.toString()),
                List.of("--ca-file", "/dev/zero"), List.of("--intermediates", fifo.toString()),
                List.of("--chain", huge.toString()), List.of("--ca-file", dir.toString()))) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("chain", cert()), options.stream())
                    .toArray(String[]::new);
            Result r = run(args);
            assertThat(r.code()).as(options.toString()).isEqualTo(Main.USAGE);
            assertThat(r.err()).as(options.toString()).contains(options.get(1) + ": is ");
        }
    }

    @Test
    void scanRefusesSpecialInventoriesAndTrustFilesBeforeScanning() {
        Result zero = run("scan", "-i", "/dev/zero", "--no-progress");
        assertThat(zero.code()).isEqualTo(Main.USAGE);
        assertThat(zero.err()).isEqualTo("tlsweep: -i /dev/zero: is a character device (expected: an inventory file, "
                + "a FIFO, or - for standard input)\n");
        Result ca = run("scan", "--ca-file", "/dev/zero", "127.0.0.1:1", "--no-progress");
        assertThat(ca.code()).isEqualTo(Main.USAGE);
        assertThat(ca.err()).contains("/dev/zero: is a character device");
        Result inter = run("scan", "--intermediates", fifo.toString(), "127.0.0.1:1", "--no-progress");
        assertThat(inter.code()).isEqualTo(Main.USAGE);
        assertThat(inter.err()).contains(fifo + ": is a FIFO");
    }

    @Test
    void serveRefusesAnInventoryOrConfigurationThatIsNotARegularFile() {
        for (String[] c : new String[][] {{"/dev/zero", "is a character device"}, {fifo.toString(), "is a FIFO"}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeTest.Serve.start(Path.of(c[0])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--inventory " + c[0] + ": " + c[1] + ", not a regular file (expected: an inventory "
                            + "file)");
        }
        Path inventory = site.resolve("inventory.txt");
        try {
            Files.writeString(inventory, "127.0.0.1:1\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeTest.Serve.start(inventory, "--config",
                "/dev/zero")).hasMessage("--config /dev/zero: is a character device, not a regular file (expected: a "
                        + "YAML modules file)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServeTest.Serve.start(inventory,
                "--web-config-file", fifo.toString())).hasMessage("--web-config-file " + fifo + ": is a FIFO, not a "
                        + "regular file (expected: a YAML web configuration file)");
    }

    @Test
    void summarizeRefusesDevicesFifosAndEndlessLines() throws Exception {
        Result zero = run("summarize", "/dev/zero");
        assertThat(zero.code()).isEqualTo(Main.USAGE);
        assertThat(zero.err()).isEqualTo("tlsweep: /dev/zero: is a character device, not a regular file (expected: "
                + "a JSON-lines report file or a summary file)\n");
        assertThat(run("summarize", fifo.toString()).err()).contains(fifo + ": is a FIFO");
        Path endless = dir.resolve("endless.jsonl");
        try (FileChannel ch = FileChannel.open(endless, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("{\"schema\":\"tlsweep/1\"".getBytes()), 0);
            ch.write(ByteBuffer.wrap(new byte[] {' '}), 40L * 1000 * 1000); // one 40 MB line of zero bytes
        }
        Result e = run("summarize", endless.toString());
        assertThat(e.code()).isEqualTo(Main.USAGE);
        assertThat(e.err()).contains(endless + ":1: a line of more than 16777216 characters");
    }

    @Test
    void reportAndDiffRefuseDevicesAndFifosAsInputsNotAsOutputs() {
        Path html = dir.resolve("report.html");
        Result zero = run("report", "/dev/zero", "-o", html.toString());
        assertThat(zero.code()).isEqualTo(Main.USAGE);
        assertThat(zero.err()).isEqualTo("tlsweep: /dev/zero: is a character device, not a regular file (expected: a "
                + "JSON-lines report file)\n");
        Result pipe = run("report", fifo.toString(), "--csv", dir.resolve("findings.csv").toString());
        assertThat(pipe.code()).isEqualTo(Main.USAGE);
        assertThat(pipe.err()).isEqualTo("tlsweep: " + fifo + ": is a FIFO, not a regular file (expected: a JSON-lines "
                + "report file)\n");
        assertThat(html).doesNotExist();
        assertThat(dir.resolve("findings.csv")).doesNotExist();
        Result diff = run("diff", "/dev/zero", fifo.toString());
        assertThat(diff.code()).isEqualTo(Main.USAGE);
        assertThat(diff.err()).contains("/dev/zero: is a character device").doesNotContain("cannot write");
    }

    @Test
    void summarizeBelievesNoSummaryThatCannotBe() throws Exception {
        String valid = "{\"schema\":\"tlsweep-summary/1\",\"endpoints\":3,\"hellosSent\":40,\"status\":{\"ok\":2,"
                + "\"refused\":1},\"errors\":{\"refused: connection refused by *\":1},\"findings\":{\"NO_TLS13\":2}}";
        assertThat(run("summarize", Files.writeString(dir.resolve("valid.json"), valid).toString()).code())
                .isEqualTo(Main.OK);
        for (String[] bad : new String[][] {
            {"\"endpoints\":3", "\"endpoints\":-5", "endpoints: -5 (expected: a whole number from 0 to"},
            {"\"endpoints\":3", "\"endpoints\":3.5", "endpoints: 3.5 (expected: a whole number"},
            {"\"endpoints\":3", "\"endpoints\":\"3\"", "endpoints: \"3\" (expected: a whole number"},
            {"\"ok\":2", "\"ok\":-2", "status.ok: -2"},
            {"\"ok\":2", "\"ok\":5", "status.ok: 5 (expected: a whole number from 0 to 3)"},
            {"\"ok\":2", "\"ok\":1", "status: 2 endpoints in all (expected: endpoints, 3)"},
            {"\"refused: connection refused by *\":1", "\"refused: connection refused by *\":2",
                "errors: 2 endpoints in all (expected: at most the 1 endpoints not ok)"},
            {"\"NO_TLS13\":2", "\"NO_TLS13\":4", "findings.NO_TLS13: 4"},
            {"\"findings\":{\"NO_TLS13\":2}", "\"findings\":[1,2]", "findings: [1,2] (expected: an object of counts)"},
        }) {
            Path f = Files.writeString(dir.resolve("bad.json"), valid.replace(bad[0], bad[1]));
            Result r = run("summarize", f.toString());
            assertThat(r.code()).as(bad[1]).isEqualTo(Main.USAGE);
            assertThat(r.err()).as(bad[1]).contains(f + ": neither JSON lines of tlsweep/1 reports nor a valid "
                    + "tlsweep-summary/1 summary").contains(bad[2]);
        }
        Path escapes = Files.writeString(dir.resolve("escapes.json"), valid.replace("refused: connection refused by *",
                "refused: \\u001b[2J\\u001b]0;owned\\u0007\\n  fake line"));
        Result r = run("summarize", escapes.toString());
        assertThat(r.code()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("refused: \\x1b[2J\\x1b]0;owned\\x07\\n  fake line");
        HostileOutput.assertTerminalSafe(r.out());
    }

    @Test
    void aKeyGluedToItsBeginLineIsNeverShown() throws Exception {
        String key = Files.readString(site.resolve("key.pem"));
        List<String> lines = key.lines().toList();
        String body = String.join("", lines.subList(1, lines.size() - 1));
        // The first line break lost: the key's first base64 line on its BEGIN line.
        Path glued = Files.writeString(dir.resolve("glued.pem"), lines.get(0) + String.join("\n", lines.subList(1,
                lines.size())) + "\n");
        // All line breaks lost: the whole key on one line, then a fragment pasted without its BEGIN line.
        Path oneLine = Files.writeString(dir.resolve("one-line.pem"), lines.get(0) + body + lines.get(lines.size() - 1)
                + "\n" + String.join("\n", lines.subList(2, 6)) + "\n");
        Result r = run("chain", cert(), "--key", glued.toString(), "--no-color");
        Result j = run("chain", cert(), "--key", glued.toString(), "--json");
        Result o = run("chain", cert(), "--key", oneLine.toString(), "--no-color");
        assertThat(r.code()).isEqualTo(ChainCommand.PROBLEMS);
        assertThat(r.out()).contains("PEM_MANGLED_BOUNDARY").contains("[base64 data, not shown]");
        assertThat(j.code()).isEqualTo(ChainCommand.PROBLEMS);
        assertThat(o.code()).isIn(Main.USAGE, ChainCommand.PROBLEMS);
        for (Result x : List.of(r, j, o)) {
            HostileOutput.assertNoPieceOf(body, x.out() + x.err(), 12);
        }
        assertThat(Base64.getDecoder().decode(body)).isNotEmpty();
    }
}
