package dev.tlsweep.core.probe;

import java.util.Arrays;

/**
 * The public-key algorithm of a DER certificate, read from the algorithm OID of its
 * SubjectPublicKeyInfo (RFC 5280 §4.1) by skipping over the fields before it — not an X.509 parse:
 * a handful of tag-length steps, cheap enough for an event loop, bounded by the input and never
 * throwing.
 */
final class LeafKey {

    /** What {@link #algorithm} returns when the bytes do not lead to a known key algorithm. */
    static final String UNKNOWN = "UNKNOWN";

    private static final byte[] RSA_ENCRYPTION = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 1, 1, 1};
    private static final byte[] RSASSA_PSS = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 1, 1, 10};
    private static final byte[] EC_PUBLIC_KEY = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 2, 1};
    private static final byte[] DSA = {0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x38, 4, 1};
    private static final byte[] ED25519 = {0x2B, 0x65, 0x70};
    private static final byte[] ED448 = {0x2B, 0x65, 0x71};

    private LeafKey() {
    }

    /** {@code "RSA"}, {@code "ECDSA"}, {@code "EdDSA"}, {@code "DSA"} or {@link #UNKNOWN}. */
    static String algorithm(byte[] der) {
        byte[] oid = spkiAlgorithmOid(der);
        if (oid == null) {
            return UNKNOWN;
        }
        if (Arrays.equals(oid, RSA_ENCRYPTION) || Arrays.equals(oid, RSASSA_PSS)) {
            return "RSA";
        }
        if (Arrays.equals(oid, EC_PUBLIC_KEY)) {
            return "ECDSA";
        }
        if (Arrays.equals(oid, ED25519) || Arrays.equals(oid, ED448)) {
            return "EdDSA";
        }
        if (Arrays.equals(oid, DSA)) {
            return "DSA";
        }
        return UNKNOWN;
    }

    /** The content octets of the SPKI algorithm OID, or {@code null} if the structure is not as expected. */
    static byte[] spkiAlgorithmOid(byte[] der) {
        if (der == null) {
            return null;
        }
        int[] tlv = new int[2];
        // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { ... } ... }
        if (!header(der, 0, der.length, 0x30, tlv) || !header(der, tlv[0], tlv[0] + tlv[1], 0x30, tlv)) {
            return null;
        }
        int pos = tlv[0];
        int end = tlv[0] + tlv[1];
        if (pos < end && (der[pos] & 0xFF) == 0xA0) { // [0] EXPLICIT version
            if (!header(der, pos, end, 0xA0, tlv)) {
                return null;
            }
            pos = tlv[0] + tlv[1];
        }
        // serialNumber, signature, issuer, validity, subject
        int[] tags = {0x02, 0x30, 0x30, 0x30, 0x30};
        for (int tag : tags) {
            if (!header(der, pos, end, tag, tlv)) {
                return null;
            }
            pos = tlv[0] + tlv[1];
        }
        // subjectPublicKeyInfo SEQUENCE { algorithm SEQUENCE { OID, params } , BIT STRING }
        if (!header(der, pos, end, 0x30, tlv)) {
            return null;
        }
        int spkiEnd = tlv[0] + tlv[1];
        if (!header(der, tlv[0], spkiEnd, 0x30, tlv)) {
            return null;
        }
        int algEnd = tlv[0] + tlv[1];
        if (!header(der, tlv[0], algEnd, 0x06, tlv) || tlv[1] == 0) {
            return null;
        }
        return Arrays.copyOfRange(der, tlv[0], tlv[0] + tlv[1]);
    }

    /**
     * Reads a tag and a definite length at {@code pos}; on success stores the content offset and length in
     * {@code out} and returns {@code true} if the tag is {@code tag} and the content fits before {@code end}.
     */
    private static boolean header(byte[] der, int pos, int end, int tag, int[] out) {
        if (end > der.length || pos + 2 > end || (der[pos] & 0xFF) != tag) {
            return false;
        }
        int first = der[pos + 1] & 0xFF;
        int p = pos + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 4 || p + n > end) {
                return false;
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (der[p + i] & 0xFF);
            }
            p += n;
        }
        if (length > end - p) {
            return false;
        }
        out[0] = p;
        out[1] = (int) length;
        return true;
    }
}
