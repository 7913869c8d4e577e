package dev.tlsweep.bench.sweep;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.InventoryReader;
import dev.tlsweep.core.inventory.Shard;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.core.sink.JsonLinesSink;
import dev.tlsweep.core.sink.JsonlFile;
import dev.tlsweep.core.sweep.Sweep;
import dev.tlsweep.core.sweep.SweepOptions;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabFarm;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.LatencyProxy;
import dev.tlsweep.lab.TestPki;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * End-to-end harnesses for BENCHMARKS.md; not JMH. Run from the shaded jar:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.tlsweep.bench.sweep.SweepHarness farm 1000
 * java -cp benchmarks/target/benchmarks.jar dev.tlsweep.bench.sweep.SweepHarness refused 1000000
 * java -cp benchmarks/target/benchmarks.jar dev.tlsweep.bench.sweep.SweepHarness compare 20
 * java -cp benchmarks/target/benchmarks.jar dev.tlsweep.bench.sweep.SweepHarness connect 20000
 * </pre>
 *
 * <p>{@code farm N} starts a {@link LabFarm} of N endpoints in this JVM and scans it (every version,
 * SSLv2 to TLS 1.3) from a child JVM, so that the child's CPU time and peak RSS are the scanner's
 * alone. {@code refused N} sweeps N lines of refused loopback ports and samples memory as it goes.
 * {@code compare N} scans N lab servers with tlsweep, sslscan and nmap's ssl-enum-ciphers, one after
 * the other. {@code connect N} times N plain TCP connections on loopback, for scale.
 */
public final class SweepHarness {

    private SweepHarness() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        int n = args.length > 1 && !mode.equals("scan-child") ? Integer.parseInt(args[1]) : 0;
        switch (mode) {
            case "farm" -> farm(n == 0 ? 1000 : n);
            case "scan-child" -> scanChild(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "refused" -> refused(n == 0 ? 1_000_000 : n);
            case "compare" -> compare(n == 0 ? 20 : n, args.length > 2 ? Integer.parseInt(args[2]) : 0);
            case "connect" -> connect(n == 0 ? 20_000 : n);
            case "serve" -> serve(n, Path.of(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: SweepHarness farm N | refused N | compare N [DELAY_MS] | connect N"
                        + " | serve N INVENTORY SECONDS");
                System.exit(2);
            }
        }
    }

