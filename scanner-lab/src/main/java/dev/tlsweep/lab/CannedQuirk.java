package dev.tlsweep.lab;

/**
 * Misbehaviours a {@link CannedResponder} can be told to show, each one a server behaviour that
 * breaks naive TLS scanners.
 */
public enum CannedQuirk {
    /** No alert when nothing matches: the connection stays open, unanswered, until the hold time ends. */
    SILENT_ON_REJECT,
    /** Close the connection (FIN) instead of sending an alert when nothing matches. */
    CLOSE_ON_REJECT,
    /** Reset the connection (RST) instead of sending an alert when nothing matches. */
    RESET_ON_REJECT,
    /**
     * Behave like a TLS 1.2 server that never reads {@code supported_versions}: a TLS 1.3
     * ClientHello gets a plain ServerHello chosen from its {@code legacy_version}.
     */
    IGNORE_SUPPORTED_VERSIONS,
    /** Always answer with the first suite of the version's list, whether or not the client offered it. */
    PICK_UNOFFERED_SUITE,
    /** Never answer a ClientHello whose first record body is 256 to 511 bytes long. */
    INTOLERANT_256_511,
    /** Answer an {@code illegal_parameter} alert to a ClientHello offering more than 128 suites. */
    MAX_128_SUITES,
    /**
     * Answer {@code handshake_failure} unless the ClientHello carries
     * {@code TLS_EMPTY_RENEGOTIATION_INFO_SCSV} (0x00FF) or the {@code renegotiation_info} extension.
     */
    REQUIRE_RENEGOTIATION_INFO,
    /** Send the ServerHello (and Certificate in TLS 1.2 and below), then a fatal {@code handshake_failure}. */
    HANDSHAKE_FAILURE_AFTER_SERVER_HELLO,
    /** TLS 1.2 and below: send the ServerHello alone, then reset the connection (no Certificate ever comes). */
    RESET_AFTER_SERVER_HELLO,
    /** TLS 1.2 and below: the Certificate message's first entry claims one byte more than the list holds. */
    BAD_CERTIFICATE_LIST,
    /** Add a CertificateRequest to the TLS 1.2-and-below flight, before ServerHelloDone. */
    CLIENT_CERT_REQUIRED,
    /**
     * TLS 1.3: when the client's {@code key_share} lacks the server's group but
     * {@code supported_groups} names it, send a HelloRetryRequest naming the suite and the group
     * (and accept the retried ClientHello on the same connection).
     */
    HRR_WITHOUT_KEY_SHARE,
    /**
     * Vulnerable to CCS injection (CVE-2014-0224): after a TLS 1.2-or-earlier flight, a ChangeCipherSpec that comes
     * before the key exchange is taken silently, and the next record is answered with {@code bad_record_mac}, as an
     * unpatched OpenSSL that switched to keys it never agreed fails to decrypt it.
     */
    CCS_INJECTION,
    /**
     * Vulnerable to Heartbleed (CVE-2014-0160): answers the heartbeat extension, and a heartbeat request with a
     * heartbeat response of the payload length the request claims — its "memory" being the bytes of
     * {@link CannedResponder#LEAKED_MEMORY} repeated, so that tests can check nothing of it reaches a report.
     */
    HEARTBLEED,
    /** A patched heartbeat: answers the extension, drops a request that claims more than it carries, echoes others. */
    HEARTBEAT,
    /** Compresses: picks DEFLATE (method 1) when the hello offers it (CRIME). */
    COMPRESSION,
    /** Never answers renegotiation_info nor the SCSV: no RFC 5746. */
    NO_SECURE_RENEGOTIATION,
    /** Resets the connection when the ClientHello's first record is longer than 1,500 bytes. */
    LARGE_HELLO_INTOLERANT,
    /** Resets the connection when the ClientHello carries an X25519MLKEM768 key share, whatever its size. */
    PQ_KEY_SHARE_INTOLERANT,
    /**
     * A strong Bleichenbacher oracle (ROBOT): with an RSA key of its own (the responder then generates its RSA
     * certificate), an RSA ClientKeyExchange whose decrypted block does not start with 0x00 0x02 gets
     * {@code decrypt_error}, any other {@code bad_record_mac}.
     */
    ROBOT_ORACLE,
    /**
     * Answer {@code no_application_protocol} (120) unless the ClientHello's ALPN offers {@code postgresql}: what
     * PostgreSQL 17 does on a connection that starts with TLS ({@code sslnegotiation=direct}).
     */
    REQUIRE_ALPN_POSTGRESQL
}
