package dev.tlsweep.core.quic;

/** The long-header packet types (RFC 9000 17.2); their two type bits depend on the {@link QuicVersion}. */
public enum PacketType {
    /** Carries the first CRYPTO frames: the ClientHello, the ServerHello; keys from the destination connection ID. */
    INITIAL,
    /** 0-RTT data (never sent by tlsweep). */
    ZERO_RTT,
    /** Carries the rest of the handshake, under the handshake keys. */
    HANDSHAKE,
    /** A server's demand that the client prove its address with a token. */
    RETRY
}
