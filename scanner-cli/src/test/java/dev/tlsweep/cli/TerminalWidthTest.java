package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.render.TerminalLayout;
import dev.tlsweep.lab.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tlsweep as a person sees it on a terminal: run in a pseudo-terminal of 80 columns ({@code script} from
 * util-linux, which Debian always has), the demo's every line fits, and the colour rules hold (NO_COLOR only
 * when not empty, TERM=dumb, --color, no colour into a pipe).
 */
class TerminalWidthTest {

    private static final String ESC = "\u001B[";

    @TempDir
    static Path dir;

    private static Path cert;
    private static Path root;

    @BeforeAll
    static void files() {
        TestPki pki = TestPki.create();
        Path site = pki.leaf("localhost").issue().writeTo(dir.resolve("site"));
        cert = site.resolve("fullchain.pem");
        root = site.resolve("root.pem");
    }

    private static boolean scriptAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/script"));
    }

    /** Runs tlsweep with {@code args} in an 80x40 pseudo-terminal (or a pipe) and returns what it printed. */
    private static String run(boolean terminal, Map<String, String> env, String... args) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        java.addAll(List.of(args));
        List<String> command;
        if (terminal) {
            StringBuilder line = new StringBuilder("stty cols 80 rows 40; exec");
            for (String a : java) {
                line.append(" '").append(a.replace("'", "'\\''")).append('\'');
            }
            command = List.of("script", "-qec", line.toString(), "/dev/null");
        } else {
            command = java;
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("NO_COLOR");
        pb.environment().remove("COLUMNS");
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tlsweep ended").isTrue();
        return new String(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** What a terminal shows of each line: the text after the last carriage return, colours left out. */
    private static List<String> visibleLines(String output) {
        List<String> out = new ArrayList<>();
        for (String l : output.split("\n", -1)) {
            if (l.startsWith("SLF4J(")) {
                continue; // the test class path's logging notice, not tlsweep's output (the jar has a binding)
            }
            String shown = l.substring(l.lastIndexOf('\r') + 1).replaceAll("\u001B\\[[0-9;]*K", "");
            out.add(TerminalLayout.strip(shown));
        }
        return out;
    }

    @Test
    void theDemoFitsEightyColumnsInColour() throws Exception {
        assumeTrue(scriptAvailable(), "script (util-linux) is not installed");
        String out = run(true, Map.of(), "demo");
        List<String> lines = visibleLines(out);
        assertThat(lines).as("the demo printed its reports").anyMatch(l -> l.contains("Certificate chain"))
                .anyMatch(l -> l.contains("Findings:"));
        assertThat(out).as("colours on a terminal").contains(ESC);
        List<String> tooLong = lines.stream().filter(l -> l.codePointCount(0, l.length()) > 80).toList();
        assertThat(tooLong).as("lines over 80 columns").isEmpty();
        // a long finding was wrapped, not cut: its continuation is indented under the finding
        assertThat(lines).anyMatch(l -> l.startsWith("             ") && !l.isBlank());
    }

    @Test
    void coloursFollowNoColorTermAndTheOption() throws Exception {
        assumeTrue(scriptAvailable(), "script (util-linux) is not installed");
        String[] chain = {"chain", cert.toString(), "--ca-file", root.toString(), "--host", "localhost"};
        assertThat(run(true, Map.of(), chain)).as("a terminal").contains(ESC);
        assertThat(run(true, Map.of("NO_COLOR", "1"), chain)).as("NO_COLOR=1").doesNotContain(ESC);
        assertThat(run(true, Map.of("NO_COLOR", ""), chain)).as("NO_COLOR empty: ignored").contains(ESC);
        assertThat(run(true, Map.of("TERM", "dumb"), chain)).as("TERM=dumb").doesNotContain(ESC);
        assertThat(run(true, Map.of(), concat(chain, "--color=never"))).as("--color=never").doesNotContain(ESC);
        assertThat(run(true, Map.of(), concat(chain, "--no-color"))).as("--no-color").doesNotContain(ESC);
        assertThat(run(false, Map.of(), chain)).as("a pipe").doesNotContain(ESC);
        assertThat(run(false, Map.of("NO_COLOR", "1"), concat(chain, "--color=always"))).as("--color=always")
                .contains(ESC);
    }

    @Test
    void aPipeIsNotWrappedUnlessAWidthIsAsked() throws Exception {
        String[] chain = {"chain", cert.toString(), "--ca-file", root.toString(), "--host", "localhost"};
        List<String> wide = visibleLines(run(false, Map.of(), chain));
        assertThat(wide).as("the OpenSSL line whole").anyMatch(l -> l.length() > 80);
        List<String> narrow = visibleLines(run(false, Map.of("COLUMNS", "60"), chain));
        assertThat(narrow).allMatch(l -> l.length() <= 60);
        List<String> option = visibleLines(run(false, Map.of(), concat(chain, "--width", "50")));
        assertThat(option).allMatch(l -> l.length() <= 50);
    }

    private static String[] concat(String[] a, String... more) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
