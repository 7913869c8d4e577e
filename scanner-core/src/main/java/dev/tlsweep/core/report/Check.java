package dev.tlsweep.core.report;

import java.util.Optional;

/**
 * The handshake behaviours and vulnerabilities every scan checks: each a member of the report's {@code checks}
 * object (docs/schema), named by {@link #json()}, whose result is one {@link CheckResult} variant. A feature's
 * result is {@code supported}, a vulnerability's {@code vulnerable}; the others name their own members.
 */
public enum Check {
    /** TLS_FALLBACK_SCSV (RFC 7507): an inappropriate_fallback alert to a downgraded hello. */
    FALLBACK_SCSV("fallbackScsv", "TLS_FALLBACK_SCSV"),
    /** The renegotiation_info extension (RFC 5746) in the server's answers. */
    SECURE_RENEGOTIATION("secureRenegotiation", "Secure renegotiation (RFC 5746)"),
    /** Whether the server lets the client renegotiate a finished handshake. */
    CLIENT_RENEGOTIATION("clientRenegotiation", "Client-initiated renegotiation"),
    /** TLS-level compression (CRIME). */
    COMPRESSION("compression", "TLS compression"),
    /** Heartbleed (CVE-2014-0160). */
    HEARTBLEED("heartbleed", "Heartbleed"),
    /** Early ChangeCipherSpec accepted (CVE-2014-0224). */
    CCS_INJECTION("ccsInjection", "CCS injection"),
    /** A Bleichenbacher oracle on RSA key exchange (ROBOT). */
    ROBOT("robot", "ROBOT"),
    /** Session resumption by session ID and by ticket. */
    SESSION_RESUMPTION("sessionResumption", "Session resumption"),
    /** TLS 1.3 early data (0-RTT). */
    EARLY_DATA("earlyData", "Early data (0-RTT)"),
    /** The application protocols the server accepts by ALPN. */
    ALPN("alpn", "ALPN"),
    /** The extended master secret (RFC 7627). */
    EXTENDED_MASTER_SECRET("extendedMasterSecret", "Extended master secret"),
    /** Encrypt-then-MAC for CBC suites (RFC 7366). */
    ENCRYPT_THEN_MAC("encryptThenMac", "Encrypt-then-MAC"),
    /** A stapled OCSP response. */
    OCSP_STAPLING("ocspStapling", "OCSP stapling"),
    /** Hellos with a version above the server's, and TLS 1.3 hellos to older servers. */
    VERSION_INTOLERANCE("versionIntolerance", "Version intolerance"),
    /** A ClientHello above 1,500 bytes, as a post-quantum key share makes it. */
    LARGE_CLIENT_HELLO("largeClientHello", "Large ClientHello (post-quantum key share)"),
    /** A suite picked that was not offered, or one not defined for the version offered. */
    SUITE_SELECTION("suiteSelection", "Suite selection"),
    /** HTTP Strict Transport Security on an HTTPS endpoint. */
    HSTS("hsts", "HSTS"),
    /** The HTTP Server header of an HTTPS endpoint. */
    SERVER_HEADER("serverHeader", "HTTP Server header"),
    /** The JARM fingerprint of the server's TLS stack and configuration. */
    JARM("jarm", "JARM");

    private final String json;
    private final String title;

    Check(String json, String title) {
        this.json = json;
        this.title = title;
    }

    /** The member name in the report's {@code checks} object. */
    public String json() {
        return json;
    }

    /** A short title, for the terminal. */
    public String title() {
        return title;
    }

    /** The check with this JSON member name. */
    public static Optional<Check> fromJson(String name) {
        for (Check c : values()) {
            if (c.json.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
