package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.List;

/**
 * The suites one protocol version accepts, as found by elimination or exhaustively.
 *
 * @param version      the version probed
 * @param picks        the accepted suites; for elimination, in the order the server picked them
 * @param bundles      how many separate offers (bundles) the candidates were split into; when the
 *                     accepted suites all came from one bundle of an elimination, the pick order is
 *                     the server's preference order if it enforces one
 * @param singleBundle whether every accepted suite was found within one bundle's elimination
 */
public record SuiteEnumeration(ProtocolVersion version, List<Pick> picks, int bundles, boolean singleBundle) {

    public SuiteEnumeration {
        picks = List.copyOf(picks);
    }

    /** Whether the version is supported: at least one suite was negotiated at it. */
    public boolean accepted() {
        return !picks.isEmpty();
    }
}
