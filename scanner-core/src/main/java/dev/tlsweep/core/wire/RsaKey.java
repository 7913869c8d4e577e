package dev.tlsweep.core.wire;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * The RSA public key of a DER certificate, read by walking the few DER structures before and inside its
 * SubjectPublicKeyInfo ({@link CertificateSpki}; RFC 8017 A.1.1) — not an X.509 parse: cheap enough for an event
 * loop, bounded by the input, never throwing. What a TLS client needs to encrypt an RSA premaster secret.
 *
 * @param modulus  n
 * @param exponent e
 */
public record RsaKey(BigInteger modulus, BigInteger exponent) {

    private static final byte[] RSA_ENCRYPTION = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 1, 1, 1};

    public RsaKey {
        Objects.requireNonNull(modulus, "modulus");
        Objects.requireNonNull(exponent, "exponent");
    }

    /** The modulus length in bytes: the length of an encrypted premaster secret. */
    public int length() {
        return (modulus.bitLength() + 7) / 8;
    }

    /** The RSA key of the certificate, or {@code null} when it holds another kind of key or is malformed. */
    public static RsaKey of(byte[] der) {
        CertificateSpki spki = CertificateSpki.of(der);
        if (spki == null || !spki.algorithmIs(RSA_ENCRYPTION)) {
            return null;
        }
        // subjectPublicKey BIT STRING { 0 unused bits, RSAPublicKey SEQUENCE { modulus INTEGER, exponent INTEGER } }
        int[] bits = spki.keyBits();
        if (bits == null) {
            return null;
        }
        int[] tlv = new int[2];
        if (!CertificateSpki.header(der, bits[0], bits[0] + bits[1], 0x30, tlv)) {
            return null;
        }
        int seqEnd = tlv[0] + tlv[1];
        if (!CertificateSpki.header(der, tlv[0], seqEnd, 0x02, tlv) || tlv[1] == 0) {
            return null;
        }
        BigInteger n = new BigInteger(1, Arrays.copyOfRange(der, tlv[0], tlv[0] + tlv[1]));
        if (!CertificateSpki.header(der, tlv[0] + tlv[1], seqEnd, 0x02, tlv) || tlv[1] == 0 || tlv[1] > 16) {
            return null;
        }
        BigInteger e = new BigInteger(1, Arrays.copyOfRange(der, tlv[0], tlv[0] + tlv[1]));
        if (n.bitLength() < 256 || n.bitLength() > 16384 || e.signum() <= 0) {
            return null;
        }
        return new RsaKey(n, e);
    }

    /** PKCS #1 v1.5 "encryption" of an already padded block: {@code block}^e mod n, left-padded to the modulus length. */
    public byte[] raw(byte[] block) {
        BigInteger m = new BigInteger(1, block);
        byte[] c = m.modPow(exponent, modulus).toByteArray();
        byte[] out = new byte[length()];
        int copy = Math.min(c.length, out.length);
        System.arraycopy(c, c.length - copy, out, out.length - copy, copy);
        return out;
    }

    /** RSAES-PKCS1-v1_5 encryption of {@code message} with random non-zero padding (RFC 8017 7.2.1). */
    public byte[] encrypt(byte[] message) {
        int k = length();
        if (message.length > k - 11) {
            throw new IllegalArgumentException("message: " + message.length + " bytes (expected: <= " + (k - 11) + ")");
        }
        byte[] block = new byte[k];
        block[1] = 2;
        java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 2; i < k - message.length - 1; i++) {
            byte b;
            do {
                b = (byte) rnd.nextInt();
            } while (b == 0);
            block[i] = b;
        }
        System.arraycopy(message, 0, block, k - message.length, message.length);
        return raw(block);
    }
}
