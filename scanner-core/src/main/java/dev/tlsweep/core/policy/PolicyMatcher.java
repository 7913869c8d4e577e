package dev.tlsweep.core.policy;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.PolicyMatch;
import dev.tlsweep.core.report.ProtocolReport;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds which predefined policies an endpoint matches, and the nearest one. Only the versions that
 * were probed are compared. Pure.
 */
public final class PolicyMatcher {

    /** How much one version enabled on one side only weighs against one (version, suite) pair. */
    public static final int VERSION_WEIGHT = 10;

    private PolicyMatcher() {
    }

    /** Compares the endpoint with every candidate; {@code candidates} must not be empty. */
    public static PolicyMatch match(List<PolicyProfile> candidates, List<ProtocolReport> protocols) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates: [] (expected: at least one policy)");
        }
        Set<ProtocolVersion> probed = EnumSet.noneOf(ProtocolVersion.class);
        Set<ProtocolVersion> accepted = EnumSet.noneOf(ProtocolVersion.class);
        Set<String> pairs = new HashSet<>();
        for (ProtocolReport p : protocols) {
            if (p.run().completed()) { // an incomplete version is unknown: it is not compared
                probed.add(p.version());
            }
            if (p.accepted()) {
                accepted.add(p.version());
            }
            for (AcceptedSuite a : p.suites()) {
                pairs.add(p.version().label() + " " + a.suite().ianaName());
            }
        }
        List<String> exact = new ArrayList<>();
        PolicyProfile nearest = null;
        int best = Integer.MAX_VALUE;
        for (PolicyProfile policy : candidates) {
            int d = distance(policy, probed, accepted, pairs);
            if (d == 0) {
                exact.add(policy.id());
            }
            if (d < best) {
                best = d;
                nearest = policy;
            }
        }
        return new PolicyMatch(exact, nearest.id(), best, PolicyChecker.check(nearest, protocols, List.of()));
    }

    static int distance(PolicyProfile policy, Set<ProtocolVersion> probed, Set<ProtocolVersion> accepted,
            Set<String> endpointPairs) {
        Set<String> policyPairs = new HashSet<>();
        int versions = 0;
        for (ProtocolVersion v : ProtocolVersion.values()) {
            if (!probed.contains(v)) {
                continue;
            }
            boolean inPolicy = policy.versions().contains(v);
            if (inPolicy != accepted.contains(v)) {
                versions++;
            }
            if (inPolicy) {
                for (CipherSuite s : v == ProtocolVersion.TLSv1_3 ? policy.tls13Suites() : policy.suites()) {
                    if (s.supports(v)) {
                        policyPairs.add(v.label() + " " + s.ianaName());
                    }
                }
            }
        }
        Set<String> onlyEndpoint = new HashSet<>(endpointPairs);
        onlyEndpoint.removeAll(policyPairs);
        Set<String> onlyPolicy = new HashSet<>(policyPairs);
        onlyPolicy.removeAll(endpointPairs);
        return onlyEndpoint.size() + onlyPolicy.size() + VERSION_WEIGHT * versions;
    }
}
