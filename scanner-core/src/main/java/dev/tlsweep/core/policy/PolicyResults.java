package dev.tlsweep.core.policy;

import java.util.List;

/**
 * What an endpoint's report says about policies and clients, when asked for.
 *
 * @param checks  the endpoint judged against each policy given with {@code --policy} (empty if none)
 * @param match   the nearest predefined load-balancer policy ({@code --match-policies}), or {@code null}
 * @param clients the replayed clients ({@code --simulate-clients}), empty if not asked
 */
public record PolicyResults(List<PolicyResult> checks, PolicyMatch match, List<ClientResult> clients) {

    public PolicyResults {
        checks = List.copyOf(checks);
        clients = List.copyOf(clients);
    }

    /** Whether a policy was checked and the endpoint does not comply with it. */
    public boolean anyNonCompliant() {
        return checks.stream().anyMatch(c -> !c.compliant());
    }
}
