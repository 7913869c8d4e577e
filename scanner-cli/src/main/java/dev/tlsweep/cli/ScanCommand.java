package dev.tlsweep.cli;

import dev.tlsweep.core.chain.AiaFetcher;
import dev.tlsweep.core.chain.ChainInputException;
import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.InventoryReader;
import dev.tlsweep.core.inventory.Shard;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.inventory.TargetSyntaxException;
import dev.tlsweep.core.metrics.EndpointMetrics;
import dev.tlsweep.core.policy.Judges;
import dev.tlsweep.core.policy.PolicyCatalog;
import dev.tlsweep.core.policy.PolicyProfile;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.registry.ClientProfiles;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.render.TerminalReport;
import dev.tlsweep.core.render.html.HtmlReport;
import dev.tlsweep.core.report.AtomicFile;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Provenance;
import dev.tlsweep.core.report.ReportFiles;
import dev.tlsweep.core.report.ReportSource;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.core.sink.ExportSink;
import dev.tlsweep.core.sink.FixChainSink;
import dev.tlsweep.core.sink.JsonLinesSink;
import dev.tlsweep.core.sink.JsonlFile;
import dev.tlsweep.core.sink.LineWriter;
import dev.tlsweep.core.sink.MetricsFileSink;
import dev.tlsweep.core.sink.ReportSink;
import dev.tlsweep.core.sink.ReportSpool;
import dev.tlsweep.core.sink.RunVerdict;
import dev.tlsweep.core.sink.SummarySink;
import dev.tlsweep.core.sink.TerminalSink;
import dev.tlsweep.core.summary.Summary;
import dev.tlsweep.core.sweep.ResumeLog;
import dev.tlsweep.core.sweep.Sweep;
import dev.tlsweep.core.sweep.SweepOptions;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlsweep scan [TARGET...] [-i FILE]}. */
@Command(name = "scan", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Scans endpoints: which protocol versions and cipher suites each accepts, in the server's order.",
        footer = {"", "Targets: host, host:port, IPv4, [IPv6]:port, https://host[:port]/path, CIDR ranges "
                + "(10.0.0.0/24[:port], [2001:db8::]/120[:port]); append ' sni=NAME' (quote the target) to send "
                + "another server name, or ' sni=' to send none; ' expect-sha256=HEX', ' expect-serial=HEX' or ' expect-cert=FILE' "
                + "name the certificate the endpoint should serve. In a file: one per line, # comments, blank lines."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every endpoint was scanned",
            "1:an endpoint could not be scanned to the end (incomplete included), or an inventory line is malformed",
            "2:invalid command line or target, an input file that cannot be read, or an -o file in use by another run",
            "3:internal error, or an output (standard output, -o, --summary, --metrics-file, --fix-chain, exports) "
                + "could not be written: the message names it",
            "4:an endpoint does not comply with --policy, or has a finding at or above --fail-on",
            "5:a served certificate has expired or expires within --expiry-critical days",
            "130:interrupted (Ctrl-C; 143 for SIGTERM): says how many reports were written; with -o, run the same "
                + "command with --resume to scan the rest"})
