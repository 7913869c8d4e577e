package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.LabFarm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
 * Runs the exact command lines of the Kubernetes sweep Job (docker/kubernetes/sweep-indexed-job.yaml) on this
 * machine, as the pods would: every shard's script with its JOB_COMPLETION_INDEX, one shard killed mid-way and run
 * again (the retry of its pod), the merge Job's wait and summarize scripts. The merged summary.json must equal the
 * summary of one unsharded run of the same inventory, and the shards' reports together the unsharded reports. The
 * inventory has endpoints that refuse connections and a `host sni=name` line: the shards still succeed.
 */
class JobCommandLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fewer shards than the manifest's 8 (the scripts take SHARDS from the environment), so each has work to kill. */
    private static final int SHARDS = 3;

    @TempDir
    static Path dir;
    private static LabFarm farm;
    private static Path inventory;
    private static Path bin;

    @BeforeAll
    static void setUp() throws IOException {
        farm = LabFarm.builder().endpoints(90).addresses(3).seed(23).latency(Duration.ofMillis(25)).start();
        List<String> lines = new ArrayList<>(List.of("# farm endpoints, refused ports, a name with sni="));
        for (LabFarm.Endpoint e : farm.endpoints()) {
            lines.add(e.address().getAddress().getHostAddress() + ":" + e.address().getPort());
        }
        for (int i = 0; i < 6; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                lines.add("127.0.0.1:" + s.getLocalPort());
            }
        }
        lines.add("localhost:" + farm.endpoints().get(0).address().getPort() + " sni=farm.test");
        inventory = dir.resolve("inventory.txt");
        Files.write(inventory, lines, StandardCharsets.UTF_8);
        // `tlsweep` on PATH, as in the image: this build's classes.
        bin = Files.createDirectories(dir.resolve("bin"));
        Path shim = bin.resolve("tlsweep");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.writeString(shim, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Xmx256m -cp '" + classpath + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void tearDown() {
        if (farm != null) {
            farm.close();
        }
    }

    @Test
    void shardsResumedAfterAKillAndMergedGiveTheSummaryOfOneUnshardedRun() throws Exception {
        PodSpec sweepPod = KubernetesManifestsTest.job("tlsweep-sweep").getSpec().getTemplate().getSpec();
        Container sweep = sweepPod.getContainers().get(0);
        PodSpec mergePod = KubernetesManifestsTest.job("tlsweep-merge").getSpec().getTemplate().getSpec();
        Container wait = mergePod.getInitContainers().get(0);
        Container merge = mergePod.getContainers().get(0);
        Path results = Files.createDirectories(dir.resolve("results"));

        // The reference: one run over the whole inventory.
        Path whole = dir.resolve("whole.jsonl");
        Path wholeSummary = dir.resolve("whole.summary.json");
        ProcessBuilder reference = new ProcessBuilder("tlsweep", "scan", "-i", inventory.toString(), "-o", whole.toString(),
                "--summary", wholeSummary.toString(), "--no-progress").redirectErrorStream(true)
                .redirectOutput(dir.resolve("whole.log").toFile());
        reference.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        // (ProcessBuilder resolves the command with the parent's PATH: name the shim itself.)
        reference.command().set(0, bin.resolve("tlsweep").toString());
        Process p = reference.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("refused endpoints: exit code 1").isEqualTo(Main.UNSCANNED);

        // Shard 1: its pod is killed mid-way, and its retry resumes.
        Process killed = start(sweep, Map.of("JOB_COMPLETION_INDEX", "0"), results, "shard-1-killed.log");
        Path out1 = results.resolve("shard-1.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(out1) < 5 && killed.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(killed.isAlive()).as("shard 1 was still scanning when killed: "
                + Files.readString(results.resolve("shard-1-killed.log"))).isTrue();
        killed.descendants().forEach(ProcessHandle::destroyForcibly); // SIGKILL, as the kubelet's after OOM
        killed.destroyForcibly();
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(results.resolve("shard-1.summary.json"))).isFalse();
        long before = lines(out1);
        for (int index = 0; index < SHARDS; index++) {
            String log = "shard-" + (index + 1) + ".log";
            Process shard = start(sweep, Map.of("JOB_COMPLETION_INDEX", Integer.toString(index)), results, log);
            assertThat(shard.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(results.resolve(log));
            assertThat(shard.exitValue()).as("shard %d (unreachable endpoints must not fail the Job): %s", index + 1, text)
                    .isZero();
            assertThat(text).contains("shard " + (index + 1) + "/" + SHARDS + " done");
            if (index == 0) {
                assertThat(text).contains("tlsweep: resuming: " + before + " reports");
            }
        }

        // The merge Job: its init container finds every summary, then summarize writes summary.json.
        Process waiting = start(wait, Map.of(), results, "wait.log");
        assertThat(waiting.waitFor(30, TimeUnit.SECONDS)).as("the wait for the shards' summaries ends").isTrue();
        assertThat(waiting.exitValue()).isZero();
        Process merging = start(merge, Map.of(), results, "merge.log");
        assertThat(merging.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(merging.exitValue()).as(Files.readString(results.resolve("merge.log"))).isZero();

        Schemas.summary(Files.readString(results.resolve("summary.json")));
        JsonNode merged = JSON.readTree(results.resolve("summary.json").toFile());
        JsonNode unsharded = JSON.readTree(wholeSummary.toFile());
        assertThat(merged.path("schema").asText()).isEqualTo("tlsweep-summary/1");
        assertThat(merged.path("endpoints").asInt()).isEqualTo(97);
        assertThat(merged).isEqualTo(unsharded);
        List<String> shardReports = new ArrayList<>();
        for (int i = 1; i <= SHARDS; i++) {
            shardReports.addAll(essence(results.resolve("shard-" + i + ".jsonl")));
        }
        assertThat(shardReports).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(shardReports)).isEqualTo(new TreeSet<>(essence(whole)));
    }

    /** Starts a container's command and arguments with its environment, the paths of the volumes moved here. */
    private static Process start(Container c, Map<String, String> extra, Path results, String log) throws IOException {
        List<String> command = new ArrayList<>(c.getCommand());
        command.addAll(c.getArgs());
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(results.resolve(log).toFile());
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue());
        }
        env.replace("SHARDS", Integer.toString(SHARDS));
        env.replace("RESULTS", results.toString());
        env.replace("INVENTORY", inventory.toString());
        env.putAll(extra);
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        b.environment().putAll(env);
        return b.start();
    }

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file).chars().filter(ch -> ch == '\n').count() : 0;
    }

    /** Each report reduced to what must not change between runs: line, target, status, accepted versions. */
    private static List<String> essence(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        Schemas.reports(Files.readString(file));
        for (String l : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(l);
            StringBuilder b = new StringBuilder().append(n.get("line").asLong()).append(' ')
                    .append(n.get("target").asText()).append(' ').append(n.get("status").asText());
            for (JsonNode v : n.get("protocols")) {
                if (v.get("accepted").asBoolean()) {
                    b.append(' ').append(v.get("version").asText()).append('=').append(v.get("suites").size());
                }
            }
            out.add(b.toString());
        }
        return out;
    }
}
