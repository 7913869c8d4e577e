package dev.tlsweep.cli;

import dev.tlsweep.core.chain.AiaAccess;
import dev.tlsweep.core.chain.AiaFetcher;
import dev.tlsweep.core.chain.ChainInputException;
import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.metrics.EndpointMetrics;
import dev.tlsweep.core.metrics.ScannerMetrics;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.core.policy.Judges;
import dev.tlsweep.core.scan.ScanOptions;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tlsweep serve}: a Prometheus exporter that sweeps an inventory on a schedule. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        customSynopsis = "tlsweep serve --inventory=FILE [OPTIONS]",
        description = "Scans an inventory on a schedule and serves the results to Prometheus on /metrics; "
                + "/probe?target=host:port scans one allowed target on demand.",
        footer = {"", "The inventory is re-read when the file changes (checked every --poll) and on SIGHUP.",
            "Endpoints: /metrics, /probe?target=host:port[&module=NAME], /-/healthy, /-/ready (after the first "
                    + "complete sweep).",
            "The default port, 10193, is outside the 9100-9999 range of Prometheus's exporter port allocations, "
                    + "which is full (9219 is ssl_exporter's)."})
final class ServeCommand implements Callable<Integer> {

    /** The default port: outside Prometheus's allocated exporter range 9100-9999 (full; 9219 is ssl_exporter's). */
    static final int DEFAULT_PORT = 10193;

    @Spec
    CommandSpec spec;

