package dev.tlsweep.core.registry;

/** How the server authenticates itself in a cipher suite. */
public enum Authentication {
    /** No authentication at all (TLS_NULL_WITH_NULL_NULL, signalling values, SSL_CK_NULL). */
    NULL,
    /** An RSA certificate. */
    RSA,
    /** A DSA certificate. */
    DSS,
    /** An ECDSA certificate. */
    ECDSA,
    /** A static DH certificate (DH_DSS, DH_RSA). */
    DH,
    /** A static ECDH certificate (ECDH_ECDSA, ECDH_RSA). */
    ECDH,
    /** Anonymous: no certificate (DH_anon, ECDH_anon). */
    ANON,
    /** The pre-shared key. */
    PSK,
    /** Kerberos 5 tickets. */
    KRB5,
    /** The SRP verifier. */
    SRP,
    /** A password (ECCPWD). */
    ECCPWD,
    /** A GOST R 34.10-94 certificate. */
    GOST94,
    /** A GOST R 34.10-2001 certificate. */
    GOST01,
    /** A GOST R 34.10-2012 certificate. */
    GOST12,
    /** TLS 1.3: negotiated separately through signature_algorithms. */
    ANY
}
