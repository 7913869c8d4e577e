package dev.tlsweep.core.wire;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X448;
import org.bouncycastle.util.BigIntegers;

/**
 * The client key shares tlsweep sends, with their private halves: x25519, x448, the NIST P-curves, the
 * brainpool curves (TLS 1.3 and legacy code points) and the other SEC curves, the RFC 7919 finite-field
 * groups, ML-KEM-512/768/1024 and the hybrids X25519MLKEM768, SecP256r1MLKEM768 and SecP384r1MLKEM1024
 * (draft-ietf-tls-ecdhe-mlkem). Every other group gets random bytes of the length its definition requires.
 *
 * <p><b>One share per group per process.</b> The key pair of each group is made once, on first use, and
 * sent in every hello that offers the group. A scanner's handshake protects nothing — it decrypts only what
 * the server sends to anyone (the certificate, the extensions) — so reusing an ephemeral key loses no
 * secrecy, while generating one per hello would cost each connection a key generation on an event loop
 * (BENCHMARKS.md, "Key shares": from microseconds for x25519 to milliseconds for P-521 and ffdhe8192). The
 * reuse is safe against a malicious server: server shares are validated (points on the curve, DH values in
 * range, no all-zero x25519/x448 results) and ML-KEM keys are meant to be reused (IND-CCA2). {@link #prepare()}
 * makes the common shares ahead of time, off the event loops.
 */
final class KeyShares {

    static final int SECP256R1 = 0x0017;
    static final int SECP384R1 = 0x0018;
    static final int SECP521R1 = 0x0019;
    static final int X25519_GROUP = 0x001D;
    static final int X448_GROUP = 0x001E;
    static final int MLKEM512 = 0x0200;
    static final int MLKEM768 = 0x0201;
    static final int MLKEM1024 = 0x0202;
    static final int SECP256R1_MLKEM768 = 0x11EB;
    static final int X25519_MLKEM768 = 0x11EC;
    static final int SECP384R1_MLKEM1024 = 0x11ED;

    private static final int MLKEM768_ENCAPS_KEY = 1184;
    private static final int MLKEM1024_ENCAPS_KEY = 1568;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Integer, KeyShare> SHARED = new ConcurrentHashMap<>();

    private KeyShares() {
    }

    /** Returns the key_exchange length for a group. */
    static int length(int group) {
        return switch (group) {
            case SECP256R1 -> 65;
            case SECP384R1 -> 97;
            case SECP521R1 -> 133;
            case X25519_GROUP -> 32;
            case X448_GROUP -> 56;
            case 0x001F -> 65; // brainpoolP256r1tls13
            case 0x0020 -> 97; // brainpoolP384r1tls13
            case 0x0021 -> 129; // brainpoolP512r1tls13
            case 0x0100 -> 256; // ffdhe2048
            case 0x0101 -> 384;
            case 0x0102 -> 512;
            case 0x0103 -> 768;
            case 0x0104 -> 1024; // ffdhe8192
            case MLKEM512 -> 800;
            case MLKEM768 -> MLKEM768_ENCAPS_KEY;
            case MLKEM1024 -> MLKEM1024_ENCAPS_KEY;
            case SECP256R1_MLKEM768, 0x639A -> 65 + MLKEM768_ENCAPS_KEY; // SecP256r1MLKEM768, SecP256r1Kyber768Draft00
            case X25519_MLKEM768, 0x6399 -> MLKEM768_ENCAPS_KEY + 32; // X25519MLKEM768, X25519Kyber768Draft00
            case SECP384R1_MLKEM1024 -> 97 + MLKEM1024_ENCAPS_KEY;
            default -> {
                String curve = curveName(group);
                X9ECParameters p = curve == null ? null : curve(curve);
                yield p == null ? 32 : 1 + 2 * ((p.getCurve().getFieldSize() + 7) / 8);
            }
        };
    }

    /**
     * The share to send for a group: the process's shared key pair for the groups tlsweep implements, fresh
     * random bytes (no private half) for the others.
     */
    static KeyShare share(int group) {
        KeyShare shared = SHARED.get(group);
        if (shared != null) {
            return shared;
        }
        KeyShare made = generate(group);
        if (!made.agreeable()) {
            return made;
        }
        KeyShare raced = SHARED.putIfAbsent(group, made);
        return raced == null ? made : raced;
    }

    /** Makes the common shares now, off the event loops: x25519, P-256, P-384 and X25519MLKEM768. */
    static void prepare() {
        for (int g : new int[] {X25519_GROUP, SECP256R1, SECP384R1, X25519_MLKEM768}) {
            share(g);
        }
    }

