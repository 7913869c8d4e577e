package dev.tlsweep.core.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * A signature scheme (TLS 1.3, RFC 8446 section 4.2.3) or TLS 1.2 (hash, signature) pair (RFC 5246
 * section 7.4.1.4.1), as sent in signature_algorithms.
 *
 * @param code      the 16-bit wire value; for TLS 1.2 pairs the hash byte then the signature byte
 * @param name      the IANA name, e.g. "rsa_pss_rsae_sha256", or for pairs without one the customary name
 * @param algorithm the signature algorithm
 * @param hash      the hash the signature is computed over
 * @param tls13     whether the scheme is defined for TLS 1.3 handshake signatures (CertificateVerify);
 *                  RSASSA-PKCS1-v1_5 and SHA-1 schemes are not, though they may be listed for certificates
 * @param iana      whether the IANA SignatureScheme registry assigns this name
 */
public record SignatureScheme(int code, String name, Algorithm algorithm, Hash hash, boolean tls13, boolean iana) {

    /** Signature algorithms. */
    public enum Algorithm {
        /** RSASSA-PKCS1-v1_5. */
        RSA_PKCS1,
        /** RSASSA-PSS with an rsaEncryption key. */
        RSA_PSS_RSAE,
        /** RSASSA-PSS with an RSASSA-PSS key. */
        RSA_PSS_PSS,
        /** DSA. */
        DSA,
        /** ECDSA. */
        ECDSA,
        /** Ed25519. */
        ED25519,
        /** Ed448. */
        ED448,
        /** SM2. */
        SM2,
        /** GOST R 34.10-2001. */
        GOST_2001,
        /** GOST R 34.10-2012, 256-bit. */
        GOST_2012_256,
        /** GOST R 34.10-2012, 512-bit. */
        GOST_2012_512,
        /** ML-DSA (FIPS 204). */
        ML_DSA,
        /** ECCSI (RFC 6507). */
        ECCSI,
        /** ISO/IEC 14888-3 identity-based signatures. */
        ISO_IBS
    }

    /** Hash functions. */
    public enum Hash {
        /** MD5. */
        MD5,
        /** SHA-1. */
        SHA1,
        /** SHA-224. */
        SHA224,
        /** SHA-256. */
        SHA256,
        /** SHA-384. */
        SHA384,
        /** SHA-512. */
        SHA512,
        /** The algorithm hashes internally (EdDSA, ML-DSA). */
        INTRINSIC,
        /** SM3. */
        SM3,
        /** GOST R 34.11-94. */
        GOSTR3411,
        /** GOST R 34.11-2012, 256-bit. */
        STREEBOG256,
        /** GOST R 34.11-2012, 512-bit. */
        STREEBOG512
    }

    /** Validates the fields. */
    public SignatureScheme {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("code: " + code + " (expected: 0x0000-0xFFFF)");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hash, "hash");
    }

    /** The code as "0x0804". */
    public String codeHex() {
        return String.format(Locale.ROOT, "0x%04X", code);
    }

    /** Whether the signature is computed over SHA-1 or MD5. */
    public boolean weakHash() {
        return hash == Hash.SHA1 || hash == Hash.MD5;
    }

    @Override
    public String toString() {
        return codeHex() + " " + name;
    }
}