final class ScanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Endpoints to scan (default port 443).")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-i", "--input"}, paramLabel = "FILE",
            description = "Read targets from FILE, one per line ('-' for stdin), after the TARGET arguments.")
    String input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write JSON lines to FILE, one write per endpoint, synced to disk every second and at the end. "
                    + "An existing FILE is truncated first, unless --resume continues it (then lines are appended).")
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
            description = "Most new connections per second, on average: a token bucket that also lets a tenth of a"
                    + " second's worth start at once (default: no limit).")
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

    @Option(names = "--no-groups", description = "Do not probe the key-exchange groups and signature algorithms.")
    boolean noGroups;

    @Option(names = "--no-checks", description = "Do not run the handshake-behaviour and vulnerability checks"
            + " (fallback SCSV, renegotiation, compression, Heartbleed, CCS injection, ROBOT, resumption, early data,"
            + " ALPN, HSTS, JARM, ...) nor the HTTP/3 and ECH discovery (Alt-Svc, DNS HTTPS record).")
    boolean noChecks;

    @Option(names = "--starttls", paramLabel = "PROTO",
            description = "Reach targets without a URL scheme through this plaintext upgrade, on its default port: "
                    + "smtp, submission, lmtp, imap, pop3, ftp, xmpp, xmpp-server, ldap, postgres, postgres-direct, mysql, "
                    + "nntp, sieve, irc, rdp (a target's own smtp://... wins).")
    String starttls;

    @Option(names = "--quic", description = "Also scan the UDP side of every HTTPS target over QUIC (RFC 9000, v1 and"
            + " v2): a second report per target, transport quic, with its TLS 1.3 suites, groups, certificates, QUIC"
            + " versions, Retry and ALPN. quic://host[:port] targets are scanned over QUIC alone.")
    boolean quic;

    /** The scheme of targets without one ({@code --starttls}), checked by {@link #plan()}; null for TLS on 443. */
    private Starttls.Scheme bareScheme;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--protocols", paramLabel = "LIST", split = ",",
            description = "Versions to probe, e.g. tls1.2,tls1.3 (default: sslv2 to tls1.3).")
    List<String> protocols;

    @Mixin
    TerminalOptions terminal = new TerminalOptions();

    @Mixin
    ChainOptions chainOptions = new ChainOptions.Fetching();

    @Option(names = "--fix-chain", paramLabel = "DIR",
            description = "Write DIR/<name>_<port>_<key type>/fullchain.pem (leaf, then each issuer, no root) for every "
                    + "chain that can be completed; the name is the SNI sent, else the host. Says why not for the others.")
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

    @Option(names = "--list-policies", description = "List the policies --policy knows, and exit.")
    boolean listPolicies;

    @Option(names = "--match-policies", description = "Report the AWS load-balancer policies each endpoint matches, or the nearest.")
    boolean matchPolicies;

    @Option(names = "--simulate-clients", description = "Replay real clients' ClientHellos and report which connect.")
    boolean simulateClients;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write the HTML report of the run at its end (one self-contained file).")
    Path html;

    @Mixin
    ExportOptions exportOptions = new ExportOptions();

    /** The most endpoints of command-line targets whose terminal reports are printed in argument order. */
    static final int IN_ORDER_MAX = 256;

    /** The endpoints the TARGET arguments expand to, counted up to just past {@link #IN_ORDER_MAX}. */
    private int argumentEndpoints;

    /** A command line that cannot run, with the message that says why. */
    private static final class UsageError extends Exception {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Everything the command line asks for, checked, before anything is scanned. The provenance is being made
     * meanwhile on a thread of its own: it fingerprints the trust store, which reads and parses the JDK's cacerts
     * (about a tenth of a second), while the engine starts.
     */
    private record Plan(ScanOptions options, EngineConfig config, SweepOptions sweep, Shard shard, Judges judges,
            ChainOptions.Loaded chains, Path inventory, BufferedReader file, CompletableFuture<Provenance> provenancing,
            int width) {

        /** The provenance of every report of the run; waits for it. */
        Provenance provenance() {
            try {
                return provenancing.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (listPolicies) {
            listPolicies(out);
            return Main.OK;
        }
        Plan plan;
        try {
            plan = plan();
        } catch (UsageError e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        }
        // -o is opened and locked before anything reads or truncates it, so that two runs never share it.
        JsonlFile file;
        try {
            file = output == null ? null : JsonlFile.open(output, resume, Duration.ofSeconds(1));
        } catch (JsonlFile.InUseException e) {
            closeQuietly(plan.file());
            err.println("tlsweep: -o " + e.getMessage());
            return Main.USAGE;
        } catch (IOException e) {
            closeQuietly(plan.file());
            err.println("tlsweep: " + e.getMessage());
            return Main.INTERNAL;
        }
        try (file) {
            return call(plan, file, out, err);
        }
    }

    private int call(Plan plan, JsonlFile file, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        Summary summary = new Summary();
        RunVerdict verdict = new RunVerdict(exportOptions.failOn());
        ResumeLog done;
        try {
            done = resume(file, summary, verdict, err);
        } catch (IOException e) {
            closeQuietly(plan.file());
            err.println("tlsweep: cannot resume from " + Printable.cut(output.toString(), 300) + ": " + e.getMessage());
            return Main.USAGE;
        }
        long previous = summary.endpoints();
        Outputs outputs = new Outputs();
        Sweep.Result result;
        try {
            result = sweep(plan, done, file, summary, verdict, outputs, out, err);
        } catch (UncheckedIOException e) {
            err.println("tlsweep: " + e.getMessage() + ": " + reason(e.getCause()) + "; the sweep stopped");
            return Main.INTERNAL;
        } catch (IOException e) {
            err.println("tlsweep: " + e.getMessage() + stopped(file, outputs.written.get()));
            return Main.INTERNAL;
        }
        boolean failed = outputs.failed;
        for (ReportSink s : outputs.finishing) {
            try {
                s.finish();
            } catch (IOException e) {
                outputs.failed(err, e);
                failed = true;
            }
        }
        if (summaryFile != null) {
            try {
                String json = summary.toJson() + "\n";
                AtomicFile.write(summaryFile, o -> o.write(json.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                err.println("tlsweep: cannot write --summary " + Printable.cut(summaryFile.toString(), 300) + ": "
                        + reason(e));
                failed = true;
            }
        }
        if (output != null || summary.endpoints() > 1) {
            err.print(summary.toText());
            if (resume) {
                err.println("  (" + previous + " reports from the earlier run, " + result.reports() + " new)");
            }
            err.flush();
        }
        return failed ? Main.INTERNAL : verdict.exitCode().code();
    }

    /** What a run writes besides the reports, how many reports reached their output, and what failed. */
    private static final class Outputs {
        final AtomicLong written = new AtomicLong();
        final List<ReportSink> finishing = new ArrayList<>();
        volatile boolean failed;

        /** Says that an output could not be written (and each further one the failure carries). */
        void failed(PrintWriter err, IOException e) {
            failed = true;
            synchronized (err) {
                err.println("tlsweep: " + Printable.of(e.getMessage()));
                for (Throwable more : e.getSuppressed()) {
                    err.println("tlsweep: " + Printable.of(more.getMessage()));
                }
                err.flush();
            }
        }
    }

    /** What a sweep stopped by a failed output leaves, and how to go on. */
    private String stopped(JsonlFile file, long written) {
        if (file != null) {
            return "; the sweep stopped: " + written + " reports of this run are in " + Printable.cut(output.toString(),
                    300) + " (the rest were not written): once it can be written, run again with --resume to scan "
                    + "what is missing";
        }
        return "; the sweep stopped: " + written + " reports were written before the failure (the last of them may "
                + "be cut), the reports in progress and the rest of the inventory are lost";
    }

    /** The targets still being scanned, oldest first, as the inventory wrote them. */
    private static List<String> waitingFor(Map<InventoryEntry, Long> inFlight) {
        return inFlight.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> e.getKey().target().input()).toList();
    }

    /**
     * Hands reports on in the order their targets were read: a report waits for those of the targets before it.
     * Only for a bounded number of targets (the waiting reports are held in memory).
     */
    private static final class InOrder implements ReportSink {
        private final ReportSink next;
        private final Map<InventoryEntry, Long> sequence;
        private final java.util.TreeMap<Long, Object[]> waiting = new java.util.TreeMap<>();
        private long expected;

        InOrder(ReportSink next, Map<InventoryEntry, Long> sequence) {
            this.next = next;
            this.sequence = sequence;
        }

        @Override
        public synchronized void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException {
            Long n = sequence.get(entry);
            if (n == null) {
                next.accept(entry, reports);
                return;
            }
            waiting.put(n, new Object[] {entry, reports});
            while (!waiting.isEmpty() && waiting.firstKey() <= expected) {
                Object[] first = waiting.pollFirstEntry().getValue();
                @SuppressWarnings("unchecked")
                List<EndpointReport> r = (List<EndpointReport>) first[1];
                next.accept((InventoryEntry) first[0], r);
                expected++;
            }
        }

        @Override
        public void finish() throws IOException {
            next.finish();
        }
    }

    /** What an interrupted run leaves: how many reports were written and how to go on. */
    private String interruptedAdvice(long written) {
        if (output != null) {
            return written + (written == 1 ? " report of this run is in " : " reports of this run are in ")
                    + Printable.cut(output.toString(), 300) + "; run the same command with --resume to scan the rest";
        }
        return written + (written == 1 ? " report was" : " reports were") + " written; scan with -o FILE to be able "
                + "to continue an interrupted run with --resume";
    }

    /** An I/O failure's reason without the file name (the message gives it once). */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : Printable.cut(e.getMessage(), 300);
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was read from it
            }
        }
    }

    /** {@code --list-policies}: every name {@code --policy} takes, by family. */
    private static void listPolicies(PrintWriter out) {
        PolicyCatalog catalog = PolicyCatalog.standard();
        out.println("Mozilla (server side TLS guidelines; without a version: the newest that has the configuration):");
        out.println("  mozilla-modern  mozilla-intermediate  mozilla-old");
        for (PolicyProfile p : catalog.family("mozilla")) {
            out.println("  " + p.id());
        }
        out.println("AWS Application and Network Load Balancers:");
        catalog.family("aws-elb").forEach(p -> out.println("  " + p.id()));
        out.println("AWS Classic Load Balancer:");
        catalog.family("aws-clb").forEach(p -> out.println("  " + p.id()));
        out.flush();
    }

    /** Checks the command line and reads what it names (inventory, trust anchors, policy). */
    private Plan plan() throws UsageError {
        if (targets.isEmpty() && input == null) {
            throw new UsageError("no targets (expected: TARGET... or -i FILE); see 'tlsweep scan --help'");
        }
        if (starttls != null) {
            bareScheme = Starttls.scheme(starttls).filter(sc -> sc.starttls() != null).orElseThrow(() -> new UsageError(
                    "--starttls: '" + starttls + "' (expected: " + Starttls.upgradeNames() + ")"));
        }
        for (String t : targets) {
            if (t.matches("(?i)(sni|expect-sha256|expect-serial|expect-cert)=.*")) {
                throw new UsageError(Printable.quote(Printable.cut(t, 100)) + " is a separate argument: quote the "
                        + "target with its options, e.g. tlsweep scan 'example.com:443 " + Printable.cut(t, 100) + "'");
            }
            try {
                for (var it = TargetParser.expand(t, Math.max(1, cidrMax), bareScheme);
                        it.hasNext() && argumentEndpoints <= IN_ORDER_MAX; it.next()) {
                    argumentEndpoints++;
                }
            } catch (TargetSyntaxException e) {
                throw new UsageError("invalid target " + e.getMessage());
            }
        }
        if (resume && output == null) {
            throw new UsageError("--resume needs -o FILE (the output of the run to continue)");
        }
        String problem = pathProblems();
        problem = problem != null ? problem : connection.problems();
        try {
            exportOptions.failOn();
        } catch (IllegalArgumentException e) {
            problem = problem != null ? problem : e.getMessage();
        }
        if (problem != null) {
            throw new UsageError(problem);
        }
        try {
            Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
            if (cidrMax < 1) {
                throw new IllegalArgumentException("--cidr-max: " + cidrMax + " (expected: > 0)");
            }
            ScanOptions options = ScanOptions.defaults().withExhaustive(exhaustive).withVersions(versions())
                    .withGroups(!noGroups).withChecks(!noChecks)
                    .withEndpointTimeout(connection.endpointTimeout())
                    .withClients(simulateClients ? ClientProfiles.all() : List.of());
            EngineConfig config = connection.config()
                    .withMaxPerIp(perIp == 0 ? Integer.MAX_VALUE : perIp)
                    .withConnectionsPerSecond(rate);
            SweepOptions sweepOptions = new SweepOptions(allAddresses, maxEndpointsInFlight != null
                    ? maxEndpointsInFlight : SweepOptions.defaultMaxEndpointsInFlight(connection.concurrency()), quic);
            Optional<PolicyProfile> chosen = policy == null ? Optional.empty() : PolicyCatalog.standard().find(policy);
            if (policy != null && chosen.isEmpty()) {
                List<String> near = PolicyCatalog.standard().nearest(policy);
                throw new UsageError("--policy: unknown policy " + Printable.quote(Printable.cut(policy, 100))
                        + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)")
                        + "; --list-policies lists them all");
            }
            Judges judges = new Judges(chosen.stream().toList(), matchPolicies);
            int width = terminal.width();
            ChainOptions.Loaded chains = chainOptions.load();
            Path inventory = input == null || input.equals("-") ? null : Path.of(input);
            BufferedReader file;
            try {
                file = input == null ? null : InventoryReader.open(inventory);
            } catch (InputFileException e) {
                throw new UsageError("-i " + e.getMessage());
            } catch (IOException e) {
                throw new UsageError("-i " + Printable.cut(input, 300) + ": cannot read: " + reason(e));
            }
            Map<String, String> resultOptions = resultOptions(options);
            CompletableFuture<Provenance> provenance = new CompletableFuture<>();
            Thread fingerprint = new Thread(() -> {
                try {
                    provenance.complete(Provenance.of(resultOptions, chains.trustStore()));
                } catch (RuntimeException | Error e) {
                    provenance.completeExceptionally(e);
                }
            }, "tlsweep-trust-store");
            fingerprint.setDaemon(true);
            fingerprint.start();
            return new Plan(options, config, sweepOptions, part, judges, chains, inventory, file, provenance, width);
        } catch (IllegalArgumentException | ChainInputException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** The options of this command line that change results, for every report's provenance. */
    private Map<String, String> resultOptions(ScanOptions options) {
        Map<String, String> out = new TreeMap<>();
        out.put("protocols", options.versions().size() == ProtocolVersion.values().length ? "all"
                : options.versions().stream().sorted().map(ProtocolVersion::label).collect(Collectors.joining(",")));
        out.put("exhaustive", String.valueOf(exhaustive));
        if (bareScheme != null) {
            out.put("starttls", bareScheme.name());
        }
        out.put("all-addresses", String.valueOf(allAddresses));
        if (quic) {
            out.put("quic", "true");
        }
        if (noGroups) {
            out.put("groups", "false");
        }
        if (noChecks) {
            out.put("checks", "false");
        }
        if (perIp > 0) {
            out.put("per-ip", String.valueOf(perIp));
        }
        if (rate > 0) {
            out.put("rate", String.valueOf(rate));
        }
        if (policy != null) {
            out.put("policy", policy);
        }
        if (matchPolicies) {
            out.put("match-policies", "true");
        }
        if (simulateClients) {
            out.put("simulate-clients", "true");
        }
        connection.describe(out);
        chainOptions.describe(out);
        return out;
    }

    /** With {@code --resume}: the earlier run's reports, counted into the summary and the exit code. */
    private ResumeLog resume(JsonlFile file, Summary summary, RunVerdict verdict, PrintWriter err) throws IOException {
        if (!resume) {
            return ResumeLog.empty();
        }
        ResumeLog done = ResumeLog.load(file, r -> {
            summary.add(r);
            verdict.add(r);
        });
        err.println("tlsweep: resuming: " + done.size() + " reports in " + Printable.cut(output.toString(), 300)
                + (done.truncatedBytes() > 0 ? ", a torn last line of " + done.truncatedBytes() + " bytes cut" : ""));
        err.flush();
        return done;
    }

    /** Streams the inventory through the scanner into the sinks this command line asks for. */
    private Sweep.Result sweep(Plan plan, ResumeLog done, JsonlFile file, Summary summary, RunVerdict verdict,
            Outputs outputs, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        AtomicLong finished = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        InventoryReader reader = new InventoryReader(targets, plan.file(), plan.inventory() == null ? "stdin" : input,
                cidrMax, plan.shard(), e -> {
                    synchronized (err) {
                        err.println("tlsweep: skipped " + e);
                        err.flush();
                    }
                }, notice -> {
                    synchronized (err) {
                        err.println("tlsweep: " + notice);
                        err.flush();
                    }
                }).bareScheme(bareScheme);
        // The targets read and not yet reported, for the progress line's "waiting for".
        java.util.concurrent.ConcurrentHashMap<InventoryEntry, Long> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean allRead = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.Iterator<InventoryEntry> entries = new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = reader.hasNext();
                if (!more) {
                    allRead.set(true);
                }
                return more;
            }

            @Override
            public InventoryEntry next() {
                InventoryEntry e = reader.next();
                inFlight.put(e, sequence.getAndIncrement());
                return e;
            }
        };
        // X.509 parsing, chain analysis and judgement: never on the event loops.
        ReportSpool spool = null;
        ExecutorService analysis = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("tlsweep-analysis", true));
        try (reader; ScanEngine engine = new ScanEngine(plan.config());
                AiaFetcher aia = plan.chains().aia(engine);
                Progress progress = !noProgress && Progress.wanted(output != null)
                        ? new Progress(err, engine, reader, plan.inventory(), targets.size(), finished::get, failed::get,
                                () -> allRead.get() ? waitingFor(inFlight) : List.of())
                        : null) {
            Scanner scanner = Scanner.builder(engine).options(plan.options()).analyzer(plan.chains().analyzer(aia))
                    .judges(plan.judges()).analysis(analysis).provenance(plan.provenance()).build();
            List<ReportSink> sinks = new ArrayList<>();
            sinks.add((entry, reports) -> reports.forEach(r -> {
                finished.incrementAndGet();
                if (!r.status().scanned()) {
                    failed.incrementAndGet();
                }
            }));
            sinks.add(new SummarySink(summary));
            sinks.add(verdict);
            if (file != null) {
                sinks.add(new JsonLinesSink(file));
            } else if (json) {
                sinks.add(new JsonLinesSink(LineWriter.of(out, "standard output")));
            } else {
                ReportSink terminal = new TerminalSink(out, new TerminalReport(color(), plan.width()), err);
                // A few targets given as arguments: their reports in the order given, not the order they finish.
                sinks.add(input == null && argumentEndpoints <= IN_ORDER_MAX ? new InOrder(terminal, inFlight) : terminal);
            }
            // Reached only when the output above took the reports.
            sinks.add((entry, reports) -> outputs.written.addAndGet(reports.size()));
            // Last: the reordering sink above still reads the entry's place.
            sinks.add((entry, reports) -> inFlight.remove(entry));
            if (metricsFile != null) {
                outputs.finishing.add(new MetricsFileSink(new EndpointMetrics(false), metricsFile));
            }
            if (fixChain != null) {
                outputs.finishing.add(new FixChainSink(fixChain, err));
            }
            // Their files are written after the sweep, so that a failure there is said without stopping it.
            for (ReportSink s : outputs.finishing) {
                sinks.add(s::accept);
            }
            List<ExportSink.Export> exports = new ArrayList<>(exportOptions.exports(input == null || input.equals("-")
                    ? null : input));
            if (html != null) {
                String source = input == null ? "the command line" : input.equals("-") ? "standard input" : input;
                exports.add(0, new ExportSink.Export("--html", html, (reports, w) -> HtmlReport.write(reports,
                        new HtmlReport.Options("tlsweep report: " + source, Instant.now(),
                                output == null ? List.of() : List.of(output.getFileName().toString()), null, null), w)));
            }
            if (!exports.isEmpty()) {
                // The -o file holds every report of the run (an earlier run's too with --resume); else a spool.
                spool = file != null ? null : ReportSpool.in(exports.get(0).file().toAbsolutePath().getParent());
                // The -o file is read back through its own descriptor: closing another would drop the run's lock.
                ReportSource written = file == null ? spool : each -> ReportFiles.read(new InputStreamReader(
                        file.readFromStart(), StandardCharsets.UTF_8), output.toString(),
                        (line, n) -> each.accept(line.report(), line.line()));
                ExportSink export = new ExportSink(exports, written, spool);
                // Written when the sweep ends (from the spool, which lives until then): a failure is said, not thrown.
                sinks.add(new ReportSink() {
                    @Override
                    public void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException {
                        export.accept(entry, reports);
                    }

                    @Override
                    public void finish() {
                        try {
                            export.finish();
                        } catch (IOException e) {
                            outputs.failed(err, e);
                        }
                    }
                });
            }
            // Ctrl-C (SIGINT, exit 130) or SIGTERM (143): say what was written and how to go on.
            Thread interrupted = new Thread(() -> {
                synchronized (err) {
                    err.println();
                    err.println("tlsweep: interrupted: " + interruptedAdvice(outputs.written.get()));
                    err.flush();
                }
            }, "tlsweep-interrupted");
            Runtime.getRuntime().addShutdownHook(interrupted);
            Sweep.Result result;
            try {
                result = new Sweep(engine, scanner, plan.sweep()).run(entries, e -> {
                    boolean skip = done.contains(e);
                    if (skip) {
                        inFlight.remove(e);
                    }
                    return skip;
                }, ReportSink.tee(sinks));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(interrupted);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs
                }
            }
            verdict.malformedLines(reader.malformed());
            return result;
        } finally {
            analysis.shutdownNow();
            if (spool != null) {
                spool.close();
            }
        }
    }

    /** Colours only on a terminal that gets the reports, unless switched off. */
    private boolean color() {
        return !json && output == null && terminal.color();
    }

    /**
     * What is wrong with the files named on the command line, checked before scanning so that a typo
     * does not cost a whole sweep: the inventory must be a readable file, outputs must go to existing
     * directories. {@code null} when all is well.
     */
    private String pathProblems() {
        if (input != null && !input.equals("-")) {
            try {
                InventoryReader.requireReadable(Path.of(input));
            } catch (InputFileException e) {
                return "-i " + e.getMessage();
            }
        }
        List<Object[]> outputs = new ArrayList<>(List.of(new Object[][] {{"-o", output}, {"--summary", summaryFile},
            {"--metrics-file", metricsFile}, {"--html", html}}));
        outputs.addAll(exportOptions.files());
        for (Object[] o : outputs) {
            String problem = ExportOptions.writable((String) o[0], (Path) o[1]);
            if (problem != null) {
                return problem;
            }
        }
        if (resume && Files.exists(output) && !Files.isRegularFile(output)) {
            return "--resume: -o " + Printable.cut(output.toString(), 300) + " is not a regular file (expected: the "
                    + "output file of the run to continue)";
        }
        if (fixChain != null) {
            Path existing = fixChain.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            String shown = Printable.cut(fixChain.toString(), 300);
            if (existing == null || !Files.isDirectory(existing)) {
                return "--fix-chain " + shown + ": " + (existing == null ? "no such directory"
                        : Printable.cut(existing.toString(), 300) + " is not a directory");
            }
            if (!Files.isWritable(existing)) {
                return "--fix-chain " + shown + ": cannot write in " + Printable.cut(existing.toString(), 300);
            }
        }
        return null;
    }

    private Set<ProtocolVersion> versions() {
        if (protocols == null || protocols.isEmpty()) {
            return EnumSet.allOf(ProtocolVersion.class);
        }
        Set<ProtocolVersion> out = EnumSet.noneOf(ProtocolVersion.class);
        for (String p : protocols) {
            out.add(ProtocolVersion.fromLabel(p.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "--protocols: " + Printable.quote(p) + " (expected: sslv2, sslv3, tls1.0, tls1.1, tls1.2, tls1.3)")));
        }
        return out;
    }
}
