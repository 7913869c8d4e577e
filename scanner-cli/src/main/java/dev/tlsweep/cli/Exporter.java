package dev.tlsweep.cli;

import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.InventoryReader;
import dev.tlsweep.core.inventory.Shard;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.inventory.TargetSyntaxException;
import dev.tlsweep.core.metrics.EndpointMetrics;
import dev.tlsweep.core.metrics.PrometheusText;
import dev.tlsweep.core.metrics.ScannerMetrics;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.core.sink.MetricsFileSink;
import dev.tlsweep.core.sweep.Sweep;
import dev.tlsweep.core.sweep.SweepOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work of {@code tlsweep serve}: sweeps the inventory on a schedule (jittered, never two sweeps at once),
 * keeps the latest report of every endpoint in {@link EndpointMetrics}, reloads the inventory when its file
 * changes or on demand, and answers {@code /metrics} and {@code /probe}.
 *
 * <p>Threads: schedule and inventory state live on the single {@code control} thread; a sweep runs through
 * {@link Sweep} on a thread of its own, which folds reports into the metrics; scrapes are rendered on
 * {@code work}; scans run on the engine's event loops.
 */
final class Exporter implements HttpFront.Routes, AutoCloseable {

    /** Settings of the exporter. */
    record Settings(Path inventory, Duration interval, double jitter, Duration poll, ProbeAllowlist allow,
            int maxConcurrentProbes, Duration maxProbeTimeout, int maxEndpointsInFlight) {
    }

    /** How {@code /probe?module=NAME} scans: the module's scanner and its longest scan. */
    record Probing(String module, Scanner scanner, Duration maxTimeout, Starttls.Scheme starttls) {
    }

    /** Subtracted from Prometheus's scrape timeout so that the answer arrives before Prometheus gives up. */
    static final Duration SCRAPE_TIMEOUT_OFFSET = Duration.ofMillis(500);

    private final Settings settings;
    private final ScanEngine engine;
    private final Scanner scanner;
    private final PrometheusMeterRegistry registry;
    private final ScannerMetrics scannerMetrics;
    private final EndpointMetrics endpointMetrics;
    private final java.util.function.Supplier<EndpointMetrics> probeMetrics;
    private final Map<String, Probing> modules;
    private final ScheduledExecutorService control;
    private final ExecutorService work;
    private final PrintWriter err;
    private final Clock clock;
    private final Random random = new Random();
    private final AtomicInteger probesInFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean userInfoNoticed = new java.util.concurrent.atomic.AtomicBoolean();

    // control-thread state
    private List<Target> targets = List.of();
    private FileStamp stamp;
    private boolean sweeping;
    private boolean sweepPending;
    private ScheduledFuture<?> nextSweep;
    private volatile boolean ready;
    private volatile boolean closed;

    private record FileStamp(long modified, long size, int hash) {
    }

