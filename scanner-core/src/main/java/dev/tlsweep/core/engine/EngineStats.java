package dev.tlsweep.core.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of the engine's counters. Values are read one by one without a lock, so a snapshot
 * taken while exchanges run may be off by the few events that happened while it was taken.
 *
 * @param inFlight connections currently held (connecting or connected)
 * @param queued exchanges waiting for a global or per-endpoint slot (not counting those in retry
 *     backoff)
 * @param connectionsOpened attempts started since the engine was created
 * @param retries attempts that were retries of an earlier attempt
 * @param outcomes completed exchanges by the outcome of their last attempt; every kind present
 */
public record EngineStats(
        int inFlight, int queued, long connectionsOpened, long retries, Map<Outcome, Long> outcomes) {

    /** Validates the components and copies the map. */
    public EngineStats {
        Objects.requireNonNull(outcomes, "outcomes");
        EnumMap<Outcome, Long> copy = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            copy.put(o, outcomes.getOrDefault(o, 0L));
        }
        outcomes = Collections.unmodifiableMap(copy);
    }

    /** Completed exchanges with the given outcome. */
    public long count(Outcome outcome) {
        return outcomes.get(Objects.requireNonNull(outcome, "outcome"));
    }

    /** All completed exchanges. */
    public long completed() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }
}
