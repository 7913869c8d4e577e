package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * The key-exchange groups one protocol version accepts.
 *
 * @param run        how far the probe got, what it cost
 * @param accepted   the groups accepted: in the server's order when {@code preference} is {@code "server"}, else in
 *                   the order found
 * @param preference {@code "server"} when the server imposes its order, {@code "client"} when it takes the client's,
 *                   {@code null} when undetermined (fewer than two groups)
 * @param note       a remark on the method (e.g. finite-field groups named by their prime), or {@code null}
 */
public record GroupsResult(ProbeRun run, List<SupportedGroup> accepted, String preference, String note) {

    public GroupsResult {
        Objects.requireNonNull(run, "run");
        accepted = List.copyOf(accepted);
    }
}