    /** Creates a fresh share for a group: a key pair when the group is implemented, else random bytes. */
    static KeyShare generate(int group) {
        switch (group) {
            case X25519_GROUP:
                return x25519();
            case X448_GROUP:
                return x448();
            case MLKEM512:
                return mlKem(group, MLKEMParameters.ml_kem_512);
            case MLKEM768:
                return mlKem(group, MLKEMParameters.ml_kem_768);
            case MLKEM1024:
                return mlKem(group, MLKEMParameters.ml_kem_1024);
            case X25519_MLKEM768:
                // ML-KEM first, then X25519 (draft-ietf-tls-ecdhe-mlkem, 4.1)
                return hybrid(group, mlKem(MLKEM768, MLKEMParameters.ml_kem_768), x25519(), 1088);
            case SECP256R1_MLKEM768:
                return hybrid(group, ec(SECP256R1, "secp256r1"), mlKem(MLKEM768, MLKEMParameters.ml_kem_768), 65);
            case SECP384R1_MLKEM1024:
                return hybrid(group, ec(SECP384R1, "secp384r1"), mlKem(MLKEM1024, MLKEMParameters.ml_kem_1024), 97);
            case 0x0100:
                return ffdhe(group, DHStandardGroups.rfc7919_ffdhe2048);
            case 0x0101:
                return ffdhe(group, DHStandardGroups.rfc7919_ffdhe3072);
            case 0x0102:
                return ffdhe(group, DHStandardGroups.rfc7919_ffdhe4096);
            case 0x0103:
                return ffdhe(group, DHStandardGroups.rfc7919_ffdhe6144);
            case 0x0104:
                return ffdhe(group, DHStandardGroups.rfc7919_ffdhe8192);
            default:
                String curve = curveName(group);
                if (curve != null && curve(curve) != null) {
                    return ec(group, curve);
                }
                byte[] random = new byte[length(group)];
                ThreadLocalRandom.current().nextBytes(random);
                if (group == 0x6399) {
                    x25519Public(random, 0); // X25519 first, then Kyber (draft-tls-westerbaan-xyber768d00)
                } else if (group == 0x639A) {
                    System.arraycopy(ec(SECP256R1, "secp256r1").publicKey(), 0, random, 0, 65);
                }
                return new KeyShare(group, random, null);
        }
    }

    /** The Bouncy Castle name of an elliptic-curve group, or {@code null}. */
    static String curveName(int group) {
        return switch (group) {
            case 0x0001 -> "sect163k1";
            case 0x0002 -> "sect163r1";
            case 0x0003 -> "sect163r2";
            case 0x0004 -> "sect193r1";
            case 0x0005 -> "sect193r2";
            case 0x0006 -> "sect233k1";
            case 0x0007 -> "sect233r1";
            case 0x0008 -> "sect239k1";
            case 0x0009 -> "sect283k1";
            case 0x000A -> "sect283r1";
            case 0x000B -> "sect409k1";
            case 0x000C -> "sect409r1";
            case 0x000D -> "sect571k1";
            case 0x000E -> "sect571r1";
            case 0x000F -> "secp160k1";
            case 0x0010 -> "secp160r1";
            case 0x0011 -> "secp160r2";
            case 0x0012 -> "secp192k1";
            case 0x0013 -> "secp192r1";
            case 0x0014 -> "secp224k1";
            case 0x0015 -> "secp224r1";
            case 0x0016 -> "secp256k1";
            case SECP256R1 -> "secp256r1";
            case SECP384R1 -> "secp384r1";
            case SECP521R1 -> "secp521r1";
            case 0x001A, 0x001F -> "brainpoolP256r1";
            case 0x001B, 0x0020 -> "brainpoolP384r1";
            case 0x001C, 0x0021 -> "brainpoolP512r1";
            default -> null;
        };
    }

    private static final Map<String, X9ECParameters> CURVES = new ConcurrentHashMap<>();

    static X9ECParameters curve(String name) {
        X9ECParameters p = CURVES.get(name);
        if (p == null) {
            p = CustomNamedCurves.getByName(name);
            if (p == null) {
                p = ECNamedCurveTable.getByName(name);
            }
            if (p == null) {
                return null;
            }
            CURVES.putIfAbsent(name, p);
        }
        return p;
    }

    // ---- x25519, x448 ----

    private static KeyShare x25519() {
        byte[] priv = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(RANDOM, priv);
        byte[] pub = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(priv, 0, pub, 0);
        return new KeyShare(X25519_GROUP, pub, server -> {
            if (server.length != X25519.POINT_SIZE) {
                throw new WireException(WireError.BAD_LENGTH, "x25519 share of " + server.length
                        + " bytes (expected: 32)");
            }
            byte[] out = new byte[X25519.POINT_SIZE];
            if (!X25519.calculateAgreement(priv, 0, server, 0, out, 0)) {
                throw new WireException(WireError.BAD_VALUE, "x25519 share of low order: the shared secret is zero");
            }
            return out;
        });
    }

    private static void x25519Public(byte[] out, int offset) {
        byte[] priv = new byte[X25519.SCALAR_SIZE];
        ThreadLocalRandom.current().nextBytes(priv);
        X25519.generatePublicKey(priv, 0, out, offset);
    }

