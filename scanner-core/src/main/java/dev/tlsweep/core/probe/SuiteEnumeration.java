package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.ProbeRun;
import java.util.List;
import java.util.Objects;

/**
 * The suites one protocol version accepts, as found by elimination or exhaustively.
 *
 * @param version      the version probed
 * @param picks        the accepted suites; for elimination, in the order the server picked them
 * @param bundles      how many separate offers (bundles) the candidates were split into; when the
 *                     accepted suites all came from one bundle of an elimination, the pick order is
 *                     the server's preference order if it enforces one
 * @param singleBundle whether every accepted suite was found within one bundle's elimination
 * @param run          whether the enumeration completed, and its cost so far
 * @param tally        the hellos of this version's probes (the preference probe goes on counting on it)
 */
public record SuiteEnumeration(ProtocolVersion version, List<Pick> picks, int bundles, boolean singleBundle,
        ProbeRun run, Tally tally) {

    public SuiteEnumeration {
        Objects.requireNonNull(version, "version");
        picks = List.copyOf(picks);
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(tally, "tally");
    }

    /** Whether the version is supported: at least one suite was negotiated at it. */
    public boolean accepted() {
        return !picks.isEmpty();
    }
}
