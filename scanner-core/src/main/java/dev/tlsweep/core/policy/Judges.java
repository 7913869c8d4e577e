package dev.tlsweep.core.policy;

import dev.tlsweep.core.inventory.Expected;
import dev.tlsweep.core.report.ClientResult;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.PolicyMatch;
import dev.tlsweep.core.report.PolicyResult;
import dev.tlsweep.core.report.PolicyResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every judgement of a scanned endpoint, in one pure function of its report: the baseline findings
 * (obsolete versions, weak suites, incomplete versions), the expected certificate, the policies chosen
 * with {@code --policy}, the nearest load-balancer policy and the simulated clients. The scanner runs it
 * on the analysis executor once the probes and the chain analysis are done; nothing here touches the
 * network or a file. Immutable; one instance serves every endpoint.
 */
public final class Judges {

    private final List<PolicyProfile> policies;
    private final boolean matchPolicies;

    /**
     * @param policies      the policies to check every endpoint against (may be empty)
     * @param matchPolicies whether to find the nearest AWS load-balancer policy
     */
    public Judges(List<PolicyProfile> policies, boolean matchPolicies) {
        this.policies = List.copyOf(Objects.requireNonNull(policies, "policies"));
        this.matchPolicies = matchPolicies;
        if (matchPolicies) {
            PolicyCatalog.standard(); // loaded here, on the caller's thread, not on the first report's
        }
    }

    /** The judgements every scan makes, without policies. */
    public static Judges baseline() {
        return new Judges(List.of(), false);
    }

    /**
     * The report with every judgement added; a report of an endpoint that could not be scanned is returned
     * unchanged. Findings end up most severe first.
     *
     * @param expected what the inventory line expects the endpoint to serve
     * @param managed  the certificate of {@code expected}'s file, when it names one
     */
    public EndpointReport judge(EndpointReport report, Expected expected, ExpectedCertificate.Managed managed) {
        if (report.protocols().isEmpty()) {
            return report; // not scanned: nothing to judge
        }
        // The baseline first, then what the probes and the chain analysis found, then the expected certificate.
        List<Finding> findings = new ArrayList<>(BaselineFindings.judge(report.protocols()));
        findings.addAll(report.findings());
        findings.addAll(ExpectedCertificate.judge(expected, managed, report.chains()));
        findings.sort(EndpointReport.MOST_SEVERE_FIRST);
        List<Finding> more = new ArrayList<>();
        PolicyResults results = null;
        if (!policies.isEmpty() || matchPolicies) {
            List<PolicyResult> checks = new ArrayList<>();
            for (PolicyProfile p : policies) {
                checks.add(PolicyChecker.check(p, report.protocols(), report.leaves()));
            }
            PolicyMatch match = null;
            if (matchPolicies) {
                List<PolicyProfile> lb = new ArrayList<>(PolicyCatalog.standard().family("aws-elb"));
                lb.addAll(PolicyCatalog.standard().family("aws-clb"));
                match = PolicyMatcher.match(lb, report.protocols());
            }
            results = new PolicyResults(checks, match);
            more.addAll(PolicyFindings.of(results));
        }
        // Simulated clients that got through the first flight also judge the certificate, at the scan's time.
        List<ClientResult> clients = ClientCertificates.judge(report, report.startedAt());
        more.addAll(PolicyFindings.ofClients(clients));
        return report.toBuilder().policy(results).clients(clients).findings(findings).build().withFindings(more);
    }
}