    Exporter(Settings settings, ScanEngine engine, Scanner scanner, PrometheusMeterRegistry registry,
            ScannerMetrics scannerMetrics, EndpointMetrics endpointMetrics,
            java.util.function.Supplier<EndpointMetrics> probeMetrics, Map<String, Probing> modules,
            ScheduledExecutorService control, ExecutorService work, PrintWriter err, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.modules = Map.copyOf(modules);
        this.engine = Objects.requireNonNull(engine, "engine");
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.scannerMetrics = Objects.requireNonNull(scannerMetrics, "scannerMetrics");
        this.endpointMetrics = Objects.requireNonNull(endpointMetrics, "endpointMetrics");
        this.probeMetrics = Objects.requireNonNull(probeMetrics, "probeMetrics");
        this.control = Objects.requireNonNull(control, "control");
        this.work = Objects.requireNonNull(work, "work");
        this.err = Objects.requireNonNull(err, "err");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Loads the inventory, starts the first sweep and the file poller. */
    void start() {
        scannerMetrics.sweepInterval(settings.interval());
        control.execute(() -> {
            reload(true);
            startSweep();
        });
        long poll = settings.poll().toMillis();
        control.scheduleWithFixedDelay(() -> reload(false), poll, poll, TimeUnit.MILLISECONDS);
    }

    /** Re-reads the inventory now (SIGHUP). */
    void reloadNow() {
        control.execute(() -> reload(true));
    }

    @Override
    public boolean ready() {
        return ready;
    }

    /**
     * Reads the inventory: one target per line as {@link TargetParser#parse} accepts it, blank lines and
     * {@code #} comments skipped, duplicates dropped. A bad line is reported and skipped; the rest is used.
     * (The one place that reads the file, to be replaced by the streaming inventory reader.)
     */
    static List<Target> readInventory(Path file, PrintWriter err) throws IOException {
        Map<String, Target> out = new LinkedHashMap<>();
        InputFiles.requireRegular(file, "an inventory file", -1);
        try (InventoryReader reader = new InventoryReader(List.of(), InventoryReader.open(file), file.toString(),
                InventoryReader.DEFAULT_MAX_CIDR_ADDRESSES, Shard.ALL,
                e -> err.println("tlsweep serve: skipped " + e), n -> err.println("tlsweep serve: " + n))) {
            while (reader.hasNext()) {
                Target target = reader.next().target();
                out.putIfAbsent(target.input(), target);
            }
        }
        return List.copyOf(out.values());
    }

    private void reload(boolean force) {
        if (closed) {
            return;
        }
        Path file = settings.inventory();
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            if (!force && stamp != null && stamp.modified() == modified && stamp.size() == size) {
                return;
            }
            int hash = contentHash(file);
            if (!force && stamp != null && stamp.hash() == hash) {
                stamp = new FileStamp(modified, size, hash);
                return;
            }
            List<Target> loaded = readInventory(file, err);
            boolean changed = !loaded.equals(targets);
            stamp = new FileStamp(modified, size, hash);
            targets = loaded;
            scannerMetrics.inventoryLoaded(true, loaded.size());
            err.println("tlsweep serve: inventory " + file + ": " + loaded.size() + " targets");
            err.flush();
            if (changed && stamp != null) {
                endpointMetrics.retain(loaded.stream().map(Target::input).toList());
                if (ready || sweeping) {
                    startSweep();
                }
            }
        } catch (IOException | RuntimeException e) {
            scannerMetrics.inventoryLoaded(false, 0);
            err.println("tlsweep serve: cannot read inventory " + Printable.cut(file.toString(), 300) + ": "
                    + Printable.cut(e instanceof InputFileException i ? i.problem() : String.valueOf(e), 300)
                    + " (keeping the previous one)");
            err.flush();
        }
    }

    /** A hash of the file's content, read as a stream (an inventory may be large). */
    private static int contentHash(Path file) throws IOException {
        InputFiles.requireRegular(file, "an inventory file", -1);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return (int) crc.getValue();
    }

    /** Starts a sweep now, or right after the one running. Control thread. */
    private void startSweep() {
        if (closed) {
            return;
        }
        if (sweeping) {
            sweepPending = true;
            return;
        }
        if (nextSweep != null) {
            nextSweep.cancel(false);
        }
        sweeping = true;
        List<Target> sweepTargets = targets;
        long t0 = System.nanoTime();
        Map<String, Long> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        log("sweep of " + sweepTargets.size() + " targets started");
        sweep(sweepTargets, statuses).whenComplete((v, e) -> {
            if (e != null) {
                log("sweep failed: " + e);
            }
            try {
                control.execute(() -> sweepDone(sweepTargets, Duration.ofNanos(System.nanoTime() - t0), statuses));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // shutting down
            }
        });
    }

