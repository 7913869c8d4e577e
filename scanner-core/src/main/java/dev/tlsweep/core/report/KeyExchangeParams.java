package dev.tlsweep.core.report;

/**
 * The ephemeral key exchange a server chose with a suite: an elliptic curve or hybrid group, or a
 * finite-field group of a given size.
 *
 * @param group the group's name ({@code x25519}, {@code secp256r1}, {@code ffdhe2048}), or {@code "dh"}
 *              for custom finite-field parameters, or {@code "rsa-export"} for a temporary export RSA key
 * @param bits  the size in bits (for DH the prime, for ECDH the curve order, for export RSA the modulus)
 */
public record KeyExchangeParams(String group, int bits) {
}
