package dev.tlsweep.core.policy;

import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.probe.ClientSimulationProbe;
import dev.tlsweep.core.probe.ProbeContext;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Adds policy checks, the nearest load-balancer policy and client simulation to a finished
 * {@link EndpointReport}. Endpoints that were not scanned are returned unchanged.
 */
public final class PolicyStage {

    private final ScanEngine engine;
    private final Executor judging;
    private final List<PolicyProfile> policies;
    private final boolean matchPolicies;
    private final List<ClientProfile> clients;
    private final Function<EndpointReport, Optional<CertificateFacts>> certificateFacts;
    private final ClientSimulationProbe simulation = new ClientSimulationProbe();

    /**
     * @param engine           sends the simulated clients' hellos
     * @param policies         the policies to check every endpoint against (may be empty)
     * @param matchPolicies    whether to find the nearest AWS load-balancer policy
     * @param clients          the client profiles to replay (empty: no simulation)
     * @param certificateFacts the certificate facts of a report, for the certificate rules of a policy
     */
    public PolicyStage(ScanEngine engine, List<PolicyProfile> policies, boolean matchPolicies,
            List<ClientProfile> clients, Function<EndpointReport, Optional<CertificateFacts>> certificateFacts) {
        this(engine, policies, matchPolicies, clients, certificateFacts, ForkJoinPool.commonPool());
    }

    /**
     * As above, judging on {@code judging} (never an event loop: the simulated hellos complete there, and
     * matching against every load-balancer policy is not event-loop work).
     */
    public PolicyStage(ScanEngine engine, List<PolicyProfile> policies, boolean matchPolicies,
            List<ClientProfile> clients, Function<EndpointReport, Optional<CertificateFacts>> certificateFacts,
            Executor judging) {
        this.judging = Objects.requireNonNull(judging, "judging");
        if (matchPolicies) {
            PolicyCatalog.standard(); // loaded here, on the caller's thread, not on the first report's
        }
        this.engine = Objects.requireNonNull(engine, "engine");
        this.policies = List.copyOf(policies);
        this.matchPolicies = matchPolicies;
        this.clients = List.copyOf(clients);
        this.certificateFacts = Objects.requireNonNull(certificateFacts, "certificateFacts");
    }

    /** Whether this stage has anything to do. */
    public boolean active() {
        return !policies.isEmpty() || matchPolicies || !clients.isEmpty();
    }

    /** The report with policy results added; never fails. */
    public CompletableFuture<EndpointReport> apply(EndpointReport report) {
        if (!active() || report.status() != ScanStatus.OK || report.ip() == null) {
            return CompletableFuture.completedFuture(report);
        }
        CompletableFuture<List<ClientResult>> simulated;
        if (clients.isEmpty()) {
            simulated = CompletableFuture.completedFuture(List.of());
        } else {
            try {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(report.ip()), report.port());
                simulated = simulation.run(new ProbeContext(engine, address, report.sni()), clients);
            } catch (UnknownHostException e) {
                simulated = CompletableFuture.completedFuture(List.of());
            }
        }
        return simulated.thenApplyAsync(results -> judge(report, results), judging).exceptionally(e -> report);
    }

    /** The report judged against the policies, with the given simulation results. Pure. */
    public EndpointReport judge(EndpointReport report, List<ClientResult> simulatedClients) {
        Optional<CertificateFacts> facts = certificateFacts.apply(report);
        List<PolicyResult> checks = new ArrayList<>();
        for (PolicyProfile p : policies) {
            checks.add(PolicyChecker.check(p, report.protocols(), facts));
        }
        PolicyMatch match = null;
        if (matchPolicies) {
            List<PolicyProfile> lb = new ArrayList<>(PolicyCatalog.standard().family("aws-elb"));
            lb.addAll(PolicyCatalog.standard().family("aws-clb"));
            match = PolicyMatcher.match(lb, report.protocols());
        }
        PolicyResults results = new PolicyResults(checks, match, simulatedClients);
        int hellos = simulatedClients.stream().mapToInt(ClientResult::hellos).sum();
        return report.withPolicy(results, PolicyFindings.of(results), hellos);
    }
}
