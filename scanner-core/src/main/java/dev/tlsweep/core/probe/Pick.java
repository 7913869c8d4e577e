package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.KeyExchangeParams;

/**
 * A suite the server picked, with the ephemeral parameters it sent along.
 *
 * @param suite       the code point
 * @param keyExchange the group or DH size, or {@code null}
 */
public record Pick(int suite, KeyExchangeParams keyExchange) {
}
