package dev.tlsweep.cli;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.inventory.TargetSyntaxException;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
        java.util.Optional<dev.tlsweep.core.policy.PolicyProfile> chosen = policy == null ? java.util.Optional.empty()
                : dev.tlsweep.core.policy.PolicyCatalog.standard().find(policy);
        if (policy != null && chosen.isEmpty()) {
            err.println("tlsweep: --policy: unknown policy '" + policy + "' (expected: mozilla-modern, mozilla-intermediate, "
                    + "mozilla-old, or an ELBSecurityPolicy-... name)");
            return Main.USAGE;
        }
        boolean color = !noColor && !json && System.console() != null && System.getenv("NO_COLOR") == null;
        TerminalReport renderer = new TerminalReport(color);
        PolicyReport policyRenderer = new PolicyReport(color);
        int unscanned = 0;
        int nonCompliant = 0;
        try (ScanEngine engine = new ScanEngine(config)) {
            Scanner scanner = new Scanner(engine, options);
            dev.tlsweep.core.policy.PolicyStage stage = new dev.tlsweep.core.policy.PolicyStage(engine,
                    chosen.stream().toList(), matchPolicies,
                    simulateClients ? dev.tlsweep.core.policy.ClientProfiles.all() : List.of(), r -> java.util.Optional.empty());
            List<CompletableFuture<EndpointReport>> running = new ArrayList<>();
            for (Target t : parsed) {
                running.add(scanner.scan(t).thenCompose(stage::apply));
            }
            // Reports are printed in the order of the targets; the scans run concurrently.
            for (CompletableFuture<EndpointReport> f : running) {
                EndpointReport r = f.join();
                if (r.status() != ScanStatus.OK) {
                    unscanned++;
                }
                if (r.policy() != null && r.policy().anyNonCompliant()) {
                    nonCompliant++;
                }
                if (json) {
                    out.println(dev.tlsweep.core.report.ReportJson.toLine(r));
                } else {
                    renderer.render(r, out);
                    policyRenderer.render(r.policy(), out);
                }
                out.flush();
            }
        }
        return unscanned > 0 ? Main.UNSCANNED : nonCompliant > 0 ? Main.NONCOMPLIANT : Main.OK;
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
