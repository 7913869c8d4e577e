package dev.tlsweep.core.report;

import java.util.List;

/**
 * What an endpoint's report says about policies, when asked for.
 *
 * @param checks the endpoint judged against each policy given with {@code --policy} (empty if none)
 * @param match  the nearest predefined load-balancer policy ({@code --match-policies}), or {@code null}
 */
public record PolicyResults(List<PolicyResult> checks, PolicyMatch match) {

    public PolicyResults {
        checks = List.copyOf(checks);
    }

    /** Whether a policy was checked and the endpoint does not comply with it. */
    public boolean anyNonCompliant() {
        return checks.stream().anyMatch(c -> !c.compliant());
    }
}
