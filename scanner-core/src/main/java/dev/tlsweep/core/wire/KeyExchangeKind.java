package dev.tlsweep.core.wire;

/**
 * The shape of the ServerKeyExchange message a negotiated cipher suite implies.
 */
public enum KeyExchangeKind {
    /** ECDHE_RSA, ECDHE_ECDSA, ECDH_anon: ECParameters followed by the server's point (RFC 8422). */
    ECDHE,
    /** DHE_RSA, DHE_DSS, DH_anon: p, g and Ys (RFC 5246). */
    DHE,
    /** Export RSA: a temporary RSA modulus and exponent (RFC 2246). */
    RSA_EXPORT,
    /** No ServerKeyExchange is expected or its content carries no key parameters (plain RSA, PSK without DH). */
    NONE,
    /** ECDHE_PSK: an identity hint followed by ECDH parameters (RFC 5489). */
    ECDHE_PSK,
    /** DHE_PSK: an identity hint followed by DH parameters (RFC 4279). */
    DHE_PSK,
    /** The kind could not be determined: no suite mapping was configured and the structure matched none. */
    UNKNOWN
}
