package dev.tlsweep.core.diff;

import dev.tlsweep.core.report.EndpointReport;
import java.util.List;
import java.util.Objects;

/**
 * How one endpoint differs between two sweeps.
 *
 * @param key     how it was matched
 * @param before  its report in the old sweep, or {@code null} when it appeared
 * @param after   its report in the new sweep, or {@code null} when it disappeared
 * @param changes what differs, in the order: endpoint, status, versions, suites, order, groups, certificates,
 *                chains, findings, policies
 */
public record EndpointDrift(EndpointKey key, EndpointReport before, EndpointReport after, List<Change> changes) {

    /** What happened to the endpoint as a whole. */
    public enum State {
        UNCHANGED, CHANGED, APPEARED, DISAPPEARED;

        /** The label in text and JSON. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public EndpointDrift {
        Objects.requireNonNull(key, "key");
        if (before == null && after == null) {
            throw new IllegalArgumentException("before and after: both null (expected: at least one report)");
        }
        changes = List.copyOf(changes);
    }

    /** Appeared, disappeared, changed or unchanged. */
    public State state() {
        return before == null ? State.APPEARED : after == null ? State.DISAPPEARED
                : changes.isEmpty() ? State.UNCHANGED : State.CHANGED;
    }

    /** Whether one of the changes makes the endpoint worse. */
    public boolean worse() {
        return changes.stream().anyMatch(Change::worse);
    }

    /** The address scanned in the newer sweep that has the endpoint. */
    public String ip() {
        return after != null ? after.ip() : before.ip();
    }
}
