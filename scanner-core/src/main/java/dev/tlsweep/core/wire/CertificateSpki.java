package dev.tlsweep.core.wire;

import java.util.Arrays;

/**
 * Where the SubjectPublicKeyInfo of a DER certificate is (RFC 5280 4.1), found by stepping over the DER headers of
 * the fields before it — not an X.509 parse: a handful of tag-length steps, cheap enough for an event loop, bounded
 * by the input and never throwing. What reads a served leaf's key type and its RSA key ({@link RsaKey}) starts here.
 */
public final class CertificateSpki {

    private final byte[] der;
    private final int algorithmStart;
    private final int algorithmEnd;
    private final int keyStart;
    private final int end;

    private CertificateSpki(byte[] der, int algorithmStart, int algorithmEnd, int keyStart, int end) {
        this.der = der;
        this.algorithmStart = algorithmStart;
        this.algorithmEnd = algorithmEnd;
        this.keyStart = keyStart;
        this.end = end;
    }

    /** The SubjectPublicKeyInfo of {@code der}, or {@code null} when the bytes are not laid out as a certificate. */
    public static CertificateSpki of(byte[] der) {
        if (der == null) {
            return null;
        }
        int[] tlv = new int[2];
        // Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { ... } ... }
        if (!header(der, 0, der.length, 0x30, tlv) || !header(der, tlv[0], tlv[0] + tlv[1], 0x30, tlv)) {
            return null;
        }
        int pos = tlv[0];
        int tbsEnd = tlv[0] + tlv[1];
        if (pos < tbsEnd && (der[pos] & 0xFF) == 0xA0) { // [0] EXPLICIT version
            if (!header(der, pos, tbsEnd, 0xA0, tlv)) {
                return null;
            }
            pos = tlv[0] + tlv[1];
        }
        // serialNumber, signature, issuer, validity, subject
        for (int tag : new int[] {0x02, 0x30, 0x30, 0x30, 0x30}) {
            if (!header(der, pos, tbsEnd, tag, tlv)) {
                return null;
            }
            pos = tlv[0] + tlv[1];
        }
        // subjectPublicKeyInfo SEQUENCE { algorithm SEQUENCE { OID, parameters }, subjectPublicKey BIT STRING }
        if (!header(der, pos, tbsEnd, 0x30, tlv)) {
            return null;
        }
        int spkiEnd = tlv[0] + tlv[1];
        if (!header(der, tlv[0], spkiEnd, 0x30, tlv)) {
            return null;
        }
        int keyStart = tlv[0] + tlv[1];
        if (!header(der, tlv[0], keyStart, 0x06, tlv) || tlv[1] == 0) {
            return null;
        }
        return new CertificateSpki(der, tlv[0], tlv[0] + tlv[1], keyStart, spkiEnd);
    }

    /** Whether the algorithm's OID has these content octets. */
    public boolean algorithmIs(byte[] oid) {
        return Arrays.equals(der, algorithmStart, algorithmEnd, oid, 0, oid.length);
    }

    /**
     * The content of the subjectPublicKey BIT STRING after its unused-bits octet, when that octet is 0 (every key
     * this reads is whole octets), as {@code {start, length}} into the certificate; {@code null} otherwise.
     */
    int[] keyBits() {
        int[] tlv = new int[2];
        if (!header(der, keyStart, end, 0x03, tlv) || tlv[1] < 1 || der[tlv[0]] != 0) {
            return null;
        }
        return new int[] {tlv[0] + 1, tlv[1] - 1};
    }

    /**
     * Reads a tag and a definite length at {@code pos}: when the tag is {@code tag} and the content fits before
     * {@code end}, stores the content's offset and length in {@code out} and returns {@code true}.
     */
    static boolean header(byte[] der, int pos, int end, int tag, int[] out) {
        if (pos < 0 || end > der.length || pos + 2 > end || (der[pos] & 0xFF) != tag) {
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
