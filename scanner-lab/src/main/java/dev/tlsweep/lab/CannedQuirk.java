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
    /** Add a CertificateRequest to the TLS 1.2-and-below flight, before ServerHelloDone. */
    CLIENT_CERT_REQUIRED,
    /**
     * TLS 1.3: when the client's {@code key_share} lacks the server's group but
     * {@code supported_groups} names it, send a HelloRetryRequest naming the suite and the group
     * (and accept the retried ClientHello on the same connection).
     */
    HRR_WITHOUT_KEY_SHARE,
    /**
     * Answer {@code no_application_protocol} (120) unless the ClientHello's ALPN offers {@code postgresql}: what
     * PostgreSQL 17 does on a connection that starts with TLS ({@code sslnegotiation=direct}).
     */
    REQUIRE_ALPN_POSTGRESQL
}
