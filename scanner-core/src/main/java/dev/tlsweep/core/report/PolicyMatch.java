package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * How an endpoint compares with a family of predefined policies.
 *
 * @param exact      the policies the endpoint matches exactly (same versions and suites)
 * @param nearest    the nearest policy (the first exact match when there is one)
 * @param distance   the distance to it: the (version, suite) pairs one has and the other not, plus
 *                   a weight per version (policy.PolicyMatcher) one enables and the other not
 * @param difference how the endpoint differs from the nearest policy
 */
public record PolicyMatch(List<String> exact, String nearest, int distance, PolicyResult difference) {

    public PolicyMatch {
        exact = List.copyOf(exact);
        Objects.requireNonNull(nearest, "nearest");
        Objects.requireNonNull(difference, "difference");
    }
}