    private static KeyShare x448() {
        byte[] priv = new byte[X448.SCALAR_SIZE];
        X448.generatePrivateKey(RANDOM, priv);
        byte[] pub = new byte[X448.POINT_SIZE];
        X448.generatePublicKey(priv, 0, pub, 0);
        return new KeyShare(X448_GROUP, pub, server -> {
            if (server.length != X448.POINT_SIZE) {
                throw new WireException(WireError.BAD_LENGTH, "x448 share of " + server.length
                        + " bytes (expected: 56)");
            }
            byte[] out = new byte[X448.POINT_SIZE];
            if (!X448.calculateAgreement(priv, 0, server, 0, out, 0)) {
                throw new WireException(WireError.BAD_VALUE, "x448 share of low order: the shared secret is zero");
            }
            return out;
        });
    }

    // ---- elliptic curves ----

    private static KeyShare ec(int group, String name) {
        X9ECParameters p = curve(name);
        BigInteger n = p.getN();
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), RANDOM);
        ECPoint q = new FixedPointCombMultiplier().multiply(p.getG(), d).normalize();
        int fieldBytes = (p.getCurve().getFieldSize() + 7) / 8;
        return new KeyShare(group, q.getEncoded(false), server -> ecdh(p, d, server, fieldBytes, name));
    }

    /** ECDH with an uncompressed or compressed point; the x coordinate, left-padded to the field size. */
    static byte[] ecdh(X9ECParameters p, BigInteger d, byte[] server, int fieldBytes, String name) throws WireException {
        ECPoint point;
        try {
            point = p.getCurve().decodePoint(server);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new WireException(WireError.BAD_VALUE, name + " share is not a point of the curve: " + e.getMessage());
        }
        ECPoint s = point.multiply(d).normalize();
        if (s.isInfinity()) {
            throw new WireException(WireError.BAD_VALUE, name + " share yields the point at infinity");
        }
        return BigIntegers.asUnsignedByteArray(fieldBytes, s.getAffineXCoord().toBigInteger());
    }

    // ---- finite fields ----

    private static KeyShare ffdhe(int group, DHParameters params) {
        BigInteger p = params.getP();
        int size = (p.bitLength() + 7) / 8;
        // A 512-bit exponent: above twice the security level of every RFC 7919 group (RFC 7919 5.2).
        BigInteger x = new BigInteger(512, RANDOM).setBit(511);
        byte[] pub = BigIntegers.asUnsignedByteArray(size, params.getG().modPow(x, p));
        return new KeyShare(group, pub, server -> {
            if (server.length != size) {
                throw new WireException(WireError.BAD_LENGTH, "finite-field share of " + server.length
                        + " bytes (expected: " + size + ")");
            }
            BigInteger y = new BigInteger(1, server);
            if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
                throw new WireException(WireError.BAD_VALUE, "finite-field share out of range (expected: 1 < Y < p-1)");
            }
            return BigIntegers.asUnsignedByteArray(size, y.modPow(x, p));
        });
    }

    // ---- ML-KEM and hybrids ----

    private static KeyShare mlKem(int group, MLKEMParameters params) {
        MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
        generator.init(new MLKEMKeyGenerationParameters(RANDOM, params));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        MLKEMPrivateKeyParameters priv = (MLKEMPrivateKeyParameters) pair.getPrivate();
        byte[] pub = ((MLKEMPublicKeyParameters) pair.getPublic()).getEncoded();
        MLKEMExtractor extractor = new MLKEMExtractor(priv);
        int ciphertext = extractor.getEncapsulationLength();
        return new KeyShare(group, pub, server -> {
            if (server.length != ciphertext) {
                throw new WireException(WireError.BAD_LENGTH, params.getName() + " ciphertext of " + server.length
                        + " bytes (expected: " + ciphertext + ")");
            }
            synchronized (extractor) {
                return extractor.extractSecret(server);
            }
        });
    }

    /**
     * A hybrid share: {@code first}'s public bytes then {@code second}'s; the server's share is split after
     * {@code firstServerLength} bytes, and the secret is the first's then the second's.
     */
    private static KeyShare hybrid(int group, KeyShare first, KeyShare second, int firstServerLength) {
        byte[] pub = TlsHash.concat(first.publicKey(), second.publicKey());
        return new KeyShare(group, pub, server -> {
            if (server.length <= firstServerLength) {
                throw new WireException(WireError.BAD_LENGTH, String.format("hybrid share of %d bytes for group 0x%04X",
                        server.length, group));
            }
            byte[] a = first.agree(Arrays.copyOfRange(server, 0, firstServerLength));
            byte[] b = second.agree(Arrays.copyOfRange(server, firstServerLength, server.length));
            return TlsHash.concat(a, b);
        });
    }
}
