package dev.tlsweep.core.report;

import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.List;
import java.util.Objects;

/**
 * What an endpoint does with one protocol version.
 *
 * @param version          the version probed
 * @param accepted         whether at least one suite was negotiated at this version
 * @param serverPreference {@code true} if the server imposes its own order, {@code false} if it follows
 *                         the client's, {@code null} when undetermined (fewer than two suites, or not
 *                         accepted)
 * @param suites           the accepted suites, in the server's preference order when it enforces one,
 *                         otherwise in the order they were found
 * @param note             a remark on how the preference was judged, or {@code null}
 */
public record ProtocolReport(ProtocolVersion version, boolean accepted, Boolean serverPreference,
        List<AcceptedSuite> suites, String note) {

    public ProtocolReport {
        Objects.requireNonNull(version, "version");
        suites = List.copyOf(suites);
    }

    /** A version that was refused. */
    public static ProtocolReport refused(ProtocolVersion version) {
        return new ProtocolReport(version, false, null, List.of(), null);
    }
}
