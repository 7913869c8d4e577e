package dev.tlsweep.core.wire;

/**
 * The key parameters of a ServerKeyExchange message; the signature is not checked.
 *
 * @param kind the structure that was parsed
 * @param namedGroup the ECDHE named group; 0xFF01 / 0xFF02 for explicit prime / char2 curves; -1 if not ECDHE
 * @param dhPrimeBits bit length of the DHE prime p, -1 if not DHE
 * @param exportRsaModulusBits bit length of the temporary RSA modulus, -1 if not RSA_EXPORT
 */
public record ServerKeyExchange(KeyExchangeKind kind, int namedGroup, int dhPrimeBits, int exportRsaModulusBits) {

    /** The pseudo group code RFC 8422 reserves for explicit prime curves. */
    public static final int EXPLICIT_PRIME_CURVE = 0xFF01;
    /** The pseudo group code RFC 8422 reserves for explicit characteristic-2 curves. */
    public static final int EXPLICIT_CHAR2_CURVE = 0xFF02;
}
