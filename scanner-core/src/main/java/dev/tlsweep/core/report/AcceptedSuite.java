package dev.tlsweep.core.report;

import dev.tlsweep.core.registry.CipherSuite;
import java.util.Objects;

/**
 * A cipher suite the endpoint accepted at one protocol version.
 *
 * @param suite       the registry entry
 * @param keyExchange the ephemeral parameters the server chose with it, or {@code null} when none
 *                    apply or none were seen
 */
public record AcceptedSuite(CipherSuite suite, KeyExchangeParams keyExchange) {

    public AcceptedSuite {
        Objects.requireNonNull(suite, "suite");
    }
}
