package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.Flag;
import java.util.Comparator;

/**
 * The order in which suites are offered: the ones servers commonly accept first (forward-secret AEAD,
 * then forward-secret CBC, then the rest), exotic ones (PSK, SRP, Kerberos, anonymous, NULL) last. The
 * sort is stable, so registry order decides within a rank.
 *
 * <p>For elimination this matters: when all the suites a server accepts fall into one bundle, the pick
 * order of that bundle is the server's preference order and no further hellos are needed to learn it;
 * common suites kept together make that the usual case.
 */
final class SuiteRank {

    /** Most commonly accepted first. */
    static final Comparator<CipherSuite> ORDER = Comparator.comparingInt(SuiteRank::rank);

    private SuiteRank() {
    }

    static int rank(CipherSuite s) {
        boolean fs = s.has(Flag.FORWARD_SECRECY);
        boolean aead = s.has(Flag.AEAD);
        boolean odd = s.has(Flag.PSK) || s.has(Flag.SRP) || s.has(Flag.KRB5)
                || s.has(Flag.ANONYMOUS) || s.has(Flag.NULL_CIPHER);
        return (odd ? 4 : 0) + (fs ? 0 : 2) + (aead ? 0 : 1);
    }
}
