package dev.tlsweep.core.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * A key-exchange group from the IANA "TLS Supported Groups" registry (the supported_groups and
 * key_share extensions).
 *
 * @param code           the 16-bit wire value
 * @param name           the IANA name, e.g. "x25519", "secp256r1", "ffdhe2048", "X25519MLKEM768"
 * @param kind           the family
 * @param bits           EC: the field size (x25519: 255); FFDHE: the modulus size; ML-KEM and hybrids:
 *                       the ML-KEM parameter set (512, 768, 1024); 0 for the explicit-curve markers
 * @param keyShareLength the length in bytes of a client's public key share, 0 if not known
 */
public record NamedGroup(int code, String name, Kind kind, int bits, int keyShareLength) {

    /** The family of a group. */
    public enum Kind {
        /** A Weierstrass elliptic curve (prime or binary field, including brainpool, GOST and SM2 curves). */
        EC,
        /** A Montgomery curve: x25519, x448. */
        EC_MONTGOMERY,
        /** A finite-field Diffie-Hellman group, RFC 7919. */
        FFDHE,
        /** A pure post-quantum KEM (ML-KEM). */
        PQ,
        /** A hybrid of a classical group and a post-quantum KEM. */
        HYBRID_PQ,
        /** The markers for explicit curve parameters in ServerKeyExchange (TLS 1.2 and below). */
        EXPLICIT
    }

    /** Validates the fields. */
    public NamedGroup {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("code: " + code + " (expected: 0x0000-0xFFFF)");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (bits < 0) {
            throw new IllegalArgumentException("bits: " + bits + " (expected: >= 0)");
        }
        if (keyShareLength < 0) {
            throw new IllegalArgumentException("keyShareLength: " + keyShareLength + " (expected: >= 0)");
        }
    }

    /** The code as "0x001D". */
    public String codeHex() {
        return String.format(Locale.ROOT, "0x%04X", code);
    }

    /** Whether the group involves a post-quantum KEM. */
    public boolean isPostQuantum() {
        return kind == Kind.PQ || kind == Kind.HYBRID_PQ;
    }

    /**
     * Whether the group is defined for TLS 1.3 key_share: the RFC 8446 set (secp256r1, secp384r1,
     * secp521r1, x25519, x448, ffdhe*) and later additions (brainpool*tls13 RFC 8734, GOST curves
     * RFC 9367, curveSM2 RFC 8998, ML-KEM and the hybrids).
     */
    public boolean usableInTls13() {
        switch (kind) {
            case EC_MONTGOMERY: case FFDHE: case PQ: case HYBRID_PQ:
                return true;
            case EC:
                return (code >= 0x0017 && code <= 0x0019) || (code >= 0x001F && code <= 0x0029);
            default:
                return false;
        }
    }

    /** Whether {@code code} is a GREASE value (RFC 8701): 0x0A0A, 0x1A1A, ..., 0xFAFA. */
    public static boolean isGrease(int code) {
        return (code & 0x0F0F) == 0x0A0A && ((code >> 8) & 0xFF) == (code & 0xFF);
    }

    @Override
    public String toString() {
        return codeHex() + " " + name;
    }
}
