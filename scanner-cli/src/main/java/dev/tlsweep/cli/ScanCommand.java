package dev.tlsweep.cli;

import dev.tlsweep.core.chain.AiaFetcher;
import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainInputException;
import dev.tlsweep.core.chain.ChainReport;
import dev.tlsweep.core.chain.FullChainWriter;
import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.metrics.EndpointMetrics;
import dev.tlsweep.core.metrics.PrometheusText;
import dev.tlsweep.core.metrics.ReportCertificateFacts;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.inventory.TargetSyntaxException;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlsweep scan TARGET...}. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scans endpoints: which protocol versions and cipher suites each accepts, in the server's order.",
        footer = {"", "Targets: host, host:port, IPv4, [IPv6]:port, https://host[:port]/path; append ' sni=NAME' "
                + "(quote the target) to send another server name, or ' sni=' to send none."})
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "Endpoints to scan (default port 443).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object per endpoint per line (schema tlsweep/1).")
    boolean json;

    @Option(names = "--exhaustive", description = "One ClientHello per (version, suite) instead of elimination.")
    boolean exhaustive;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Connect and read timeout per connection (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "2000",
            description = "Most connections in flight across all endpoints (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--per-endpoint", paramLabel = "N", defaultValue = "8",
            description = "Most connections in flight to one endpoint (default: ${DEFAULT-VALUE}).")
    int perEndpoint;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "1",
            description = "Retries of a connection that timed out or was reset without an answer (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--protocols", paramLabel = "LIST", split = ",",
            description = "Versions to probe, e.g. tls1.2,tls1.3 (default: sslv2 to tls1.3).")
    List<String> protocols;

    @Option(names = "--no-color", description = "Plain terminal output without colours.")
    boolean noColor;

    @Mixin
    ChainOptions chainOptions = new ChainOptions();

    @Option(names = "--fix-chain", paramLabel = "DIR",
            description = "Write DIR/<endpoint>/fullchain.pem (leaf, then each issuer, no root) for every endpoint "
                    + "whose chain can be completed.")
    Path fixChain;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Also write the endpoint metrics in the Prometheus text format to FILE, atomically "
                    + "(for node_exporter's textfile collector).")
    Path metricsFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Target> parsed = new ArrayList<>();
        for (String t : targets) {
            try {
                parsed.add(TargetParser.parse(t));
            } catch (TargetSyntaxException e) {
                err.println("tlsweep: invalid target " + e.getMessage());
                return Main.USAGE;
            }
        }
        ScanOptions options;
        EngineConfig config;
        try {
            options = ScanOptions.defaults().withExhaustive(exhaustive).withVersions(versions());
            Duration timeout = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
            config = EngineConfig.defaults()
                    .withMaxInFlight(concurrency)
                    .withMaxPerEndpoint(perEndpoint)
                    .withConnectTimeout(timeout)
                    .withReadTimeout(timeout)
                    .withMaxRetries(retries);
        } catch (IllegalArgumentException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        }
        boolean color = !noColor && !json && System.console() != null && System.getenv("NO_COLOR") == null;
        TerminalReport renderer = new TerminalReport(color);
        int unscanned = 0;
        ChainOptions.Loaded chains;
        try {
            chains = chainOptions.load();
        } catch (ChainInputException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        }
        EndpointMetrics metrics = new EndpointMetrics(ReportCertificateFacts::of, false);
        try (ScanEngine engine = new ScanEngine(config); AiaFetcher aia = chains.aia(engine)) {
            ChainAnalyzer analyzer = chains.analyzer(aia);
            Scanner scanner = new Scanner(engine, options, analyzer, ForkJoinPool.commonPool(), Clock.systemUTC());
            List<CompletableFuture<EndpointReport>> running = new ArrayList<>();
            for (Target t : parsed) {
                running.add(scanner.scan(t));
            }
            // Reports are printed in the order of the targets; the scans run concurrently.
            for (CompletableFuture<EndpointReport> f : running) {
                EndpointReport r = f.join();
                metrics.update(r);
                if (r.status() != ScanStatus.OK) {
                    unscanned++;
                }
                if (json) {
                    out.println(dev.tlsweep.core.report.ReportJson.toLine(r));
                } else {
                    renderer.render(r, out);
                }
                if (fixChain != null) {
                    writeFixedChains(r, err);
                }
                out.flush();
            }
        }
        if (metricsFile != null) {
            try {
                PrometheusText.writeAtomically(metricsFile, metrics.collect());
            } catch (java.io.IOException e) {
                err.println("tlsweep: cannot write --metrics-file " + metricsFile + ": " + e.getMessage());
                return Main.INTERNAL;
            }
        }
        return unscanned == 0 ? Main.OK : Main.UNSCANNED;
    }

    /** Writes each completable chain of the report under {@link #fixChain}; problems go to stderr. */
    private void writeFixedChains(EndpointReport r, PrintWriter err) {
        for (int i = 0; i < r.chains().size(); i++) {
            ChainReport chain = r.chains().get(i);
            if (chain.fixedChain() == null) {
                continue;
            }
            String name = r.host() + "_" + r.port() + (r.chains().size() > 1
                    ? "_" + r.served().chains().get(i).keyType().toLowerCase(java.util.Locale.ROOT) : "");
            try {
                Path written = FullChainWriter.write(fixChain, name, chain);
                err.println("tlsweep: wrote " + written);
            } catch (IOException e) {
                err.println("tlsweep: cannot write the fixed chain of " + r.target() + " under " + fixChain + ": "
                        + e.getMessage());
            }
        }
    }

    private Set<ProtocolVersion> versions() {
        if (protocols == null || protocols.isEmpty()) {
            return EnumSet.allOf(ProtocolVersion.class);
        }
        Set<ProtocolVersion> out = EnumSet.noneOf(ProtocolVersion.class);
        for (String p : protocols) {
            out.add(ProtocolVersion.fromLabel(p.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "--protocols: '" + p + "' (expected: sslv2, sslv3, tls1.0, tls1.1, tls1.2, tls1.3)")));
        }
        return out;
    }
}
