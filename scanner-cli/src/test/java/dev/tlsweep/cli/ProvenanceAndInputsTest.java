package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.core.report.Build;
import dev.tlsweep.lab.CannedResponder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What made a report is in the report (version, commit, options, trust store); {@code --version} names a real
 * version and commit; {@code demo --json} prints only JSON on stdout; {@code summarize} reads stdin, refuses a
 * file given twice.
 */
class ProvenanceAndInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void versionNamesTheBuildsVersionAndCommit() throws Exception {
        assertThat(run("--version")).isZero();
        String head = new String(new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start()
                .getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(out.toString()).startsWith("tlsweep " + Build.current().version() + "\n")
                .doesNotContain("dev\n").contains("commit " + head);
        assertThat(Build.current().version()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void everyJsonLineSaysWhatMadeItAndWithWhichOptions(@TempDir Path dir) throws Exception {
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F).start()) {
            Path output = dir.resolve("r.jsonl");
            Path summary = dir.resolve("s.json");
            run("scan", "127.0.0.1:" + server.port(), "127.0.0.1:1", "-o", output.toString(), "--summary",
                    summary.toString(), "--protocols", "tls1.2,tls1.3", "--timeout", "2.5", "--no-progress", "--no-aia");
            List<String> lines = Files.readAllLines(output);
            assertThat(lines).hasSize(2);
            for (String l : lines) {
                JsonNode s = JSON.readTree(l).get("scanner");
                assertThat(s.get("name").asText()).isEqualTo("tlsweep");
                assertThat(s.get("version").asText()).isEqualTo(Build.current().version());
                assertThat(s.get("commit").asText()).isEqualTo(Build.current().commit());
                assertThat(s.get("options").get("protocols").asText()).isEqualTo("TLSv1.2,TLSv1.3");
                assertThat(s.get("options").get("timeout").asText()).isEqualTo("2.5s");
                assertThat(s.get("options").get("aia").asText()).isEqualTo("false");
                assertThat(s.get("trustStore").get("source").asText()).startsWith("system (");
                assertThat(s.get("trustStore").get("anchors").asInt()).isPositive();
                assertThat(s.get("trustStore").get("sha256").asText()).matches("[0-9a-f]{64}");
            }
            Schemas.summary(Files.readString(summary));
            JsonNode sum = JSON.readTree(summary.toFile());
            assertThat(sum.get("scanners")).hasSize(1);
            assertThat(sum.get("scanners").get(0)).isEqualTo(JSON.readTree(lines.get(0)).get("scanner"));
            assertThat(err.toString()).contains("made by: tlsweep " + Build.current().version());
        }
    }

    @Test
    void demoJsonPrintsOnlyJsonOnStdoutThatJqReads() throws Exception {
        assertThat(run("demo", "--json")).isZero();
        String stdout = out.toString();
        List<String> lines = stdout.lines().toList();
        assertThat(lines).hasSize(6);
        for (String l : lines) {
            assertThat(JSON.readTree(l).get("schema").asText()).isEqualTo("tlsweep/1");
        }
        assertThat(err.toString()).contains("tlsweep demo: 6 endpoints");
        assumeTrue(new java.io.File("/usr/bin/jq").canExecute(), "jq is not installed (.ci/run installs it)");
        Process jq = new ProcessBuilder("jq", "-r", ".target").start();
        jq.getOutputStream().write(stdout.getBytes(StandardCharsets.UTF_8));
        jq.getOutputStream().close();
        String targets = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jq.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jq.exitValue()).isZero();
        assertThat(targets.lines()).hasSize(6).anyMatch(t -> t.startsWith("legacy (127.0.0.1:"))
                .anyMatch(t -> t.startsWith("mail (smtp://127.0.0.1:"));
    }

    @Test
    void summarizeReadsStandardInputAndRefusesAFileGivenTwice(@TempDir Path dir) throws Exception {
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F).start()) {
            Path output = dir.resolve("r.jsonl");
            run("scan", "127.0.0.1:" + server.port(), "-o", output.toString(), "--protocols", "tls1.2",
                    "--no-progress", "--no-aia");
            out.getBuffer().setLength(0);
            InputStream stdin = System.in;
            try {
                System.setIn(new ByteArrayInputStream(Files.readAllBytes(output)));
                assertThat(run("summarize", "-", "--json")).isZero();
            } finally {
                System.setIn(stdin);
            }
            JsonNode s = JSON.readTree(out.toString());
            assertThat(s.get("schema").asText()).isEqualTo("tlsweep-summary/1");
            assertThat(s.get("endpoints").asInt()).isEqualTo(1);
            assertThat(run("summarize", output.toString(), dir.resolve(".").resolve("r.jsonl").toString()))
                    .isEqualTo(Main.USAGE);
            assertThat(err.toString()).contains("is given twice");
            Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), output);
            assertThat(run("summarize", output.toString(), link.toString())).isEqualTo(Main.USAGE);
            assertThat(run("summarize", "-", "-")).isEqualTo(Main.USAGE);
            assertThat(err.toString()).contains("standard input ('-') is given twice");
        }
    }
}