    @Option(names = "--inventory", paramLabel = "FILE", required = true,
            description = "Targets, one per line (as for scan); blank lines and # comments are skipped.")
    Path inventory;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1h",
            description = "Time between the starts of two sweeps, e.g. 90s, 30m, 1h (default: ${DEFAULT-VALUE}); "
                    + "jittered by 10%%, and a sweep never starts while another runs.")
    String interval;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + DEFAULT_PORT,
            description = "Address of the HTTP server (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--allow", paramLabel = "NAME|.SUFFIX|CIDR",
            description = "A target /probe may scan: a host name, every name below a .suffix, or addresses in a CIDR "
                    + "block (repeatable). Nothing is allowed by default.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--aia-allow", paramLabel = "NAME|.SUFFIX|CIDR",
            description = "Where AIA caIssuers URLs that are not on public addresses may be fetched from (repeatable; "
                    + "an internal PKI's host or network). Public addresses are always allowed.")
    List<String> aiaAllow = new ArrayList<>();

    @Option(names = "--max-concurrent-probes", paramLabel = "N", defaultValue = "4",
            description = "Most /probe scans at once; more get 429 (default: ${DEFAULT-VALUE}).")
    int maxConcurrentProbes;

    @Option(names = "--probe-timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "Longest /probe scan; Prometheus's scrape timeout minus 0.5 s is used when shorter "
                    + "(default: ${DEFAULT-VALUE}).")
    String probeTimeout;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often to check the inventory file for changes (default: ${DEFAULT-VALUE}).")
    String poll;

    @Option(names = "--per-suite-metrics", description = "Also export one series per accepted (version, suite).")
    boolean perSuiteMetrics;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Modules for /probe?module=NAME: named scan settings (protocols, timeout, policy, "
                    + "match_policies, simulate_clients, exhaustive, starttls) in YAML under 'modules:'.")
    Path modulesFile;

    @Option(names = "--web-config-file", paramLabel = "FILE",
            description = "TLS and basic authentication for this server, in the format of Prometheus's "
                    + "--web.config.file (tls_server_config, basic_auth_users with bcrypt hashes).")
    Path webConfig;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Most HTTP connections open at once; a newer one evicts the one that has waited longest for "
                    + "a request (default: 256, or an eighth of the file descriptor limit when that is less).")
    Integer maxConnections;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    ChainOptions chainOptions = new ChainOptions.Fetching();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Running running;
        try {
            running = start(err);
        } catch (IllegalArgumentException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "tlsweep-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        InetSocketAddress a = running.address();
        err.println("tlsweep serve: listening on http://" + a.getHostString() + ":" + a.getPort() + "/metrics");
        err.flush();
        stop.await();
        running.close();
        return Main.OK;
    }

    /** A running exporter: its HTTP address, its exporter, and everything to close. */
    record Running(HttpFront http, Exporter exporter, ScanEngine engine, AiaFetcher aia,
            ScheduledExecutorService control, ExecutorService work, ExecutorService analysis,
            AutoCloseable gcMetrics) implements AutoCloseable {

        InetSocketAddress address() {
            return http.address();
        }

        @Override
        public void close() {
            exporter.close();
            http.close();
            control.shutdownNow();
            work.shutdownNow();
            analysis.shutdownNow();
            if (aia != null) {
                aia.close();
            }
            engine.close();
            try {
                gcMetrics.close();
            } catch (Exception ignored) {
                // unregistering GC listeners cannot fail in a way that matters at shutdown
            }
        }
    }

    /** Validates the options, starts the engine, the sweeps and the HTTP server. */
    Running start(PrintWriter err) throws InterruptedException {
        try {
            InputFiles.requireRegular(inventory, "an inventory file", -1);
        } catch (InputFileException e) {
            throw new IllegalArgumentException("--inventory " + e.getMessage(), e);
        }
        if (!Files.isReadable(inventory)) {
            throw new IllegalArgumentException("--inventory " + Printable.cut(inventory.toString(), 300)
                    + ": permission denied (expected: a readable file)");
        }
        if (maxConcurrentProbes < 1) {
            throw new IllegalArgumentException("--max-concurrent-probes: " + maxConcurrentProbes + " (expected: > 0)");
        }
        Duration every = duration("--interval", interval);
        Duration pollEvery = duration("--poll", poll);
        Duration probeCap = duration("--probe-timeout", probeTimeout);
        InetSocketAddress address = address(listen);
        HttpConnections.Limits httpDefaults = HttpConnections.Limits.defaults();
        HttpConnections.Limits httpLimits = maxConnections == null ? httpDefaults
                : new HttpConnections.Limits(maxConnections, httpDefaults.requestTimeout(), httpDefaults.idleTimeout());
        ProbeAllowlist allowlist = new ProbeAllowlist(allow);
        String badOption = connection.problems();
        if (badOption != null) {
            throw new IllegalArgumentException(badOption);
        }
        EngineConfig config = connection.config();
        WebConfig web = webConfig == null ? WebConfig.none() : WebConfig.read(webConfig);
        ProbeModules.Module defaults = new ProbeModules.Module(ProbeModules.DEFAULT,
                ScanOptions.defaults().withEndpointTimeout(connection.endpointTimeout()),
                Judges.baseline(), probeCap);
        ProbeModules modules = modulesFile == null ? ProbeModules.only(defaults)
                : ProbeModules.read(modulesFile, defaults);
        ChainOptions.Loaded chains;
        try {
            chains = chainOptions.load();
        } catch (ChainInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        // A served certificate names its AIA URL: an exporter others can make scan fetches only from public
        // addresses and what --aia-allow adds, lest it GET any URL a server names (server-side request forgery).
        AiaAccess aiaAccess = AiaAccess.PUBLIC.or(new ProbeAllowlist(aiaAllow).asAiaAccess());
        ScanEngine engine = new ScanEngine(config);
        AiaFetcher aia = chains.aia(engine, aiaAccess);
        ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("tlsweep-serve", true));
        ExecutorService work = Executors.newFixedThreadPool(2, new DefaultThreadFactory("tlsweep-serve-work", true));
        // Chain analysis and judgement get threads of their own: a costly chain must not hold up scrapes.
        ExecutorService analysis = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("tlsweep-analysis", true));
        JvmGcMetrics gc = null;
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // Two of ProcessorMetrics' meters break Prometheus naming (promtool check metrics): system_cpu_count
            // (a gauge named like a histogram's _count) and process_cpu_time_ns_total (an abbreviated unit).
            registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")
                    || id.getName().equals("process.cpu.time")));
            ScannerMetrics scannerMetrics = new ScannerMetrics(engine::stats);
            scannerMetrics.bindTo(registry);
            // The JVM and the process, through Micrometer's binders: the one metrics stack of the exporter.
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
            EndpointMetrics endpointMetrics = new EndpointMetrics(perSuiteMetrics);
            registry.getPrometheusRegistry().register(endpointMetrics);
            Scanner scanner = Scanner.builder(engine).analyzer(chains.analyzer(aia)).analysis(analysis)
                    .options(ScanOptions.defaults().withEndpointTimeout(connection.endpointTimeout()))
                    .observer(scannerMetrics).build();
            Map<String, Exporter.Probing> probing = new LinkedHashMap<>();
            for (String name : modules.names()) {
                ProbeModules.Module m = modules.find(name).orElseThrow();
                probing.put(name, new Exporter.Probing(name, Scanner.builder(engine).options(m.options())
                        .analyzer(chains.analyzer(aia)).judges(m.judges()).analysis(analysis).observer(scannerMetrics)
                        .build(), m.timeout(), m.starttls()));
            }
            Exporter exporter = new Exporter(new Exporter.Settings(inventory, every, 0.1, pollEvery, allowlist,
                    maxConcurrentProbes, probeCap, 256), engine, scanner, registry, scannerMetrics, endpointMetrics,
                    () -> EndpointMetrics.forProbe(perSuiteMetrics), probing, control, work, err, Clock.systemUTC());
            HttpConnections connections = new HttpConnections(httpLimits, err);
            scannerMetrics.httpServer(connections);
            HttpFront http = new HttpFront(address, exporter, web, work, connections);
            exporter.start();
            onSighup(exporter, err);
            return new Running(http, exporter, engine, aia, control, work, analysis, gc);
        } catch (RuntimeException | InterruptedException e) {
            if (gc != null) {
                gc.close();
            }
            control.shutdownNow();
            work.shutdownNow();
            analysis.shutdownNow();
            if (aia != null) {
                aia.close();
            }
            engine.close();
            throw e;
        }
    }

    /**
     * Re-reads the inventory on SIGHUP, through {@code sun.misc.Signal} (module jdk.unsupported). Where the
     * JVM does not offer it (another platform, {@code -Xrs}), only the file poller reloads.
     */
    private static void onSighup(Exporter exporter, PrintWriter err) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> exporter.reloadNow());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            err.println("tlsweep serve: no SIGHUP handling here (" + e.getMessage() + "); the inventory is still "
                    + "reloaded when its file changes");
        }
    }

    /** Parses a duration as every option writes it ({@link Durations}). */
    static Duration duration(String option, String text) {
        return Durations.parse(option, text);
    }

    private static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException();
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("--listen: " + Printable.quote(text) + ": cannot resolve "
                        + Printable.echo(host) + " (expected: an address of this machine, e.g. 127.0.0.1:" + DEFAULT_PORT
                        + ")");
            }
            return address;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen: " + Printable.quote(text) + " (expected: HOST:PORT, e.g. "
                    + "127.0.0.1:" + DEFAULT_PORT + ")");
        }
    }
}
