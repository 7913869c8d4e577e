package dev.tlsweep.core.registry;

/**
 * Properties of a cipher suite. All flags except {@link #SCSV} and {@link #EXPERIMENTAL_OR_PRIVATE}
 * are derived from the suite's other fields when the registry is loaded, so they are always
 * consistent with them.
 */
public enum Flag {
    /** Export-grade key exchange or cipher. */
    EXPORT,
    /** No server authentication. */
    ANONYMOUS,
    /** No encryption. */
    NULL_CIPHER,
    /** RC4 stream cipher. */
    RC4,
    /** Single DES (including 40-bit DES). */
    DES,
    /** Triple DES. */
    TRIPLE_DES,
    /** A 64-bit block cipher: DES, 3DES, IDEA or RC2 (Sweet32). */
    BLOCK_64,
    /** A block cipher in CBC mode. */
    CBC,
    /** An AEAD cipher. */
    AEAD,
    /** Forward-secret key exchange: (EC)DHE, their PSK variants, ECCPWD, CECPQ1, TLS 1.3. */
    FORWARD_SECRECY,
    /** A signalling cipher suite value, never a real suite; such a value carries no other flag. */
    SCSV,
    /** Pre-shared key. */
    PSK,
    /** Secure Remote Password. */
    SRP,
    /** Kerberos 5. */
    KRB5,
    /** A GOST algorithm (Russian national standards). */
    GOST,
    /** Not assigned by IANA: a draft, vendor or pre-standard code point. */
    EXPERIMENTAL_OR_PRIVATE
}
