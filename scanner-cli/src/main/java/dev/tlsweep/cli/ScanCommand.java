package dev.tlsweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.core.chain.AiaFetcher;
import dev.tlsweep.core.chain.ChainInputException;
import dev.tlsweep.core.chain.ChainReport;
import dev.tlsweep.core.chain.FullChainWriter;
import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.metrics.EndpointMetrics;
import dev.tlsweep.core.metrics.PrometheusText;
import dev.tlsweep.core.metrics.ReportCertificateFacts;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.InventoryReader;
import dev.tlsweep.core.inventory.Shard;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.inventory.TargetSyntaxException;
import dev.tlsweep.core.policy.ClientProfiles;
import dev.tlsweep.core.policy.PolicyCatalog;
import dev.tlsweep.core.policy.PolicyProfile;
import dev.tlsweep.core.policy.PolicyStage;
import dev.tlsweep.core.policy.ReportPolicyFacts;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.core.summary.Summary;
import dev.tlsweep.core.sweep.JsonlFile;
import dev.tlsweep.core.sweep.ResumeLog;
import dev.tlsweep.core.sweep.Sweep;
import dev.tlsweep.core.sweep.SweepJson;
import dev.tlsweep.core.sweep.SweepOptions;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlsweep scan [TARGET...] [-i FILE]}. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Scans endpoints: which protocol versions and cipher suites each accepts, in the server's order.",
        footer = {"", "Targets: host, host:port, IPv4, [IPv6]:port, https://host[:port]/path, CIDR ranges "
                + "(10.0.0.0/24[:port], [2001:db8::]/120[:port]); append ' sni=NAME' (quote the target) to send "
                + "another server name, or ' sni=' to send none; ' expect-sha256=HEX', ' expect-serial=HEX' or ' expect-cert=FILE' "
                + "name the certificate the endpoint should serve. In a file: one per line, # comments, blank lines."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every endpoint was scanned",
            "1:an endpoint could not be scanned, or an inventory line is malformed",
            "2:invalid command line or target",
            "3:internal error",
            "4:an endpoint does not comply with --policy",
            "5:a served certificate has expired or expires within --expiry-critical days"})
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Endpoints to scan (default port 443).")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-i", "--input"}, paramLabel = "FILE",
            description = "Read targets from FILE, one per line ('-' for stdin), after the TARGET arguments.")
    String input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write JSON lines to FILE (appended, synced to disk every second and at the end).")
    Path output;

    @Option(names = "--resume", description = "Continue a killed run: skip the targets already in the -o file.")
    boolean resume;

    @Option(names = "--shard", paramLabel = "I/N", description = "Scan only the I-th of N deterministic parts.")
    String shard;

    @Option(names = "--all-addresses", description = "Scan every address a name resolves to (default: the first).")
    boolean allAddresses;

    @Option(names = "--per-ip", paramLabel = "N", defaultValue = "0",
            description = "Most connections in flight to one IP address, any port (default: no limit).")
    int perIp;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Most new connections per second (default: no limit).")
    int rate;

    @Option(names = "--max-endpoints-in-flight", paramLabel = "N",
            description = "Most targets scanned or awaiting output at once (default: the concurrency, at least 16).")
    Integer maxEndpointsInFlight;

    @Option(names = "--cidr-max", paramLabel = "N", defaultValue = "65536",
            description = "Largest CIDR range accepted, in addresses (default: ${DEFAULT-VALUE}, a /16 or a /112).")
    long cidrMax;

    @Option(names = "--summary", paramLabel = "FILE", description = "Write the summary of the run as JSON.")
    Path summaryFile;

    @Option(names = "--no-progress", description = "No progress line, even on a terminal.")
    boolean noProgress;

    @Option(names = "--json", description = "Print one JSON object per endpoint per line (schema tlsweep/1).")
    boolean json;

    @Option(names = "--exhaustive", description = "One ClientHello per (version, suite) instead of elimination.")
    boolean exhaustive;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

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

    @Option(names = "--policy", paramLabel = "NAME",
            description = "Check every endpoint against a policy: mozilla-modern, mozilla-intermediate, mozilla-old "
                    + "(newest guidelines; or e.g. mozilla-intermediate-5.7), or a load-balancer policy such as "
                    + "ELBSecurityPolicy-TLS13-1-2-2021-06 or clb:ELBSecurityPolicy-2016-08. Exit code 4 if one does not comply.")
    String policy;

    @Option(names = "--match-policies", description = "Report the AWS load-balancer policies each endpoint matches, or the nearest.")
    boolean matchPolicies;

    @Option(names = "--simulate-clients", description = "Replay real clients' ClientHellos and report which connect.")
    boolean simulateClients;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (targets.isEmpty() && input == null) {
            err.println("tlsweep: no targets (expected: TARGET... or -i FILE)");
            return Main.USAGE;
        }
        for (String t : targets) {
            try {
                TargetParser.expand(t, Math.max(1, cidrMax));
            } catch (TargetSyntaxException e) {
                err.println("tlsweep: invalid target " + e.getMessage());
                return Main.USAGE;
            }
        }
        if (resume && output == null) {
            err.println("tlsweep: --resume needs -o FILE (the output of the run to continue)");
            return Main.USAGE;
        }
        String badPath = pathProblems();
        if (badPath != null) {
            err.println("tlsweep: " + badPath);
            return Main.USAGE;
        }
        String badOption = connection.problems();
        if (badOption != null) {
            err.println("tlsweep: " + badOption);
            return Main.USAGE;
        }
        ScanOptions options;
        EngineConfig config;
        SweepOptions sweepOptions;
        Shard part;
        try {
            part = shard == null ? Shard.ALL : Shard.parse(shard);
            if (cidrMax < 1) {
                throw new IllegalArgumentException("--cidr-max: " + cidrMax + " (expected: > 0)");
            }
            options = ScanOptions.defaults().withExhaustive(exhaustive).withVersions(versions());
            config = connection.config()
                    .withMaxPerIp(perIp == 0 ? Integer.MAX_VALUE : perIp)
                    .withConnectionsPerSecond(rate);
            sweepOptions = new SweepOptions(allAddresses, maxEndpointsInFlight != null ? maxEndpointsInFlight
                    : SweepOptions.defaultMaxEndpointsInFlight(connection.concurrency));
        } catch (IllegalArgumentException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        }
        Optional<PolicyProfile> chosen = policy == null ? Optional.empty() : PolicyCatalog.standard().find(policy);
        if (policy != null && chosen.isEmpty()) {
            err.println("tlsweep: --policy: unknown policy '" + policy + "' (expected: mozilla-modern, mozilla-intermediate, "
                    + "mozilla-old, or an ELBSecurityPolicy-... name)");
            return Main.USAGE;
        }
        Path inventory = input == null || input.equals("-") ? null : Path.of(input);
        BufferedReader file;
        try {
            file = input == null ? null : inventory == null
                    ? InventoryReader.open(null) : InventoryReader.open(inventory);
        } catch (IOException e) {
            err.println("tlsweep: cannot read " + input + ": " + e.getMessage());
            return Main.USAGE;
        }
        ChainOptions.Loaded chains;
        try {
            chains = chainOptions.load();
        } catch (ChainInputException | IllegalArgumentException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        }
        EndpointMetrics metrics = metricsFile == null ? null : new EndpointMetrics(ReportCertificateFacts::of, false);
        Summary summary = new Summary();
        ObjectMapper mapper = new ObjectMapper();
        // Endpoints that make the exit code 4 or 5, counted over the earlier run's reports too (--resume).
        AtomicLong nonCompliant = new AtomicLong();
        AtomicLong expiring = new AtomicLong();
        ResumeLog done = ResumeLog.empty();
        if (resume) {
            try {
                done = ResumeLog.load(output, report -> {
                    summary.add(report);
                    if (hasFinding(report, "POLICY_NONCOMPLIANT", null)) {
                        nonCompliant.incrementAndGet();
                    }
                    if (hasFinding(report, "CERT_EXPIRED", null) || hasFinding(report, "CERT_EXPIRES_SOON", "high")) {
                        expiring.incrementAndGet();
                    }
                });
            } catch (IOException e) {
                err.println("tlsweep: cannot resume from " + output + ": " + e.getMessage());
                return Main.USAGE;
            }
            err.println("tlsweep: resuming: " + done.size() + " reports in " + output
                    + (done.truncatedBytes() > 0 ? ", a torn last line of " + done.truncatedBytes() + " bytes cut" : ""));
        }
        long previous = summary.endpoints();
        AtomicLong finished = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        boolean color = !noColor && !json && output == null && System.console() != null
                && System.getenv("NO_COLOR") == null;
        TerminalReport renderer = new TerminalReport(color);
        PolicyReport policyRenderer = new PolicyReport(color);
        InventoryReader reader = new InventoryReader(targets, file, inventory == null ? "stdin" : input,
                cidrMax, part, e -> {
                    synchronized (err) {
                        err.println("tlsweep: skipped " + e);
                    }
                });
        ResumeLog skip = done;
        Sweep.Result result;
        // X.509 parsing, chain analysis and policy judgement: never on the event loops.
        ExecutorService analysis = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("tlsweep-analysis", true));
        try (reader; JsonlFile sink = output == null ? null : JsonlFile.open(output, resume, Duration.ofSeconds(1));
                ScanEngine engine = new ScanEngine(config);
                AiaFetcher aia = chains.aia(engine);
                Progress progress = !noProgress && Progress.wanted(output != null)
                        ? new Progress(err, engine, reader, inventory, targets.size(), finished::get, failed::get)
                        : null) {
            Scanner scanner = new Scanner(engine, options, chains.analyzer(aia), analysis, Clock.systemUTC());
            PolicyStage stage = new PolicyStage(engine, chosen.stream().toList(), matchPolicies,
                    simulateClients ? ClientProfiles.all() : List.of(), ReportPolicyFacts::of, analysis);
            Sweep sweep = new Sweep(engine, scanner, sweepOptions, stage::apply);
            result = sweep.run(reader, skip::contains, (InventoryEntry entry, List<EndpointReport> reports) -> {
                List<String> lines = new ArrayList<>(reports.size());
                for (EndpointReport r : reports) {
                    String line = SweepJson.line(entry, r);
                    lines.add(line);
                    summary.add(mapper.readTree(line));
                    finished.incrementAndGet();
                    if (r.status() != ScanStatus.OK) {
                        failed.incrementAndGet();
                    }
                    if (r.policy() != null && r.policy().anyNonCompliant()) {
                        nonCompliant.incrementAndGet();
                    }
                    if (expiresCritically(r)) {
                        expiring.incrementAndGet();
                    }
                    if (metrics != null) {
                        metrics.update(r);
                    }
                    if (fixChain != null) {
                        writeFixedChains(r, err);
                    }
                }
                if (sink != null) {
                    sink.write(lines);
                } else if (json) {
                    synchronized (err) {
                        lines.forEach(out::println);
                        out.flush();
                    }
                } else {
                    synchronized (err) {
                        reports.forEach(r -> {
                            renderer.render(r, out);
                            policyRenderer.render(r.policy(), out);
                        });
                        out.flush();
                    }
                }
            });
        } catch (UncheckedIOException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.INTERNAL;
        } finally {
            analysis.shutdownNow();
        }
        if (summaryFile != null) {
            Files.writeString(summaryFile, summary.toJson() + "\n", StandardCharsets.UTF_8);
        }
        if (metrics != null) {
            try {
                PrometheusText.writeAtomically(metricsFile, metrics.collect());
            } catch (IOException e) {
                err.println("tlsweep: cannot write --metrics-file " + metricsFile + ": " + e.getMessage());
                return Main.INTERNAL;
            }
        }
        if (output != null || summary.endpoints() > 1) {
            err.print(summary.toText());
            if (resume) {
                err.println("  (" + previous + " reports from the earlier run, " + result.reports() + " new)");
            }
            err.flush();
        }
        boolean anyUnscanned = summary.byStatus().entrySet().stream()
                .anyMatch(e -> !e.getKey().equals(ScanStatus.OK.label()) && e.getValue() > 0);
        return anyUnscanned || reader.malformed() > 0 ? Main.UNSCANNED
                : nonCompliant.get() > 0 ? Main.NONCOMPLIANT
                : expiring.get() > 0 ? Main.EXPIRING : Main.OK;
    }

    /**
     * What is wrong with the files named on the command line, checked before scanning so that a typo
     * does not cost a whole sweep: the inventory must be a readable file, outputs must go to existing
     * directories. {@code null} when all is well.
     */
    private String pathProblems() {
        if (input != null && !input.equals("-")) {
            Path in = Path.of(input);
            if (!Files.exists(in)) {
                return "-i " + input + ": no such file";
            }
            if (Files.isDirectory(in)) {
                return "-i " + input + ": is a directory (expected: an inventory file)";
            }
            if (!Files.isReadable(in)) {
                return "-i " + input + ": not readable";
            }
        }
        for (Object[] o : new Object[][] {{"-o", output}, {"--summary", summaryFile}, {"--metrics-file", metricsFile}}) {
            Path file = (Path) o[1];
            if (file == null) {
                continue;
            }
            if (Files.isDirectory(file)) {
                return o[0] + " " + file + ": is a directory (expected: a file to write)";
            }
            Path dir = file.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                return o[0] + " " + file + ": no such directory " + dir;
            }
            if (!Files.isWritable(dir)) {
                return o[0] + " " + file + ": cannot write in " + dir;
            }
        }
        return null;
    }

    /** Whether a report's JSON has a finding with {@code code} (and {@code severity}, when not null). */
    private static boolean hasFinding(com.fasterxml.jackson.databind.JsonNode report, String code, String severity) {
        for (com.fasterxml.jackson.databind.JsonNode f : report.path("findings")) {
            if (code.equals(f.path("code").asText())
                    && (severity == null || severity.equals(f.path("severity").asText()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a served certificate has expired or is within --expiry-critical days of it. */
    static boolean expiresCritically(EndpointReport r) {
        return r.findings().stream().anyMatch(f -> f.code().equals("CERT_EXPIRED")
                || (f.code().equals("CERT_EXPIRES_SOON") && f.severity().compareTo(Severity.HIGH) >= 0));
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
                synchronized (err) {
                    err.println("tlsweep: wrote " + written);
                }
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
