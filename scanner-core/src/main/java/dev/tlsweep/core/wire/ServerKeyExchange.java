package dev.tlsweep.core.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The key parameters of a ServerKeyExchange message and the signature scheme it names; the signature is not
 * checked.
 *
 * @param kind the structure that was parsed
 * @param namedGroup the ECDHE named group; 0xFF01 / 0xFF02 for explicit prime / char2 curves; -1 if not ECDHE
 * @param dhPrimeBits bit length of the DHE prime p, -1 if not DHE
 * @param exportRsaModulusBits bit length of the temporary RSA modulus, -1 if not RSA_EXPORT
 * @param signatureScheme the SignatureAndHashAlgorithm of a TLS 1.2 signed message (RFC 5246 7.4.1.4.1), -1 when
 *        the message is unsigned (anonymous, PSK) or of an earlier version, which names no algorithm
 * @param dhPrime the DHE prime p as sent, {@code null} if not DHE
 * @param dhGenerator the DHE generator g as sent, {@code null} if not DHE
 * @param publicValue the server's ephemeral public value (the ECDH point or DH Ys), {@code null} if none
 */
public record ServerKeyExchange(KeyExchangeKind kind, int namedGroup, int dhPrimeBits, int exportRsaModulusBits,
        int signatureScheme, byte[] dhPrime, byte[] dhGenerator, byte[] publicValue) {

    /** The pseudo group code RFC 8422 reserves for explicit prime curves. */
    public static final int EXPLICIT_PRIME_CURVE = 0xFF01;
    /** The pseudo group code RFC 8422 reserves for explicit characteristic-2 curves. */
    public static final int EXPLICIT_CHAR2_CURVE = 0xFF02;

    /** Parameters without a signature scheme or raw values. */
    public ServerKeyExchange(KeyExchangeKind kind, int namedGroup, int dhPrimeBits, int exportRsaModulusBits) {
        this(kind, namedGroup, dhPrimeBits, exportRsaModulusBits, -1, null, null, null);
    }

    public ServerKeyExchange {
        Objects.requireNonNull(kind, "kind");
        dhPrime = dhPrime == null ? null : dhPrime.clone();
        dhGenerator = dhGenerator == null ? null : dhGenerator.clone();
        publicValue = publicValue == null ? null : publicValue.clone();
    }

    @Override
    public byte[] dhPrime() {
        return dhPrime == null ? null : dhPrime.clone();
    }

    @Override
    public byte[] dhGenerator() {
        return dhGenerator == null ? null : dhGenerator.clone();
    }

    @Override
    public byte[] publicValue() {
        return publicValue == null ? null : publicValue.clone();
    }

    /** The same parameters with the signature scheme the message names. */
    ServerKeyExchange withSignatureScheme(int scheme) {
        return new ServerKeyExchange(kind, namedGroup, dhPrimeBits, exportRsaModulusBits, scheme, dhPrime, dhGenerator,
                publicValue);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerKeyExchange other && kind == other.kind && namedGroup == other.namedGroup
                && dhPrimeBits == other.dhPrimeBits && exportRsaModulusBits == other.exportRsaModulusBits
                && signatureScheme == other.signatureScheme && Arrays.equals(dhPrime, other.dhPrime)
                && Arrays.equals(dhGenerator, other.dhGenerator) && Arrays.equals(publicValue, other.publicValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, namedGroup, dhPrimeBits, exportRsaModulusBits, signatureScheme)
                + 31 * Arrays.hashCode(dhPrime) + Arrays.hashCode(publicValue);
    }

    @Override
    public String toString() {
        return "ServerKeyExchange[" + kind + ", group=" + namedGroup + ", dhPrimeBits=" + dhPrimeBits
                + ", exportRsaModulusBits=" + exportRsaModulusBits + ", signatureScheme=" + signatureScheme + "]";
    }
}
