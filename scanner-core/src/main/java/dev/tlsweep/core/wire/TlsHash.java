package dev.tlsweep.core.wire;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The hash functions of the TLS key schedules and what is built on them: HMAC, HKDF (RFC 5869) with
 * TLS 1.3's HKDF-Expand-Label (RFC 8446 7.1), the TLS 1.2 PRF (RFC 5246 5) and the TLS 1.0/1.1 PRF
 * (RFC 2246 5). Bouncy Castle's lightweight digests: no provider lookup per call, cheap enough for an
 * event loop (a few microseconds per handshake). Public for the QUIC packet protection ({@code quic}), whose keys
 * come from the same HKDF-Expand-Label.
 */
public enum TlsHash {
    MD5(16),
    SHA1(20),
    SHA256(32),
    SHA384(48);

    private static final byte[] TLS13_LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);

    private final int length;

    TlsHash(int length) {
        this.length = length;
    }

    /** The output length in bytes. */
    public int length() {
        return length;
    }

    /** A fresh digest of this function. */
    Digest digest() {
        return switch (this) {
            case MD5 -> new MD5Digest();
            case SHA1 -> new SHA1Digest();
            case SHA256 -> new SHA256Digest();
            case SHA384 -> new SHA384Digest();
        };
    }

    /** A copy of {@code d}, which must be a digest of this function, so that its state can be finished twice. */
    Digest copy(Digest d) {
        return switch (this) {
            case MD5 -> new MD5Digest((MD5Digest) d);
            case SHA1 -> new SHA1Digest((SHA1Digest) d);
            case SHA256 -> new SHA256Digest((SHA256Digest) d);
            case SHA384 -> new SHA384Digest((SHA384Digest) d);
        };
    }

    /** The hash of the concatenated parts. */
    byte[] hash(byte[]... parts) {
        Digest d = digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[length];
        d.doFinal(out, 0);
        return out;
    }

    /** HMAC with {@code key} over the concatenated parts. */
    public byte[] hmac(byte[] key, byte[]... parts) {
        HMac mac = new HMac(digest());
        mac.init(new KeyParameter(key));
        for (byte[] p : parts) {
            mac.update(p, 0, p.length);
        }
        byte[] out = new byte[length];
        mac.doFinal(out, 0);
        return out;
    }

    /** HKDF-Extract (RFC 5869 2.2); a {@code null} salt is a string of zeros of the hash length. */
    public byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt == null ? new byte[length] : salt, ikm);
    }

    /** HKDF-Expand (RFC 5869 2.3). */
    byte[] expand(byte[] prk, byte[] info, int outputLength) {
        if (outputLength < 0 || outputLength > 255 * length) {
            throw new IllegalArgumentException("outputLength: " + outputLength + " (expected: 0.." + 255 * length + ")");
        }
        byte[] out = new byte[outputLength];
        byte[] t = new byte[0];
        int written = 0;
        for (int i = 1; written < outputLength; i++) {
            t = hmac(prk, t, info, new byte[] {(byte) i});
            int n = Math.min(t.length, outputLength - written);
            System.arraycopy(t, 0, out, written, n);
            written += n;
        }
        return out;
    }

    /** HKDF-Expand-Label (RFC 8446 7.1): {@code label} without the "tls13 " prefix. */
    public byte[] expandLabel(byte[] secret, String label, byte[] context, int outputLength) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        int full = TLS13_LABEL_PREFIX.length + l.length;
        byte[] info = new byte[2 + 1 + full + 1 + context.length];
        info[0] = (byte) (outputLength >>> 8);
        info[1] = (byte) outputLength;
        info[2] = (byte) full;
        System.arraycopy(TLS13_LABEL_PREFIX, 0, info, 3, TLS13_LABEL_PREFIX.length);
        System.arraycopy(l, 0, info, 3 + TLS13_LABEL_PREFIX.length, l.length);
        info[3 + full] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + full, context.length);
        return expand(secret, info, outputLength);
    }

    /** Derive-Secret (RFC 8446 7.1) from a transcript hash already computed. */
    byte[] deriveSecret(byte[] secret, String label, byte[] transcriptHash) {
        return expandLabel(secret, label, transcriptHash, length);
    }

    /** P_hash (RFC 5246 5): {@code outputLength} bytes from {@code secret} and {@code seed}. */
    byte[] pHash(byte[] secret, byte[] seed, int outputLength) {
        byte[] out = new byte[outputLength];
        byte[] a = seed;
        int written = 0;
        while (written < outputLength) {
            a = hmac(secret, a);
            byte[] chunk = hmac(secret, a, seed);
            int n = Math.min(chunk.length, outputLength - written);
            System.arraycopy(chunk, 0, out, written, n);
            written += n;
        }
        return out;
    }

    /**
     * The PRF of a TLS 1.0-1.2 connection: P_{@code prfHash} for TLS 1.2, and for TLS 1.0/1.1 (and SSLv3-less
     * legacy) P_MD5 over the first half of the secret XORed with P_SHA1 over the second half (RFC 2246 5).
     */
    static byte[] prf(TlsHash prfHash, boolean tls12, byte[] secret, String label, byte[] seed, int outputLength) {
        byte[] labelAndSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        if (tls12) {
            return prfHash.pHash(secret, labelAndSeed, outputLength);
        }
        int half = (secret.length + 1) / 2;
        byte[] s1 = java.util.Arrays.copyOfRange(secret, 0, half);
        byte[] s2 = java.util.Arrays.copyOfRange(secret, secret.length - half, secret.length);
        byte[] md5 = MD5.pHash(s1, labelAndSeed, outputLength);
        byte[] sha = SHA1.pHash(s2, labelAndSeed, outputLength);
        for (int i = 0; i < outputLength; i++) {
            md5[i] ^= sha[i];
        }
        return md5;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
