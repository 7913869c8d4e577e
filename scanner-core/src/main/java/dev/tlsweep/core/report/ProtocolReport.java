package dev.tlsweep.core.report;

import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.List;
import java.util.Objects;

/**
 * What an endpoint does with one protocol version.
 *
 * <p>A version is refused ({@link #refused()}) only when its probes completed and the server refused
 * every offer; when they did not complete and found nothing, whether the version is supported is
 * unknown ({@link #unknown()}), and the JSON says {@code "accepted": null}.
 *
 * @param version          the version probed
 * @param run              how far the probes of this version got, why not further, what they cost
 * @param accepted         whether at least one suite was negotiated at this version
 * @param serverPreference {@code true} if the server imposes its own order, {@code false} if it follows
 *                         the client's, {@code null} when undetermined (fewer than two suites, not
 *                         accepted, or the preference offers went unanswered)
 * @param suites           the accepted suites, in the server's preference order when it enforces one,
 *                         otherwise in the order they were found
 * @param note             a remark on how the preference was judged, or {@code null}
 * @param groups           the key-exchange groups of this version, or {@code null} when they were not probed
 * @param signatureAlgorithms the signature algorithms of this version, or {@code null} when they were not probed
 */
public record ProtocolReport(ProtocolVersion version, ProbeRun run, boolean accepted, Boolean serverPreference,
        List<AcceptedSuite> suites, String note, GroupsResult groups, SignatureAlgorithmsResult signatureAlgorithms) {

    public ProtocolReport {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(run, "run");
        suites = List.copyOf(suites);
    }

    /** A version's suites and preference, its groups and signature algorithms not probed. */
    public ProtocolReport(ProtocolVersion version, ProbeRun run, boolean accepted, Boolean serverPreference,
            List<AcceptedSuite> suites, String note) {
        this(version, run, accepted, serverPreference, suites, note, null, null);
    }

    /** This version with its groups. */
    public ProtocolReport withGroups(GroupsResult value) {
        return new ProtocolReport(version, run, accepted, serverPreference, suites, note, value, signatureAlgorithms);
    }

    /** This version with its signature algorithms. */
    public ProtocolReport withSignatureAlgorithms(SignatureAlgorithmsResult value) {
        return new ProtocolReport(version, run, accepted, serverPreference, suites, note, groups, value);
    }

    /** This version with another run (status) of its suite probes. */
    public ProtocolReport withRun(ProbeRun value) {
        return new ProtocolReport(version, value, accepted, serverPreference, suites, note, groups, signatureAlgorithms);
    }

    /** A version that was refused: every offer completed and was refused. */
    public static ProtocolReport refused(ProtocolVersion version, ProbeRun run) {
        return new ProtocolReport(version, run, false, null, List.of(), null);
    }

    /** The status of this version's probes. */
    public ProbeStatus status() {
        return run.status();
    }

    /** Whether the server refused this version, as far as completed probes show. */
    public boolean refused() {
        return !accepted && run.completed();
    }

    /** Whether nothing is known of this version: no suite found, and the probes did not complete. */
    public boolean unknown() {
        return !accepted && !run.completed();
    }
}
