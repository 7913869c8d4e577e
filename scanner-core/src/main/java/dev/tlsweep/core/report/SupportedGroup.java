package dev.tlsweep.core.report;

import java.util.Objects;

/**
 * A key-exchange group an endpoint accepts at one protocol version.
 *
 * @param name the IANA name ({@code x25519}, {@code secp256r1}, {@code ffdhe2048}, {@code X25519MLKEM768}); for
 *             finite-field parameters that are no named group, the well-known group they are
 *             ({@code rfc3526-modp2048}) or {@code dh-custom}
 * @param code the IANA code point, -1 for finite-field parameters that are no named group
 * @param bits the size: the curve's field or the prime in bits; for ML-KEM and hybrids the ML-KEM parameter set
 */
public record SupportedGroup(String name, int code, int bits) {

    public SupportedGroup {
        Objects.requireNonNull(name, "name");
        if (code < -1 || code > 0xFFFF) {
            throw new IllegalArgumentException("code: " + code + " (expected: -1 or 0..0xFFFF)");
        }
    }

    /** The code as "0x001D", or {@code null} for unnamed parameters. */
    public String codeHex() {
        return code < 0 ? null : String.format("0x%04X", code);
    }
}
