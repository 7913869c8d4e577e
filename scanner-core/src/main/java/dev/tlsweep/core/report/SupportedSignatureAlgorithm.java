package dev.tlsweep.core.report;

import java.util.Objects;

/**
 * A signature algorithm an endpoint signs its key exchange with at one protocol version (TLS 1.2: the
 * ServerKeyExchange; TLS 1.3: the CertificateVerify).
 *
 * @param name the IANA name ({@code rsa_pss_rsae_sha256}, {@code ecdsa_secp256r1_sha256}), or the customary one for
 *             TLS 1.2 pairs IANA does not name ({@code dsa_sha256})
 * @param code the code point
 */
public record SupportedSignatureAlgorithm(String name, int code) {

    public SupportedSignatureAlgorithm {
        Objects.requireNonNull(name, "name");
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("code: " + code + " (expected: 0..0xFFFF)");
        }
    }

    /** The code as "0x0804". */
    public String codeHex() {
        return String.format("0x%04X", code);
    }
}
