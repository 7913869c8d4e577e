package dev.tlsweep.core.wire;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc7748.X448;

/**
 * Key-share bytes for ClientHello key_share entries. x25519, x448 and the NIST P-curves get real public
 * keys (the private halves are discarded: a scanner never finishes the handshake); hybrid groups carry
 * a real classical half; every other group gets random bytes of the length its definition requires.
 *
 * <p>Generating a P-256 key costs a millisecond or two and the first X25519 key a few hundred, on
 * whichever thread encodes a hello — often an event loop. Since the private halves are thrown away
 * anyway, the shares of x25519 and the P-curves are made once per process ({@link #share}) and sent in
 * every hello; {@link #prepare()} makes the x25519 one ahead of time.
 */
final class KeyShares {

    static final int SECP256R1 = 0x0017;
    static final int SECP384R1 = 0x0018;
    static final int SECP521R1 = 0x0019;
    static final int X25519_GROUP = 0x001D;
    static final int X448_GROUP = 0x001E;

    private static final int MLKEM768_ENCAPS_KEY = 1184;
    private static final int MLKEM1024_ENCAPS_KEY = 1568;

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
            case 0x0200 -> 800; // MLKEM512
            case 0x0201 -> MLKEM768_ENCAPS_KEY;
            case 0x0202 -> MLKEM1024_ENCAPS_KEY;
            case 0x11EB, 0x639A -> 65 + MLKEM768_ENCAPS_KEY; // SecP256r1MLKEM768, SecP256r1Kyber768Draft00
            case 0x11EC, 0x6399 -> MLKEM768_ENCAPS_KEY + 32; // X25519MLKEM768, X25519Kyber768Draft00
            case 0x11ED -> 97 + MLKEM1024_ENCAPS_KEY; // SecP384r1MLKEM1024
            default -> 32;
        };
    }

    /** The key_exchange bytes to send for a group: shared for x25519 and the P-curves, fresh otherwise. */
    static byte[] share(int group) {
        return switch (group) {
            case X25519_GROUP -> SharedX25519.SHARE;
            case SECP256R1 -> SharedP256.SHARE;
            case SECP384R1 -> SharedP384.SHARE;
            case SECP521R1 -> SharedP521.SHARE;
            default -> generate(group);
        };
    }

    /** Makes the shared x25519 share now, off the event loops. */
    static void prepare() {
        if (SharedX25519.SHARE.length != 32) {
            throw new IllegalStateException("x25519 share");
        }
    }

    // One holder per group, each initialised on first use and immutable after (never handed out to be changed:
    // the encoder copies the bytes into the hello).
    private static final class SharedX25519 {
        static final byte[] SHARE = generate(X25519_GROUP);
    }

    private static final class SharedP256 {
        static final byte[] SHARE = generate(SECP256R1);
    }

    private static final class SharedP384 {
        static final byte[] SHARE = generate(SECP384R1);
    }

    private static final class SharedP521 {
        static final byte[] SHARE = generate(SECP521R1);
    }

    /** Creates fresh key_exchange bytes for a group. */
    static byte[] generate(int group) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] out = new byte[length(group)];
        switch (group) {
            case X25519_GROUP -> x25519(out, 0);
            case X448_GROUP -> {
                byte[] priv = new byte[X448.SCALAR_SIZE];
                rnd.nextBytes(priv);
                X448.generatePublicKey(priv, 0, out, 0);
            }
            case SECP256R1 -> ecPoint("secp256r1", out, 0);
            case SECP384R1 -> ecPoint("secp384r1", out, 0);
            case SECP521R1 -> ecPoint("secp521r1", out, 0);
            case 0x11EC -> {
                rnd.nextBytes(out);
                x25519(out, MLKEM768_ENCAPS_KEY); // ML-KEM first, then X25519 (draft-ietf-tls-ecdhe-mlkem)
            }
            case 0x6399 -> {
                rnd.nextBytes(out);
                x25519(out, 0); // X25519 first, then Kyber (draft-tls-westerbaan-xyber768d00)
            }
            case 0x11EB, 0x639A -> {
                rnd.nextBytes(out);
                ecPoint("secp256r1", out, 0);
            }
            case 0x11ED -> {
                rnd.nextBytes(out);
                ecPoint("secp384r1", out, 0);
            }
            case 0x0100, 0x0101, 0x0102, 0x0103, 0x0104 -> {
                // A value below every FFDHE prime (they start with 64 one bits) and above 1.
                rnd.nextBytes(out);
                out[0] = (byte) (0x40 | (out[0] & 0x3F));
            }
            case 0x001F, 0x0020, 0x0021 -> {
                rnd.nextBytes(out);
                out[0] = 4; // uncompressed point format marker
            }
            default -> rnd.nextBytes(out);
        }
        return out;
    }

    private static void x25519(byte[] out, int offset) {
        byte[] priv = new byte[X25519.SCALAR_SIZE];
        ThreadLocalRandom.current().nextBytes(priv);
        X25519.generatePublicKey(priv, 0, out, offset);
    }

    private static void ecPoint(String curve, byte[] out, int offset) {
        ECPublicKey key;
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec(curve));
            key = (ECPublicKey) kpg.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + curve + " key", e);
        }
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        out[offset] = 4;
        writeFixed(key.getW().getAffineX(), out, offset + 1, size);
        writeFixed(key.getW().getAffineY(), out, offset + 1 + size, size);
    }

    private static void writeFixed(BigInteger v, byte[] out, int offset, int size) {
        byte[] b = v.toByteArray();
        int copy = Math.min(b.length, size);
        java.util.Arrays.fill(out, offset, offset + size - copy, (byte) 0);
        System.arraycopy(b, b.length - copy, out, offset + size - copy, copy);
    }
}
