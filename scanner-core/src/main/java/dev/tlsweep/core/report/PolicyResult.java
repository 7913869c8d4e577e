package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * An endpoint judged against one policy.
 *
 * @param policy     the policy's id
 * @param compliant  whether no failing deviation was found
 * @param deviations every difference, failing ones first
 * @param notChecked the rules that could not be checked, with why (e.g. no certificate facts)
 */
public record PolicyResult(String policy, boolean compliant, List<Deviation> deviations, List<String> notChecked) {

    public PolicyResult {
        Objects.requireNonNull(policy, "policy");
        deviations = List.copyOf(deviations);
        notChecked = List.copyOf(notChecked);
    }
}
