package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.HostileFront;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out of file descriptors, {@code scan} does not hang: a child process under {@code ulimit -n 1024} sweeps
 * 8,000 targets — half behind a front that accepts and never answers, half where nothing listens — and
 * ends with a report on every line and exit code 1, both with the default concurrency (which follows
 * the descriptor limit) and with {@code --concurrency 2000}, far above what the limit allows (the engine
 * throttles itself when sockets cannot be made).
 */
class DescriptorExhaustionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BLACK_HOLED = 4_000;
    private static final int REFUSED = 4_000;

    @TempDir
    static Path dir;

    private static HostileFront blackHole;
    private static Path inventory;

    @BeforeAll
    static void inventory() throws Exception {
        // Never forwards: every connection is accepted and held unanswered.
        blackHole = HostileFront.start(new InetSocketAddress("127.0.0.1", 9), HostileFront.Behaviour.blackholeAfter(0));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < BLACK_HOLED + REFUSED; i++) {
            if (i % 2 == 0) {
                lines.add("127.0.0.1:" + blackHole.port());
            } else {
                // 127.3.0.0/16: loopback, and nothing listens on port 9 there.
                int n = i / 2;
                lines.add("127.3." + (n / 250) + "." + (1 + n % 250) + ":9");
            }
        }
        inventory = dir.resolve("inventory.txt");
        Files.write(inventory, lines, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (blackHole != null) {
            blackHole.close();
        }
    }

    @Test
    void withTheDefaultConcurrencyEveryLineGetsAReport() throws Exception {
        sweepUnderUlimit("default.jsonl");
    }

    @Test
    void withAConcurrencyAboveTheDescriptorLimitEveryLineStillGetsAReport() throws Exception {
        Map<String, Integer> statuses = sweepUnderUlimit("above.jsonl", "--concurrency", "2000");
        assertThat(statuses.keySet()).as("what the engine could not try is an error: too many open files")
                .isSubsetOf("timeout", "refused", "error");
    }

    /** Runs the sweep in a child under ulimit -n 1024 and checks its reports; returns the count by status. */
    private static Map<String, Integer> sweepUnderUlimit(String output, String... extra) throws Exception {
        Path out = dir.resolve(output);
        Path log = dir.resolve(output + ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classpath, Main.class.getName(), "scan", "-i", inventory.toString(),
                "-o", out.toString(), "--timeout", "1", "--retries", "0", "--per-endpoint", "4000",
                "--protocols", "tls1.2,tls1.3", "--no-progress"));
        java.addAll(List.of(extra));
        StringBuilder script = new StringBuilder("ulimit -n 1024 && exec");
        for (String word : java) {
            script.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        Process child = new ProcessBuilder("sh", "-c", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended;
        try {
            ended = child.waitFor(240, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        String said = Files.readString(log);
        assertThat(ended).as("the sweep ended: " + tail(said)).isTrue();
        assertThat(child.exitValue()).as(tail(said)).isEqualTo(Main.UNSCANNED);
        TreeSet<Long> lines = new TreeSet<>();
        Map<String, Integer> statuses = new HashMap<>();
        for (String l : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(l);
            lines.add(n.get("line").asLong());
            statuses.merge(n.get("status").asText(), 1, Integer::sum);
            if (n.get("status").asText().equals("error")) {
                assertThat(n.get("error").asText()).contains("too many open files");
            }
        }
        assertThat(lines).as("one report per line, none twice: " + statuses).hasSize(BLACK_HOLED + REFUSED);
        assertThat(lines.first()).isEqualTo(1);
        assertThat(lines.last()).isEqualTo(BLACK_HOLED + REFUSED);
        assertThat(said).doesNotContain("Exception", "internal error");
        System.out.println(output + ": " + statuses);
        return statuses;
    }

    private static String tail(String s) {
        return s.length() <= 3000 ? s : s.substring(s.length() - 3000);
    }
}
