package dev.tlsweep.lab;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The key types the lab can generate: RSA of four sizes and the three NIST prime curves.
 */
public enum KeyType {
    /** RSA, 1024-bit modulus (weak on purpose). */
    RSA_1024("RSA", 1024, null, "SHA256withRSA"),
    /** RSA, 2048-bit modulus. */
    RSA_2048("RSA", 2048, null, "SHA256withRSA"),
    /** RSA, 3072-bit modulus. */
    RSA_3072("RSA", 3072, null, "SHA256withRSA"),
    /** RSA, 4096-bit modulus (slow to generate). */
    RSA_4096("RSA", 4096, null, "SHA256withRSA"),
    /** ECDSA on P-256 (secp256r1). */
    EC_P256("EC", 256, "secp256r1", "SHA256withECDSA"),
    /** ECDSA on P-384 (secp384r1). */
    EC_P384("EC", 384, "secp384r1", "SHA384withECDSA"),
    /** ECDSA on P-521 (secp521r1). */
    EC_P521("EC", 521, "secp521r1", "SHA512withECDSA");

    private final String algorithm;
    private final int bits;
    private final String curve;
    private final String defaultSignatureAlgorithm;

    KeyType(String algorithm, int bits, String curve, String defaultSignatureAlgorithm) {
        this.algorithm = algorithm;
        this.bits = bits;
        this.curve = curve;
        this.defaultSignatureAlgorithm = defaultSignatureAlgorithm;
    }

    /** The JCA key algorithm: {@code "RSA"} or {@code "EC"}. */
    public String algorithm() {
        return algorithm;
    }

    /** The key size in bits (modulus size for RSA, field size for EC). */
    public int bits() {
        return bits;
    }

    /** The standard curve name for EC keys ({@code "secp256r1"} ...), {@code null} for RSA. */
    public String curve() {
        return curve;
    }

    /** True for RSA key types. */
    public boolean isRsa() {
        return "RSA".equals(algorithm);
    }

    /** The signature algorithm a CA holding a key of this type signs with unless told otherwise. */
    public String defaultSignatureAlgorithm() {
        return defaultSignatureAlgorithm;
    }

    /** Generates a fresh key pair of this type with the JDK's providers. */
    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve == null) {
                generator.initialize(bits);
            } else {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key pair", e);
        }
    }
}
