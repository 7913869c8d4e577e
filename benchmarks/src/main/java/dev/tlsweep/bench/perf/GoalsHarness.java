package dev.tlsweep.bench.perf;

import dev.tlsweep.core.probe.ConnectivityHello;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ReportFiles;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.wire.ClientHelloEncoder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabFarm;
import dev.tlsweep.lab.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The four performance goals of BENCHMARKS.md ("Performance: four goals side by side"), measured in one run on this
 * machine: every tool is a process started by this harness, timed from outside (wall time from here; user and system
 * CPU and peak RSS from GNU time), against the same loopback servers, runs alternated.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.tlsweep.bench.perf.GoalsHarness \
 *     [--tlsweep './tlsweep'] [--before 'java -jar /tmp/before/tlsweep.jar'] \
 *     [--endpoints 10000] [--nmap-endpoints 500] [--runs 5] [--delay-ms 50] [--goals 1234] \
 *     [--jdk /usr/lib/jvm/temurin-25-jdk-amd64]
 * </pre>
 *
 * <ol>
 *   <li>One endpoint: nginx (TLS 1.2 and 1.3, an RSA 2048 certificate from the lab's PKI) on loopback, scanned by
 *       tlsweep (every check on, and {@code --no-checks}) and by sslscan, alternated, process start included; and a
 *       closed port (start-up alone).
 *   <li>A sweep: a {@link LabFarm} of N canned endpoints on 127.0.0.1-8 in this JVM, scanned by tlsweep (every version
 *       SSLv2 to TLS 1.3 and every IANA suite, {@code --no-groups --no-checks}), by nmap's ssl-enum-ciphers (on the
 *       first M endpoints: it is slow), and by a C epoll client making the same number of connections (connect,
 *       hello, first bytes of the answer, close: the floor of a probe's cost). Every JSON line of tlsweep is checked
 *       against the farm's configuration ({@link LabFarm.Endpoint#mismatch}). A sweep of every endpoint runs
 *       first and is not counted: it warms up the farm's JIT, which the first tool measured would pay for.
 *   <li>The same sweep with every answer of the farm delayed by D ms.
 *   <li>Politeness: a farm that closes after answering (so that its counts never exceed the scanner's), scanned with
 *       {@code --per-ip}, {@code --per-endpoint} and {@code --rate}; the most connections the farm saw open per IP and
 *       per endpoint and accepted per second, against the limits.
 * </ol>
 *
 * <p>Everything stays on loopback and every child process is bounded in time.
 */
public final class GoalsHarness {

    private static final long CHILD_TIMEOUT_SECONDS = 900;

    private final List<String> tlsweep;
    private final List<String> before;
    private final int endpoints;
    private final int nmapEndpoints;
    private final int runs;
    private final int delayMillis;
    private final Path work;
    /** A second JDK (e.g. Temurin 25) whose AOT cache goal 1 measures beside ./tlsweep, or null. */
    private final Path jdk;
    private final boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));

    private GoalsHarness(Map<String, String> args) throws IOException {
        this.tlsweep = words(args.getOrDefault("--tlsweep", "./tlsweep"));
        this.before = args.containsKey("--before") ? words(args.get("--before")) : null;
        this.endpoints = Integer.parseInt(args.getOrDefault("--endpoints", "10000"));
        this.nmapEndpoints = Integer.parseInt(args.getOrDefault("--nmap-endpoints", "500"));
        this.runs = Integer.parseInt(args.getOrDefault("--runs", "5"));
        this.delayMillis = Integer.parseInt(args.getOrDefault("--delay-ms", "50"));
        this.work = Files.createTempDirectory("tlsweep-goals");
        this.jdk = args.containsKey("--jdk") ? Path.of(args.get("--jdk")) : null;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                System.err.println("usage: GoalsHarness [--tlsweep CMD] [--before CMD] [--endpoints N] "
                        + "[--nmap-endpoints M] [--runs R] [--delay-ms D] [--goals 1234] [--jdk JAVA_HOME]");
                System.exit(2);
            }
            args.put(argv[i], argv[i + 1]);
        }
        GoalsHarness h = new GoalsHarness(args);
        String goals = args.getOrDefault("--goals", "1234");
        h.machine();
        if (goals.contains("1")) {
            h.oneEndpoint();
        }
        if (goals.contains("2") || goals.contains("3")) {
            h.sweeps(goals.contains("2"), goals.contains("3"));
        }
        if (goals.contains("4")) {
            h.politeness();
        }
    }

    // ---- the machine ----

    private void machine() throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, %s; load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), load());
        System.out.printf("tlsweep: %s%n", String.join(" ", tlsweep));
        if (before != null) {
            System.out.printf("before:  %s%n", String.join(" ", before));
        }
        // A first run of each tlsweep command outside the measurements (the launcher records its class-data
        // archive on its first run after a build).
        run(concat(tlsweep, "--version"));
        if (before != null) {
            run(concat(before, "--version"));
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- goal 1: one endpoint ----

    private void oneEndpoint() throws Exception {
        Path nginx = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(nginx)) {
            System.out.println("goal 1: skipped: nginx is not installed (apt-get install nginx)");
            return;
        }
        TestPki pki = TestPki.create();
        IssuedCertificate rsa = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        Path dir = Files.createDirectories(work.resolve("nginx"));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        rsa.writeTo(dir);
        int port = freePort();
        int closed = freePort();
        String conf = String.join("\n",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("logs/error.log") + ";",
                "events { worker_connections 1024; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir.resolve("tmp") + "; proxy_temp_path " + dir.resolve("tmp") + ";",
                "  fastcgi_temp_path " + dir.resolve("tmp") + "; uwsgi_temp_path " + dir.resolve("tmp") + ";",
                "  scgi_temp_path " + dir.resolve("tmp") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    ssl_certificate " + dir.resolve("fullchain.pem") + ";",
                "    ssl_certificate_key " + dir.resolve("key.pem") + ";",
                "    ssl_protocols TLSv1.2 TLSv1.3;",
                "    location / { return 200 \"ok\\n\"; }",
                "  }",
                "}", "");
        Files.writeString(dir.resolve("nginx.conf"), conf);
        Process server = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("logs/error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout").toFile()).start();
        try {
            waitForPort(port);
            String target = "127.0.0.1:" + port;
            String refused = "127.0.0.1:" + closed;
            System.out.printf("%ngoal 1: one endpoint (nginx %s, TLS 1.2 and 1.3, RSA 2048) at %s; %d alternated runs,"
                    + " medians, process start included; load %s%n", nginxVersion(nginx), target, runs, load());
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("tlsweep scan (every check)", concat(tlsweep, "scan", "--no-color", target));
            commands.put("tlsweep scan --no-checks", concat(tlsweep, "scan", "--no-color", "--no-checks", target));
            commands.put("sslscan", List.of("sslscan", "--no-colour", target));
            commands.put("nmap ssl-enum-ciphers", List.of("nmap", "-sT", "-Pn", "-n", "--script", "ssl-enum-ciphers",
                    "-p", String.valueOf(port), "127.0.0.1"));
            if (before != null) {
                commands.put("before: tlsweep scan (every check)", concat(before, "scan", "--no-color", target));
                commands.put("before: tlsweep scan --no-checks", concat(before, "scan", "--no-color", "--no-checks",
                        target));
            }
            List<String> aot = aotCache();
            if (aot != null) {
                commands.put("JDK 25 + AOT cache: scan (every check)", concat(aot, "scan", "--no-color", target));
                commands.put("JDK 25 + AOT cache: scan --no-checks", concat(aot, "scan", "--no-color", "--no-checks",
                        target));
                commands.put("JDK 25 + AOT cache: scan, closed port", concat(aot, "scan", "--no-color", refused));
            }
            commands.put("tlsweep scan, closed port", concat(tlsweep, "scan", "--no-color", refused));
            commands.put("sslscan, closed port", List.of("sslscan", "--no-colour", refused));
            commands.put("tlsweep --version", concat(tlsweep, "--version"));
            if (before != null) {
                commands.put("before: tlsweep scan, closed port", concat(before, "scan", "--no-color", refused));
                commands.put("before: tlsweep --version", concat(before, "--version"));
            }
            Map<String, List<Double>> walls = new LinkedHashMap<>();
            commands.keySet().forEach(k -> walls.put(k, new ArrayList<>()));
            for (int r = 0; r < runs; r++) {
                for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                    walls.get(c.getKey()).add(run(c.getValue()).wall);
                }
            }
            double sslscan = median(walls.get("sslscan"));
            double sslscanClosed = median(walls.get("sslscan, closed port"));
            for (Map.Entry<String, List<Double>> w : walls.entrySet()) {
                double m = median(w.getValue());
                double versus = w.getKey().contains("closed") ? sslscanClosed : sslscan;
                System.out.printf(Locale.ROOT, "  %-40s median %6.3f s (min %.3f, max %.3f)  %5.2fx sslscan's%n",
                        w.getKey(), m, min(w.getValue()), max(w.getValue()), m / versus);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The jar of ./tlsweep on the JDK of {@code --jdk} with an AOT cache (JEP 483/514) recorded from a run of
     * {@code tlsweep demo}, and the launcher's other flags; null without {@code --jdk}.
     */
    private List<String> aotCache() throws IOException, InterruptedException {
        if (jdk == null) {
            return null;
        }
        String java = jdk.resolve("bin/java").toString();
        Path jar = Path.of("scanner-cli/target/tlsweep.jar").toAbsolutePath();
        Path cache = work.resolve("tlsweep.aot");
        List<String> flags = List.of(java, "-Xmx320m", "-XX:MaxDirectMemorySize=128m", "-XX:+UseSerialGC",
                "-XX:NewRatio=1", "-XX:SurvivorRatio=3", "-XX:TieredStopAtLevel=1");
        Result made = run(concat(concat(flags, "-XX:AOTCacheOutput=" + cache), "-jar", jar.toString(), "demo"));
        if (!Files.isRegularFile(cache)) {
            System.out.println("  (no AOT cache from " + java + ": " + made.output.lines().reduce((a, b) -> b).orElse("")
                    + ")");
            return null;
        }
        System.out.printf("  AOT cache: %s, %d MiB, recorded from tlsweep demo on %s%n", cache, Files.size(cache) >> 20,
                java);
        return concat(concat(flags, "-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"), "-jar",
                jar.toString());
    }

    private static String nginxVersion(Path nginx) {
        try {
            Process p = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return v.replace("nginx version: nginx/", "");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    // ---- goals 2 and 3: sweeps ----

    private void sweeps(boolean throughput, boolean latency) throws Exception {
        Result plain = null;
        Result plainBefore = null;
        if (throughput) {
            try (LabFarm farm = LabFarm.builder().endpoints(endpoints).addresses(8).seed(42).threads(2).start()) {
                Path inventory = inventory(farm, endpoints, "farm.txt");
                System.out.printf("%ngoal 2: %d canned endpoints (LabFarm, 127.0.0.1-8, 2 threads in the harness's JVM),"
                        + " every version SSLv2 to TLS 1.3 and every IANA suite; load %s%n", endpoints, load());
                warmUp(farm);
                plain = sweep(farm, inventory, tlsweep, "tlsweep");
                if (before != null) {
                    plainBefore = sweep(farm, inventory, before, "before: tlsweep");
                    plain = sweep(farm, inventory, tlsweep, "tlsweep, again");
                }
                Path nmapInventory = inventory(farm, nmapEndpoints, "nmap.txt");
                Result nmap = nmap(farm, nmapInventory, Math.min(nmapEndpoints, endpoints));
                Result floor = floor(farm, inventory, plain.probes);
                System.out.printf(Locale.ROOT, "  tlsweep vs nmap: %.1fx the endpoints per second%n",
                        plain.perSecond() / nmap.perSecond());
                if (floor != null) {
                    System.out.printf(Locale.ROOT, "  tlsweep vs the C floor: %.2fx the CPU per connection%n",
                            plain.cpuPerProbeMicros() / floor.cpuPerProbeMicros());
                }
                if (plainBefore != null) {
                    System.out.printf(Locale.ROOT, "  after vs before: %.2fx the endpoints per second, %.2fx the CPU per"
                                    + " probe, %.2fx the peak RSS%n", plain.perSecond() / plainBefore.perSecond(),
                            plain.cpuPerProbeMicros() / plainBefore.cpuPerProbeMicros(),
                            (double) plain.maxRssKb / plainBefore.maxRssKb);
                }
            }
        }
        if (latency) {
            try (LabFarm farm = LabFarm.builder().endpoints(endpoints).addresses(8).seed(42).threads(2)
                    .latency(Duration.ofMillis(delayMillis)).start()) {
                Path inventory = inventory(farm, endpoints, "farm-delayed.txt");
                System.out.printf("%ngoal 3: the same %d endpoints, every answer delayed by %d ms; load %s%n", endpoints,
                        delayMillis, load());
                warmUp(farm);
                Result delayed = sweep(farm, inventory, tlsweep, "tlsweep");
                if (plain != null) {
                    System.out.printf(Locale.ROOT, "  delayed / no delay: %.2fx the wall time%n",
                            delayed.wall / plain.wall);
                }
                if (before != null) {
                    Result delayedBefore = sweep(farm, inventory, before, "before: tlsweep");
                    if (plainBefore != null) {
                        System.out.printf(Locale.ROOT, "  before: delayed / no delay: %.2fx the wall time%n",
                                delayedBefore.wall / plainBefore.wall);
                    }
                }
            }
        }
    }

    /**
     * A sweep of the whole farm, not counted: the farm runs in this JVM, and its code is interpreted until the JIT
     * has compiled it; without this the first tool measured pays for that (the first tlsweep run made 387 endpoints/s
     * where the next made 519/s; after a warm-up of 3,000 endpoints, 466/s against 523/s).
     */
    private void warmUp(LabFarm farm) throws Exception {
        int n = endpoints;
        Path inventory = inventory(farm, n, "warm-up.txt");
        Path out = work.resolve("warm-up.jsonl");
        Files.deleteIfExists(out);
        Result r = run(concat(tlsweep, "scan", "--no-groups", "--no-checks", "--no-progress", "-i", inventory.toString(),
                "-o", out.toString()));
        System.out.printf(Locale.ROOT, "  %-16s %6d endpoints in %7.2f s (the farm's JIT warms up; not counted)%n",
                "warm-up", n, r.wall);
    }

    /** One tlsweep sweep of the farm: JSON lines to a file, checked against the farm's configuration. */
    private Result sweep(LabFarm farm, Path inventory, List<String> command, String label) throws Exception {
        Path out = work.resolve("sweep.jsonl");
        Files.deleteIfExists(out);
        long connections0 = farm.connections();
        Result r = run(concat(command, "scan", "--no-groups", "--no-checks", "--no-progress", "-i",
                inventory.toString(), "-o", out.toString()));
        r.probes = farm.connections() - connections0;
        long lines = Files.lines(inventory).count();
        r.endpoints = lines;
        String check = check(farm, out);
        System.out.printf(Locale.ROOT, "  %-16s %6d endpoints in %7.2f s: %6.0f endpoints/s; %7d probes, %5.1f per"
                        + " endpoint; CPU %6.2f s = %5.1f us per probe; peak RSS %4d MiB; %s%n", label, lines, r.wall,
                r.perSecond(), r.probes, (double) r.probes / lines, r.cpu(), r.cpuPerProbeMicros(), r.maxRssKb / 1024,
                check);
        return r;
    }

    /** Compares every report of {@code out} with the farm's configuration. */
    private static String check(LabFarm farm, Path out) throws IOException {
        Map<String, LabFarm.Endpoint> byTarget = new HashMap<>();
        for (LabFarm.Endpoint e : farm.endpoints()) {
            byTarget.put(e.address().getAddress().getHostAddress() + ":" + e.address().getPort(), e);
        }
        int[] exact = new int[1];
        int[] total = new int[1];
        List<String> wrong = new ArrayList<>();
        ReportFiles.read(out, (line, n) -> {
            EndpointReport r = line.report();
            total[0]++;
            LabFarm.Endpoint e = byTarget.get(r.target());
            String mismatch = e == null ? "not a farm endpoint"
                    : r.status() != ScanStatus.OK ? "status " + r.status() + ": " + r.error()
                    : e.mismatch(found(r));
            if (mismatch == null) {
                exact[0]++;
            } else if (wrong.size() < 3) {
                wrong.add(r.target() + ": " + mismatch);
            }
        });
        return "exact against the farm: " + exact[0] + "/" + total[0] + (wrong.isEmpty() ? "" : " " + wrong);
    }

    private static Map<Integer, List<Integer>> found(EndpointReport report) {
        Map<Integer, List<Integer>> found = new TreeMap<>();
        for (ProtocolReport p : report.protocols()) {
            if (p.accepted()) {
                found.put(p.version().wire(), p.suites().stream().map(AcceptedSuite::suite).map(s -> s.code()).toList());
            }
        }
        return found;
    }

    /** nmap's ssl-enum-ciphers on the endpoints listed (one run, every address and port of them). */
    private Result nmap(LabFarm farm, Path inventory, int count) throws Exception {
        List<String> lines = Files.readAllLines(inventory);
        TreeSet<String> ips = new TreeSet<>();
        TreeSet<Integer> ports = new TreeSet<>();
        for (String l : lines) {
            int colon = l.lastIndexOf(':');
            ips.add(l.substring(0, colon));
            ports.add(Integer.parseInt(l.substring(colon + 1)));
        }
        // "+": the script runs on every open port, not only on those nmap knows to speak TLS (no -sV needed).
        List<String> command = new ArrayList<>(List.of("nmap", "-sT", "-Pn", "-n", "--script",
                "+ssl-enum-ciphers", "-p", ports.stream().map(String::valueOf).collect(Collectors.joining(","))));
        command.addAll(ips);
        long connections0 = farm.connections();
        Result r = run(command);
        r.probes = farm.connections() - connections0;
        // Every farm endpoint at one of the addresses and ports scanned is scanned: those with a cipher list count.
        long reported = r.output.lines().filter(l -> l.contains("ssl-enum-ciphers:")).count();
        r.endpoints = reported;
        System.out.printf(Locale.ROOT, "  %-16s %6d endpoints in %7.2f s: %6.0f endpoints/s; %7d connections accepted by"
                        + " the farm, %.1f per endpoint; CPU %6.2f s = %5.1f us per connection (nmap -sT -Pn -n --script"
                        + " +ssl-enum-ciphers, one run over %d addresses x %d ports: the %d endpoints listed and the"
                        + " farm's others at those addresses and ports)%n", "nmap", reported, r.wall, r.perSecond(),
                r.probes, (double) r.probes / Math.max(1, reported), r.cpu(), r.cpuPerProbeMicros(), ips.size(),
                ports.size(), count);
        return r;
    }

    /** The C floor: the same number of connections as tlsweep made, to the same endpoints, 2000 at once. */
    private Result floor(LabFarm farm, Path inventory, long connections) throws Exception {
        Path source = Path.of("benchmarks/src/main/c/floor.c");
        if (!Files.isRegularFile(source)) {
            System.out.println("  floor: skipped: run from the repository's root (benchmarks/src/main/c/floor.c)");
            return null;
        }
        Path binary = work.resolve("floor");
        Result cc = run(List.of("cc", "-O2", "-o", binary.toString(), source.toString()));
        if (cc.exit != 0) {
            System.out.println("  floor: skipped: cc failed: " + cc.output.strip());
            return null;
        }
        Path targets = work.resolve("floor-targets.txt");
        Files.write(targets, Files.readAllLines(inventory).stream().map(l -> l.replace(':', ' ')).toList());
        Path hello = work.resolve("hello.bin");
        Files.write(hello, ClientHelloEncoder.encode(ConnectivityHello.build(null)));
        long connections0 = farm.connections();
        Result r = run(List.of(binary.toString(), targets.toString(), hello.toString(), String.valueOf(connections),
                "2000"));
        r.probes = farm.connections() - connections0;
        System.out.printf(Locale.ROOT, "  %-16s %6s           %7.2f s; %7d connections (connect, the connectivity hello,"
                        + " the first bytes of the answer, RST); CPU %6.2f s = %5.1f us per connection; %s%n", "C floor",
                "", r.wall, r.probes, r.cpu(), r.cpuPerProbeMicros(), r.output.strip());
        return r;
    }

    // ---- goal 4: politeness ----

    private void politeness() throws Exception {
        int n = Math.min(endpoints, 2000);
        try (LabFarm farm = LabFarm.builder().endpoints(n).addresses(8).seed(43).threads(2).closeAfterAnswer(true)
                .start()) {
            Path inventory = inventory(farm, n, "polite.txt");
            System.out.printf("%ngoal 4: politeness: %d canned endpoints on 8 addresses that close after answering"
                    + " (the farm's counts never exceed the scanner's); load %s%n", n, load());
            farm.resetPeaks();
            Result free = polite(farm, inventory, List.of(), "no limit");
            farm.resetPeaks();
            Result limited = polite(farm, inventory, List.of("--per-ip", "16", "--per-endpoint", "4", "--rate", "3000"),
                    "--per-ip 16 --per-endpoint 4 --rate 3000");
            System.out.printf(Locale.ROOT, "  limited / free: %.2fx the wall time (%d and %d probes)%n",
                    limited.wall / free.wall, limited.probes, free.probes);
        }
    }

    private Result polite(LabFarm farm, Path inventory, List<String> limits, String label) throws Exception {
        Path out = work.resolve("polite.jsonl");
        Files.deleteIfExists(out);
        long connections0 = farm.connections();
        List<String> command = new ArrayList<>(concat(tlsweep, "scan", "--no-groups", "--no-checks", "--no-progress",
                "-i", inventory.toString(), "-o", out.toString()));
        command.addAll(limits);
        Result r = run(command);
        r.probes = farm.connections() - connections0;
        System.out.printf(Locale.ROOT, "  %-42s %6.2f s, %6d probes; the farm saw at most %d open per IP, %d per"
                        + " endpoint, %d accepted in one second; %s%n", label, r.wall, r.probes, farm.maxOpenPerAddress(),
                farm.maxOpenPerEndpoint(), farm.maxConnectionsPerSecond(), check(farm, out));
        return r;
    }

    // ---- helpers ----

    private Path inventory(LabFarm farm, int count, String name) throws IOException {
        Path file = work.resolve(name);
        Files.write(file, farm.endpoints().subList(0, Math.min(count, farm.endpoints().size())).stream()
                .map(e -> e.address().getAddress().getHostAddress() + ":" + e.address().getPort()).toList());
        return file;
    }

    /** What one child process took. */
    private static final class Result {
        double wall;
        double user;
        double sys;
        long maxRssKb;
        int exit;
        String output = "";
        long probes;
        long endpoints;

        double cpu() {
            return user + sys;
        }

        double perSecond() {
            return endpoints / wall;
        }

        double cpuPerProbeMicros() {
            return cpu() * 1e6 / Math.max(1, probes);
        }
    }

    /** Runs a command under GNU time (when present), its output kept, bounded in time. */
    private Result run(List<String> command) throws IOException, InterruptedException {
        Path times = work.resolve("time.txt");
        List<String> full = new ArrayList<>();
        if (gnuTime) {
            full.addAll(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S %M %x"));
        }
        full.addAll(command);
        Path output = work.resolve("output.txt");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": still running after " + CHILD_TIMEOUT_SECONDS + " s");
        }
        Result r = new Result();
        r.wall = (System.nanoTime() - t0) / 1e9;
        r.exit = p.exitValue();
        r.output = Files.readString(output, StandardCharsets.ISO_8859_1);
        if (gnuTime && Files.isRegularFile(times)) {
            String[] last = Files.readAllLines(times).stream().filter(l -> !l.isBlank()).reduce((a, b) -> b)
                    .orElse("").trim().split("\\s+");
            if (last.length >= 4) {
                r.user = Double.parseDouble(last[1]);
                r.sys = Double.parseDouble(last[2]);
                r.maxRssKb = Long.parseLong(last[3]);
            }
        }
        return r;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(Arrays.asList(tail));
        return out;
    }

    private static List<String> words(String command) {
        return Arrays.stream(command.trim().split("\\s+")).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new UncheckedIOException(new IOException("nothing listens on 127.0.0.1:" + port + " after 5 s"));
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
