package dev.tlsweep.core.registry;

/** How a cipher suite establishes the premaster secret. */
public enum KeyExchange {
    /** No key exchange: TLS_NULL_WITH_NULL_NULL and the signalling values. */
    NULL(false, false),
    /** RSA key transport with the certificate's key. */
    RSA(false, false),
    /** RSA key transport with a temporary 512-bit (or, for the 1024-bit export drafts, 1024-bit) key. */
    RSA_EXPORT(false, true),
    /** Static Diffie-Hellman with the key in a DH certificate (DH_DSS, DH_RSA). */
    DH(false, false),
    /** Static Diffie-Hellman, export grade. */
    DH_EXPORT(false, true),
    /** Ephemeral Diffie-Hellman, signed by the server. */
    DHE(true, false),
    /** Ephemeral Diffie-Hellman with at most 512-bit (1024-bit for the drafts) groups. */
    DHE_EXPORT(true, true),
    /**
     * Anonymous Diffie-Hellman (DH_anon). The keys are ephemeral but unauthenticated, so an active
     * attacker holds them; this registry does not count it as forward secret.
     */
    DH_ANON(false, false),
    /** Anonymous Diffie-Hellman, export grade. */
    DH_ANON_EXPORT(false, true),
    /** Static ECDH with the key in an ECDH certificate (ECDH_ECDSA, ECDH_RSA). */
    ECDH(false, false),
    /** Ephemeral ECDH, signed by the server. */
    ECDHE(true, false),
    /** Anonymous ephemeral ECDH (ECDH_anon); not counted as forward secret, see {@link #DH_ANON}. */
    ECDH_ANON(false, false),
    /** Plain pre-shared key, RFC 4279. */
    PSK(false, false),
    /** PSK combined with ephemeral DH. */
    DHE_PSK(true, false),
    /** PSK combined with ephemeral ECDH, RFC 5489. */
    ECDHE_PSK(true, false),
    /** PSK combined with RSA key transport. */
    RSA_PSK(false, false),
    /** Secure Remote Password, RFC 5054. */
    SRP(false, false),
    /** Kerberos 5, RFC 2712. */
    KRB5(false, false),
    /** Kerberos 5, export grade. */
    KRB5_EXPORT(false, true),
    /** VKO GOST R 34.10-94 / 34.10-2001 key agreement (pre-standard GOST suites). */
    GOST(false, false),
    /** VKO GOST R 34.10-2012 key agreement, RFC 9189 (static server key). */
    GOST2012(false, false),
    /** Password-authenticated ECC key exchange, RFC 8492 (ephemeral). */
    ECCPWD(true, false),
    /** Google's experimental X25519 + NewHope hybrid (CECPQ1), ephemeral. */
    CECPQ1(true, false),
    /** TLS 1.3: negotiated separately (key_share), always ephemeral. */
    ANY(true, false);

    private final boolean forwardSecret;
    private final boolean export;

    KeyExchange(boolean forwardSecret, boolean export) {
        this.forwardSecret = forwardSecret;
        this.export = export;
    }

    /** Whether the exchange uses ephemeral, authenticated keys, so a later key compromise does not expose past sessions. */
    public boolean forwardSecret() {
        return forwardSecret;
    }

    /** Whether this is an export-grade variant. */
    public boolean export() {
        return export;
    }

    /** Whether a pre-shared key is part of the exchange. */
    public boolean psk() {
        return this == PSK || this == DHE_PSK || this == ECDHE_PSK || this == RSA_PSK;
    }
}
