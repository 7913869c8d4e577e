package dev.tlsweep.core.probe;

import dev.tlsweep.core.quic.QuicClient;

/**
 * A hello sent over QUIC: what the server did with it as any probe reads it, and what QUIC itself said (the version
 * negotiated away, a Retry, a CONNECTION_CLOSE, the transport parameters); {@code quic} is {@code null} when the
 * hello was never sent.
 */
public record QuicAnswer(HelloAnswer hello, QuicClient.Answer quic) {
}
