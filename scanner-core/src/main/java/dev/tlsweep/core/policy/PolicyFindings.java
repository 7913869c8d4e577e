package dev.tlsweep.core.policy;

import dev.tlsweep.core.report.ClientResult;
import dev.tlsweep.core.report.Deviation;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.PolicyResult;
import dev.tlsweep.core.report.PolicyResults;
import dev.tlsweep.core.report.Severity;
import java.util.ArrayList;
import java.util.List;

/** Turns policy results into findings (codes in docs/FINDINGS.md). Pure. */
public final class PolicyFindings {

    private PolicyFindings() {
    }

    /** The findings of the policy checks. */
    public static List<Finding> of(PolicyResults results) {
        List<Finding> out = new ArrayList<>();
        for (PolicyResult r : results.checks()) {
            if (r.compliant()) {
                out.add(new Finding(FindingCode.POLICY_COMPLIANT, Severity.INFO, "Complies with " + r.policy()
                        + (r.deviations().isEmpty() ? "" : " (" + r.deviations().size() + (r.deviations().size() == 1 ? " advisory deviation)" : " advisory deviations)")), null,
                        List.of(r.policy())));
            } else {
                long failing = r.deviations().stream().filter(Deviation::failing).count();
                out.add(new Finding(FindingCode.POLICY_NONCOMPLIANT, Severity.HIGH, "Does not comply with " + r.policy()
                        + ": " + failing + (failing == 1 ? " deviation" : " deviations"),
                        "Change the server's TLS configuration to the policy's, or choose the policy it serves",
                        List.of(r.policy())));
            }
            for (Deviation d : r.deviations()) {
                out.add(new Finding(d.kind().code(), d.failing() ? Severity.MEDIUM : Severity.LOW,
                        r.policy() + ": " + d.message(), null, d.subjects()));
            }
        }
        return out;
    }

    /** The finding of the client simulation: the clients that cannot connect, if any. */
    public static List<Finding> ofClients(List<ClientResult> clients) {
        List<ClientResult> failing = clients.stream().filter(c -> !c.connected()).toList();
        if (failing.isEmpty()) {
            return List.of();
        }
        return List.of(new Finding(FindingCode.CLIENTS_CANNOT_CONNECT, Severity.INFO, "Simulated clients that cannot connect: "
                + String.join(", ", failing.stream().map(ClientResult::name).toList()), null,
                failing.stream().map(ClientResult::client).toList()));
    }
}
