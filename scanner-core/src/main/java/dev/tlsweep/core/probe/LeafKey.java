package dev.tlsweep.core.probe;

import dev.tlsweep.core.wire.CertificateSpki;

/**
 * The public-key algorithm of a DER certificate, read from the algorithm OID of its SubjectPublicKeyInfo
 * ({@link CertificateSpki}: not an X.509 parse, cheap enough for an event loop, never throwing).
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
        CertificateSpki spki = CertificateSpki.of(der);
        if (spki == null) {
            return UNKNOWN;
        }
        if (spki.algorithmIs(RSA_ENCRYPTION) || spki.algorithmIs(RSASSA_PSS)) {
            return "RSA";
        }
        if (spki.algorithmIs(EC_PUBLIC_KEY)) {
            return "ECDSA";
        }
        if (spki.algorithmIs(ED25519) || spki.algorithmIs(ED448)) {
            return "EdDSA";
        }
        if (spki.algorithmIs(DSA)) {
            return "DSA";
        }
        return UNKNOWN;
    }
}