    private static void farm(int n) throws Exception {
        try (LabFarm farm = LabFarm.builder().endpoints(n).addresses(8).seed(42).threads(1).start()) {
            Path inventory = Files.createTempFile("farm", ".txt");
            try (BufferedWriter w = Files.newBufferedWriter(inventory)) {
                for (LabFarm.Endpoint e : farm.endpoints()) {
                    w.write(e.address().getAddress().getHostAddress() + ":" + e.address().getPort() + "\n");
                }
            }
            System.out.printf("farm: %d endpoints on 8 loopback addresses, 1 event-loop thread%n", n);
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SweepHarness.class.getName(), "scan-child",
                    inventory.toString(), "all", "2000");
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            p.waitFor();
            System.out.printf("farm: %d connections accepted%n", farm.connections());
            Files.deleteIfExists(inventory);
        }
    }

    /** Starts a farm of N endpoints for SECONDS and writes their addresses to INVENTORY, for trying the CLI. */
    private static void serve(int n, Path inventory, int seconds) throws Exception {
        try (LabFarm farm = LabFarm.builder().endpoints(n).addresses(4).seed(42).start()) {
            Files.write(inventory, farm.endpoints().stream()
                    .map(e -> e.address().getAddress().getHostAddress() + ":" + e.address().getPort()).toList());
            System.out.printf("serve: %d endpoints listed in %s for %d s%n", n, inventory, seconds);
            Thread.sleep(seconds * 1000L);
        }
    }

    /**
     * What these harnesses measure: versions, suites, preference and certificates — the scan as it was when
     * BENCHMARKS.md's sweep numbers were taken (--no-groups --no-checks). PeerComparison measures the whole scan.
     */
    private static final ScanOptions SUITES_ONLY = ScanOptions.defaults().withGroups(false).withChecks(false);

    /** Sweeps an inventory file, writing JSON lines to a temporary file; prints the scanner's costs. */
    private static void scanChild(Path inventory, String versions, int concurrency) throws Exception {
        ScanOptions options = SUITES_ONLY;
        if (versions.equals("tls")) {
            options = options.withVersions(java.util.EnumSet.of(dev.tlsweep.core.registry.ProtocolVersion.TLSv1_2,
                    dev.tlsweep.core.registry.ProtocolVersion.TLSv1_3));
        }
        sweep(inventory, options, EngineConfig.defaults().withMaxInFlight(concurrency), 0);
    }

    private static void sweep(Path inventory, ScanOptions options, EngineConfig config, long sampleEveryMillis)
            throws Exception {
        Path out = Files.createTempFile("sweep", ".jsonl");
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = null;
        try (ScanEngine engine = new ScanEngine(config);
                InventoryReader reader = new InventoryReader(List.of(), Files.newBufferedReader(inventory), "inventory",
                        InventoryReader.DEFAULT_MAX_CIDR_ADDRESSES, Shard.ALL, e -> System.err.println(e));
                JsonlFile sink = JsonlFile.open(out, false, Duration.ofSeconds(1))) {
            if (sampleEveryMillis > 0) {
                sampler = new Thread(() -> {
                    while (running.get()) {
                        Runtime rt = Runtime.getRuntime();
                        System.out.printf("  t=%5.1fs lines=%8d connections=%8d rss=%4d MiB heap used=%4d MiB%n",
                                (System.nanoTime() - t0) / 1e9, reader.linesRead(), engine.stats().connectionsOpened(),
                                status("VmRSS") / 1024, (rt.totalMemory() - rt.freeMemory()) >> 20);
                        try {
                            Thread.sleep(sampleEveryMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "sampler");
                sampler.setDaemon(true);
                sampler.start();
            }
            Sweep sweep = new Sweep(engine, new Scanner(engine, options),
                    new SweepOptions(false, SweepOptions.defaultMaxEndpointsInFlight(config.maxInFlight())));
            Sweep.Result r = sweep.run(reader, e -> false, new JsonLinesSink(sink));
            running.set(false);
            double secs = (System.nanoTime() - t0) / 1e9;
            long cpu = processCpuNanos() - cpu0;
            long probes = engine.stats().connectionsOpened();
            System.out.printf("scanner: %d endpoints in %.2f s: %.0f endpoints/s, %d probes (connections), "
                            + "%.0f probes/s%n", r.targets(), secs, r.targets() / secs, probes, probes / secs);
            System.out.printf("scanner: process CPU %.2f s = %.1f us per probe; peak RSS (VmHWM) %d MiB; "
                            + "output %d MiB%n", cpu / 1e9, cpu / 1e3 / Math.max(1, probes), status("VmHWM") / 1024,
                    Files.size(out) >> 20);
        } finally {
            running.set(false);
            Files.deleteIfExists(out);
        }
    }

    private static void refused(int n) throws Exception {
        Path inventory = Files.createTempFile("refused", ".txt");
        try (BufferedWriter w = Files.newBufferedWriter(inventory)) {
            // 127.0.1.0 .. 127.0.x.255, ports 1..: nothing listens there, every connection is refused.
            for (int i = 0; i < n; i++) {
                w.write("127." + (1 + i / 65536 % 200) + "." + (i / 256 % 256) + "." + (i % 256) + ":"
                        + (20 + i % 7) + "\n");
            }
        }
        System.out.printf("refused: %d lines, %d MiB; heap limit %d MiB%n", n, Files.size(inventory) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        sweep(inventory, SUITES_ONLY, EngineConfig.defaults().withMaxInFlight(2000), 5000);
        Files.deleteIfExists(inventory);
    }

    /**
     * tlsweep, sslscan and nmap on the same {@code n} lab servers, optionally behind a {@link LatencyProxy}
     * that delays each direction by {@code delayMillis} (a round trip of twice that), as across a network.
     */
    private static void compare(int n, int delayMillis) throws Exception {
        TestPki pki = TestPki.create();
        IssuedCertificate rsa = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        List<LabServer> servers = new ArrayList<>();
        List<LatencyProxy> proxies = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                servers.add(LabServer.builder().protocols("TLSv1.2", "TLSv1.3")
                        .ciphers("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA")
                        .serverPreference(i % 2 == 0).certificate(rsa).start());
            }
            List<Integer> ports = new ArrayList<>();
            for (LabServer s : servers) {
                if (delayMillis > 0) {
                    LatencyProxy proxy = LatencyProxy.start(s.address(), java.time.Duration.ofMillis(delayMillis));
                    proxies.add(proxy);
                    ports.add(proxy.port());
                } else {
                    ports.add(s.port());
                }
            }
            Path inventory = Files.createTempFile("compare", ".txt");
            Files.write(inventory, ports.stream().map(p -> "127.0.0.1:" + p).toList());
            System.out.printf("compare: %d LabServer endpoints (BoringSSL, TLS 1.2 + 1.3, 6 suites)%s%n", n,
                    delayMillis > 0 ? ", behind a proxy adding " + delayMillis + " ms each way" : "");

            long t0 = System.nanoTime();
            sweep(inventory, SUITES_ONLY, EngineConfig.defaults(), 0);
            System.out.printf("compare: tlsweep (all versions SSLv2..TLS 1.3, every IANA suite), cold JVM: %.2f s wall%n",
                    (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            sweep(inventory, SUITES_ONLY, EngineConfig.defaults(), 0);
            System.out.printf("compare: tlsweep again, warm JVM: %.2f s wall%n", (System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            int accepted = 0;
            for (int port : ports) {
                accepted += (int) run(List.of("sslscan", "--no-colour", "127.0.0.1:" + port)).lines()
                        .filter(l -> l.startsWith("Preferred") || l.startsWith("Accepted")).count();
            }
            System.out.printf("compare: sslscan, one endpoint after the other: %.2f s wall (%d accepted suites listed)%n",
                    (System.nanoTime() - t0) / 1e9, accepted);

            String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
            t0 = System.nanoTime();
            // -sV: the script only runs on ports nmap knows to speak TLS; unusual ports need version detection.
            String nmap = run(List.of("nmap", "-sT", "-sV", "-Pn", "-n", "--script", "ssl-enum-ciphers", "-p", portList,
                    "127.0.0.1"));
            System.out.printf("compare: nmap -sV --script ssl-enum-ciphers, all ports in one run: %.2f s wall "
                    + "(%d ports with a cipher list)%n", (System.nanoTime() - t0) / 1e9,
                    nmap.lines().filter(l -> l.contains("ssl-enum-ciphers:")).count());
            Files.deleteIfExists(inventory);
        } finally {
            for (LatencyProxy p : proxies) {
                p.close();
            }
            servers.forEach(LabServer::close);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return output;
    }

    private static void connect(int n) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            InetSocketAddress to = (InetSocketAddress) server.getLocalSocketAddress();
            for (int warm = 0; warm < 2000; warm++) {
                once(to);
            }
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                once(to);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long cpu = processCpuNanos() - cpu0;
            System.out.printf("connect: %d loopback TCP connections (connect, accept, close with RST) in %.2f s: "
                    + "%.0f/s, process CPU %.1f us per connection (both ends)%n", n, secs, n / secs, cpu / 1e3 / n);
        }
    }

    private static void once(InetSocketAddress to) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0);
            s.connect(to);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A field of /proc/self/status in kB, or -1. */
    private static long status(String field) {
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