    private void sweepDone(List<Target> swept, Duration took, Map<String, Long> statuses) {
        sweeping = false;
        scannerMetrics.sweepCompleted(clock.instant(), took);
        log("sweep of " + swept.size() + " targets done in " + seconds(took.toMillis()) + " s: "
                + (statuses.isEmpty() ? "no endpoint" : statuses.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "))));
        ready = true;
        if (closed) {
            return;
        }
        if (sweepPending) {
            sweepPending = false;
            startSweep();
            return;
        }
        double factor = 1 + settings.jitter() * (2 * random.nextDouble() - 1);
        long delay = Math.max(0, Math.round(settings.interval().toMillis() * factor) - took.toMillis());
        nextSweep = control.schedule(this::startSweep, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Sweeps every target through {@link Sweep} (at most {@code maxEndpointsInFlight} at once) into the
     * endpoint metrics, on a thread of its own; completes when all are folded in. The {@code expect-cert=}
     * files are read again for each sweep.
     */
    private CompletableFuture<Void> sweep(List<Target> list, Map<String, Long> statuses) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<InventoryEntry> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            entries.add(new InventoryEntry(i + 1, list.get(i)));
        }
        Thread t = new Thread(() -> {
            try {
                scanner.forgetExpectedCertificates();
                new Sweep(engine, scanner, new SweepOptions(false, settings.maxEndpointsInFlight()))
                        .run(entries.iterator(), e -> closed, dev.tlsweep.core.sink.ReportSink.tee(List.<dev.tlsweep.core.sink.ReportSink>of(
                                new MetricsFileSink(endpointMetrics, null),
                                (entry, reports) -> reports.forEach(r -> statuses.merge(r.status().label(), 1L, Long::sum)))));
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done.completeExceptionally(e);
            }
        }, "tlsweep-sweep");
        t.setDaemon(true);
        t.start();
        return done;
    }

    @Override
    public CompletableFuture<HttpFront.Response> metrics(String accept) {
        return CompletableFuture.supplyAsync(() -> rendered(registry.getPrometheusRegistry(), accept), work);
    }

    @Override
    public CompletableFuture<HttpFront.Response> probe(Map<String, List<String>> params, String scrapeTimeout,
            String accept) {
        List<String> values = params.getOrDefault("target", List.of());
        if (values.size() != 1 || values.get(0).isBlank()) {
            scannerMetrics.probeRequest("bad_request");
            return done(HttpFront.Response.text(400, "expected exactly one target parameter: /probe?target=host:port\n"));
        }
        List<String> moduleParam = params.getOrDefault("module", List.of());
        String moduleName = moduleParam.isEmpty() ? ProbeModules.DEFAULT : moduleParam.get(0);
        Probing probing = moduleParam.size() > 1 ? null : modules.get(moduleName);
        if (probing == null) {
            scannerMetrics.probeRequest("unknown_module");
            return done(HttpFront.Response.text(400, (moduleParam.size() > 1 ? "expected at most one module parameter"
                    : "unknown module '" + moduleName + "'") + " (expected: " + String.join(", ",
                            modules.keySet().stream().sorted().toList()) + "; modules come from serve --config)\n"));
        }
        Target target;
        try {
            target = TargetParser.parse(values.get(0), probing.starttls());
        } catch (TargetSyntaxException e) {
            scannerMetrics.probeRequest("bad_request");
            return done(HttpFront.Response.text(400, "invalid target " + e.getMessage() + "\n"));
        }
        if (TargetParser.hasUserInfo(values.get(0)) && !userInfoNoticed.getAndSet(true)) {
            err.println("tlsweep serve: /probe: the user name and password of a target (user:password@) were dropped, "
                    + "here and in any later probe: tlsweep sends no HTTP request, and never stores or shows them");
            err.flush();
        }
        if (target.expected().any()) {
            // expect-cert= names a local file: a remote client must not make the exporter open files.
            scannerMetrics.probeRequest("bad_request");
            return done(HttpFront.Response.text(400, "invalid target " + Printable.quote(target.input())
                    + ": expect-sha256=, expect-serial= and expect-cert= belong in the inventory, not in /probe\n"));
        }
        Duration timeout = timeout(scrapeTimeout, probing.maxTimeout());
        CompletableFuture<Target> allowed;
        if (settings.allow().allowsHost(target)) {
            allowed = CompletableFuture.completedFuture(target);
        } else if (!target.hostIsIp() && settings.allow().hasCidrs()) {
            // Allowed by address: resolve once, check every address, and scan the checked address, so that
            // a second lookup cannot lead elsewhere.
            allowed = engine.resolve(target.host()).handle((addresses, e) -> {
                if (e != null || addresses.isEmpty() || !addresses.stream().allMatch(settings.allow()::allowsAddress)) {
                    return null;
                }
                return new Target(target.input(), dev.tlsweep.core.inventory.Addresses.text(addresses.get(0)),
                        target.port(), target.sni(), target.expected(), target.transport(), target.starttls());
            });
        } else {
            allowed = CompletableFuture.completedFuture(null);
        }
        return allowed.thenComposeAsync(t -> {
            if (t == null) {
                scannerMetrics.probeRequest("forbidden");
                return done(HttpFront.Response.text(403, ProbeAllowlist.refusal(target)));
            }
            if (probesInFlight.incrementAndGet() > settings.maxConcurrentProbes()) {
                probesInFlight.decrementAndGet();
                scannerMetrics.probeRequest("too_many");
                return done(HttpFront.Response.text(429, "too many probes at once (--max-concurrent-probes "
                        + settings.maxConcurrentProbes() + "); try again later\n"));
            }
            scannerMetrics.probeRequest("ok");
            Instant started = clock.instant();
            CompletableFuture<EndpointReport> scan = probing.scanner().scan(t);
            // The slot is given back when the scan ends; a scan that outlives the probe timeout is cancelled, which
            // stops its hellos and closes its connections, so it ends then.
            scan.whenComplete((r, e) -> probesInFlight.decrementAndGet());
            CompletableFuture<EndpointReport> answer = scan.copy()
                    .completeOnTimeout(timedOut(target, started, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
            answer.whenComplete((r, e) -> scan.cancel(false));
            return answer
                    .thenApplyAsync(report -> {
                        log("probe " + report.target() + " module=" + probing.module() + ": " + report.status().label()
                                + " in " + seconds(report.durationMillis()) + " s, " + report.hellosSent() + " hellos"
                                + (report.error() == null ? "" : " (" + report.error() + ")"));
                        EndpointMetrics one = probeMetrics.get();
                        one.update(report);
                        PrometheusRegistry single = new PrometheusRegistry();
                        single.register(one);
                        return rendered(single, accept);
                    }, work);
        }, work);
    }

    /** The scrape timeout minus an offset, at most the configured cap, at least one second. */
    Duration timeout(String header) {
        return timeout(header, settings.maxProbeTimeout());
    }

    /** The scrape timeout minus an offset, at most {@code cap}, at least one second. */
    static Duration timeout(String header, Duration cap) {
        if (header == null) {
            return cap;
        }
        try {
            double seconds = Double.parseDouble(header.strip());
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                return cap;
            }
            Duration d = Duration.ofMillis(Math.round(seconds * 1000)).minus(SCRAPE_TIMEOUT_OFFSET);
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                d = Duration.ofSeconds(1);
            }
            return d.compareTo(cap) > 0 ? cap : d;
        } catch (NumberFormatException e) {
            return cap;
        }
    }

    private static EndpointReport timedOut(Target t, Instant started, Duration timeout) {
        return EndpointReport.unscanned(t.input(), t.host(), t.port(), null, t.sni(), ScanStatus.TIMEOUT,
                "the scan did not finish within the probe timeout of " + timeout.toMillis() / 1000.0 + " s",
                started, timeout.toMillis(), 0).toBuilder().transport(t.transport()).starttls(t.starttls()).build();
    }

    /** One line on the log (stderr): what a sweep or a probe did. */
    private void log(String line) {
        synchronized (err) {
            err.println(java.time.format.DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS)) + " tlsweep serve: " + line);
            err.flush();
        }
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.2f", millis / 1000.0);
    }

    private static HttpFront.Response rendered(PrometheusRegistry registry, String accept) {
        PrometheusText.Rendered r = PrometheusText.render(registry, accept);
        return new HttpFront.Response(200, r.contentType(), r.body(), Map.of());
    }

    private static CompletableFuture<HttpFront.Response> done(HttpFront.Response r) {
        return CompletableFuture.completedFuture(r);
    }

    /** The targets of the current inventory (for tests and logs); control-thread snapshot. */
    List<Target> targets() {
        return new ArrayList<>(targets);
    }

    @Override
    public void close() {
        closed = true;
    }
}
