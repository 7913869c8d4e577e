package dev.tlsweep.core.registry;

/** Record integrity protection of a cipher suite. */
public enum Mac {
    /** No integrity protection. */
    NULL,
    /** HMAC-MD5 (SSLv3: the SSLv3 MAC with MD5; SSLv2: MD5). */
    MD5,
    /** HMAC-SHA1. */
    SHA1,
    /** HMAC-SHA256. */
    SHA256,
    /** HMAC-SHA384. */
    SHA384,
    /** Authenticated encryption; the cipher provides integrity. */
    AEAD,
    /** GOST 28147-89 MAC (IMIT). */
    GOST28147,
    /** HMAC with GOST R 34.11-94. */
    GOSTR3411,
    /** HMAC with GOST R 34.11-2012 (Streebog-256). */
    STREEBOG256,
    /** OMAC (CMAC) with Kuznyechik or Magma, RFC 9189. */
    OMAC
}
