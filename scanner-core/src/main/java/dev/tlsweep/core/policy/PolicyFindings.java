package dev.tlsweep.core.policy;

import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.Severity;
import java.util.ArrayList;
import java.util.List;

/** Turns policy results into findings (codes in docs/FINDINGS.md). Pure. */
public final class PolicyFindings {

    private PolicyFindings() {
    }

    /** The findings of the policy checks and the client simulation. */
    public static List<Finding> of(PolicyResults results) {
        List<Finding> out = new ArrayList<>();
        for (PolicyResult r : results.checks()) {
            if (r.compliant()) {
                out.add(new Finding("POLICY_COMPLIANT", Severity.INFO, "Complies with " + r.policy()
                        + (r.deviations().isEmpty() ? "" : " (" + r.deviations().size() + " advisory deviations)"), null));
            } else {
                long failing = r.deviations().stream().filter(Deviation::failing).count();
                out.add(new Finding("POLICY_NONCOMPLIANT", Severity.HIGH, "Does not comply with " + r.policy()
                        + ": " + failing + (failing == 1 ? " deviation" : " deviations"),
                        "Change the server's TLS configuration to the policy's, or choose the policy it serves"));
            }
            for (Deviation d : r.deviations()) {
                out.add(new Finding(d.kind().code(), d.failing() ? Severity.MEDIUM : Severity.LOW,
                        r.policy() + ": " + d.message(), null));
            }
        }
        List<String> failing = results.clients().stream().filter(c -> !c.connected()).map(ClientResult::name).toList();
        if (!failing.isEmpty()) {
            out.add(new Finding("CLIENTS_CANNOT_CONNECT", Severity.INFO, "Simulated clients that cannot connect: "
                    + String.join(", ", failing), null));
        }
        return out;
    }
}
