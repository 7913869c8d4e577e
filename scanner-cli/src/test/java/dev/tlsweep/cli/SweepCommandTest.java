package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.LabFarm;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps from the command line against a farm: inventory files with bad lines, durable output,
 * resume after SIGKILL, shards and summaries.
 */
class SweepCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LabFarm farm;
    private static Path inventory;

    @TempDir
    static Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** 120 farm endpoints, 40 refused ports, a duplicate, comments and blank lines: 163 targets. */
    @BeforeAll
    static void startFarm() throws IOException {
        farm = LabFarm.builder().endpoints(120).addresses(3).seed(11).latency(Duration.ofMillis(15)).start();
        List<String> lines = new ArrayList<>();
        lines.add("# farm endpoints, then refused ports");
        for (LabFarm.Endpoint e : farm.endpoints()) {
            lines.add(e.address().getAddress().getHostAddress() + ":" + e.address().getPort());
        }
        lines.add("");
        for (int port : refusedPorts(40)) {
            lines.add("127.0.0.1:" + port + "   # nothing listens");
        }
        lines.add(lines.get(1)); // the same target twice: scanned twice
        lines.add("localhost:" + farm.endpoints().get(0).address().getPort() + " sni=farm.test");
        lines.add("127.0.0.1:" + farm.endpoints().get(3).address().getPort() + " sni=x.test"); // on 127.0.0.1
        inventory = dir.resolve("inventory.txt");
        Files.write(inventory, lines, StandardCharsets.UTF_8);
    }

    /** The sockets that hold the refused ports (bound, never listening). */
    private static final List<java.net.Socket> REFUSING = new ArrayList<>();

    @AfterAll
    static void stopFarm() throws IOException {
        for (java.net.Socket s : REFUSING) {
            s.close();
        }
        farm.close();
    }

    /**
     * Ports that refuse connections for the whole class: each is bound by a socket that never listens (a SYN to
     * it gets a reset), so no other process — another test's server, a connection's own source port — can take
     * it between the runs that must agree on it.
     */
    private static List<Integer> refusedPorts(int n) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            java.net.Socket s = new java.net.Socket();
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            REFUSING.add(s);
            ports.add(s.getLocalPort());
        }
        return ports;
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String[] scanArgs(Path output, String... more) {
        List<String> a = new ArrayList<>(List.of("scan", "-i", inventory.toString(), "-o", output.toString(),
                "--protocols", "tls1.2,tls1.3", "--timeout", "3", "--retries", "2", "--no-progress"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Each report line reduced to what must not change between runs: line, target, status, suites. */
    private static List<String> essence(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        Schemas.reports(Files.readString(file));
        for (String l : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(l);
            StringBuilder b = new StringBuilder();
            b.append(n.get("line").asLong()).append(' ').append(n.get("target").asText()).append(' ')
                    .append(n.get("status").asText());
            for (JsonNode p : n.get("protocols")) {
                if (p.get("accepted").asBoolean()) {
                    b.append(' ').append(p.get("version").asText()).append('=');
                    p.get("suites").forEach(s -> b.append(s.get("code").asText()).append(','));
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void aKilledScanResumesToExactlyTheReportsOfAnUninterruptedOne() throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        assertThat(run(scanArgs(whole))).isEqualTo(Main.UNSCANNED); // refused ports
        List<String> expected = essence(whole);
        assertThat(expected).hasSize(163);
        assertThat(new HashSet<>(expected)).hasSize(163);

        Path killed = dir.resolve("killed.jsonl");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Xmx256m", Main.class.getName()));
        command.addAll(List.of(scanArgs(killed, "--max-endpoints-in-flight", "4", "--concurrency", "8")));
        command.remove("scan");
        command.add(command.indexOf(Main.class.getName()) + 1, "scan");
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines(killed) < 30 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("the child was still scanning: " + Files.readString(
                    dir.resolve("child.log"))).isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            child.waitFor(10, TimeUnit.SECONDS);
        }
        long before = lines(killed);
        assertThat(before).isBetween(30L, 162L);

        assertThat(run(scanArgs(killed, "--resume"))).isEqualTo(Main.UNSCANNED);
        assertThat(err.toString()).contains("tlsweep: resuming: ");
        List<String> resumed = essence(killed);
        assertThat(resumed).hasSize(163).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(resumed)).isEqualTo(new TreeSet<>(expected));
    }

    private static String authority(LabFarm.Endpoint e) {
        return e.address().getAddress().getHostAddress() + ":" + e.address().getPort();
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return Files.readString(file).chars().filter(c -> c == '\n').count();
    }

    @Test
    void shardsTogetherScanTheWholeInventoryOnceAndSummarizeMergesThem() throws Exception {
        int n = 3;
        List<String> union = new ArrayList<>();
        List<String> summaryFiles = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            Path part = dir.resolve("shard" + i + ".jsonl");
            Path summary = dir.resolve("shard" + i + ".summary.json");
            run(scanArgs(part, "--shard", i + "/" + n, "--summary", summary.toString()));
            List<String> e = essence(part);
            assertThat(e).as("shard " + i).isNotEmpty();
            union.addAll(e);
            summaryFiles.add(i == 1 ? part.toString() : summary.toString()); // lines and summaries mix
        }
        assertThat(union).hasSize(163).doesNotHaveDuplicates();
        Set<String> targets = new HashSet<>();
        for (String e : union) {
            targets.add(e.split(" ")[0]);
        }
        assertThat(targets).hasSize(163 - 1 + 1); // every line number, the duplicate on its own line

        List<String> args = new ArrayList<>(List.of("summarize", "--json"));
        args.addAll(summaryFiles);
        out.getBuffer().setLength(0);
        assertThat(run(args.toArray(String[]::new))).isEqualTo(Main.OK);
        Schemas.summary(out.toString());
        JsonNode merged = JSON.readTree(out.toString());
        assertThat(merged.get("schema").asText()).isEqualTo("tlsweep-summary/1");
        assertThat(merged.get("endpoints").asInt()).isEqualTo(163);
        assertThat(merged.get("status").get("ok").asInt()).as(union.stream()
                .filter(u -> !u.contains(" ok")).filter(u -> !u.contains("refused")).toList().toString()).isEqualTo(123);
        assertThat(merged.get("status").get("refused").asInt()).isEqualTo(40);
        assertThat(merged.get("errors").get("refused: connection refused by *").asInt()).isEqualTo(40);
    }

    @Test
    void malformedLinesAreReportedWithTheirNumberAndTheRunGoesOn() throws Exception {
        Path bad = dir.resolve("bad.txt");
        String t = authority(farm.endpoints().get(2));
        Files.writeString(bad, t + "\nexample.com:99999\n\n# ok\nhttp://x.example/\n" + t + " sni=b.test\n");
        Path output = dir.resolve("bad.jsonl");
        int code = run("scan", "-i", bad.toString(), "-o", output.toString(), "--protocols", "tls1.2,tls1.3",
                "--no-progress");
        assertThat(code).isEqualTo(Main.UNSCANNED);
        assertThat(err.toString()).contains("skipped " + bad + ":2: 'example.com:99999': port: 99999")
                .contains("skipped " + bad + ":5: 'http://x.example/': scheme")
                .contains("Summary: 2 endpoints");
        assertThat(essence(output)).extracting(s -> s.split(" ")[0]).containsExactlyInAnyOrder("1", "6");
    }

    @Test
    void stdoutGetsJsonLinesAndArgumentsMixWithAFile() throws Exception {
        Path one = dir.resolve("one.txt");
        Files.writeString(one, authority(farm.endpoints().get(3)) + "\n");
        int code = run("scan", "--json", "--no-progress", "--protocols", "tls1.2,tls1.3", "-i", one.toString(),
                authority(farm.endpoints().get(4)));
        List<String> lines = out.toString().lines().toList();
        Schemas.reports(out.toString());
        assertThat(code).as(out.toString()).isEqualTo(Main.OK);
        assertThat(lines).hasSize(2);
        assertThat(lines).extracting(l -> JSON.readTree(l).get("line").asInt()).containsExactlyInAnyOrder(1, 2);
        assertThat(run("scan", "--resume", "x")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--resume needs -o FILE");
        assertThat(new File(one.toString())).exists();
    }
}
