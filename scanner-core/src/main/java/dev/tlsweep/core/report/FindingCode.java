package dev.tlsweep.core.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of every finding tlsweep reports: its code (the constant's name, written in JSON and in the
 * {@code code} label of {@code tlsweep_finding}), its section, its default severity, when it is raised, the
 * default fix, what clients print and which are affected, and references (CWE, CVE, RFC). docs/FINDINGS.md
 * is this catalogue rendered by {@link FindingsDoc}; a test keeps the two equal and checks that every code
 * the scanner raises is here.
 *
 * <p>A finding's message says what was seen on one endpoint; {@link #title()} says in general when the code
 * is raised. Severities are the ones findings get; {@link #severityNote()} says when a finding gets another.
 * Deployment reasons ({@code DEPLOY_*}, from {@code deploy-rules.tsv}) are not findings and are not here.
 */
public enum FindingCode {

    // ---- protocol versions and cipher suites ----
    NO_PROTOCOL_ACCEPTED(Section.PROTOCOLS_AND_SUITES, Severity.HIGH,
            "The endpoint speaks TLS but refused every protocol version and cipher suite offered.",
            "Check that the endpoint is meant to serve TLS and that its TLS configuration loads",
            List.of()),
    PROTOCOL_SSLV2(Section.PROTOCOLS_AND_SUITES, Severity.CRITICAL,
            "SSLv2 is accepted: it is broken (DROWN) and no current client uses it.",
            "Disable SSLv2 in the server's TLS configuration",
            List.of("CWE-327", "CVE-2016-0800", "RFC 6176")),
    PROTOCOL_SSLV3(Section.PROTOCOLS_AND_SUITES, Severity.HIGH,
            "SSLv3 is accepted: it is broken (POODLE) and no current client uses it.",
            "Disable SSLv3 in the server's TLS configuration",
            List.of("CWE-327", "CVE-2014-3566", "RFC 7568")),
    PROTOCOL_TLS10(Section.PROTOCOLS_AND_SUITES, Severity.MEDIUM,
            "TLS 1.0 is accepted: deprecated by RFC 8996, refused by current browsers and PCI DSS.",
            "Disable TLSv1.0 in the server's TLS configuration",
            List.of("CWE-327", "RFC 8996")),
    PROTOCOL_TLS11(Section.PROTOCOLS_AND_SUITES, Severity.MEDIUM,
            "TLS 1.1 is accepted: deprecated by RFC 8996, refused by current browsers.",
            "Disable TLSv1.1 in the server's TLS configuration",
            List.of("CWE-327", "RFC 8996")),
    NO_TLS13(Section.PROTOCOLS_AND_SUITES, Severity.LOW,
            "TLS 1.3 was probed and is not supported.",
            "Enable TLS 1.3 (OpenSSL 1.1.1+, and every current load-balancer policy offers it)",
            List.of("RFC 8446")),
    CIPHER_NULL(Section.PROTOCOLS_AND_SUITES, Severity.CRITICAL,
            "Suites without encryption (NULL) are accepted.",
            "Remove them from the server's cipher list",
            List.of("CWE-319")),
    CIPHER_ANONYMOUS(Section.PROTOCOLS_AND_SUITES, Severity.HIGH,
            "Anonymous suites (no server authentication, open to man-in-the-middle) are accepted.",
            "Remove them from the server's cipher list",
            List.of("CWE-300")),
    CIPHER_EXPORT(Section.PROTOCOLS_AND_SUITES, Severity.CRITICAL,
            "Export-grade suites (40/56-bit, FREAK and Logjam) are accepted.",
            "Remove them from the server's cipher list",
            List.of("CWE-326", "CVE-2015-0204", "CVE-2015-4000")),
    CIPHER_RC4(Section.PROTOCOLS_AND_SUITES, Severity.HIGH,
            "RC4 suites are accepted (RFC 7465 prohibits them).",
            "Remove them from the server's cipher list",
            List.of("CWE-327", "CVE-2013-2566", "CVE-2015-2808", "RFC 7465")),
    CIPHER_DES(Section.PROTOCOLS_AND_SUITES, Severity.HIGH,
            "Single-DES suites (56-bit) are accepted; export DES suites are `CIPHER_EXPORT`.",
            "Remove them from the server's cipher list",
            List.of("CWE-326", "RFC 5469")),
    CIPHER_3DES(Section.PROTOCOLS_AND_SUITES, Severity.MEDIUM,
            "3DES suites are accepted: a 64-bit block cipher open to SWEET32.",
            "Remove them from the server's cipher list",
            List.of("CWE-327", "CVE-2016-2183")),
    NO_FORWARD_SECRECY(Section.PROTOCOLS_AND_SUITES, Severity.HIGH,
            "No accepted suite has forward secrecy: recorded traffic can be decrypted with the server's key.",
            "Enable ECDHE suites (e.g. ECDHE-RSA-AES128-GCM-SHA256) and prefer them",
            List.of("RFC 9325")),
    CIPHER_NO_FORWARD_SECRECY(Section.PROTOCOLS_AND_SUITES, Severity.LOW,
            "Some accepted suites lack forward secrecy (when none has it: `NO_FORWARD_SECRECY` instead).",
            "Remove them from the server's cipher list",
            List.of("RFC 9325")),
    WEAK_DH(Section.PROTOCOLS_AND_SUITES, Severity.MEDIUM, "high below 1024 bits",
            "A DHE suite uses a finite-field group below 2048 bits (Logjam; below 1024 bits within reach of precomputation"
                    + " by well-funded attackers).",
            "Use an RFC 7919 group of at least 2048 bits (ffdhe2048), or drop the DHE suites for ECDHE",
            null, "clients that negotiate DHE with it", List.of("CWE-326", "CVE-2015-4000", "RFC 7919")),
    SMALL_ECDHE_GROUP(Section.PROTOCOLS_AND_SUITES, Severity.MEDIUM, "high below 224 bits",
            "An elliptic curve below 256 bits is accepted for ECDHE (secp224r1, secp192r1, sect163k1 and the like).",
            "Accept only x25519, secp256r1 and larger curves (OpenSSL: -groups / ssl_ecdh_curve X25519:P-256:P-384)",
            null, "clients that offer the curve", List.of("CWE-326", "RFC 8422")),
    WEAK_SIGNATURE_ALGORITHM(Section.PROTOCOLS_AND_SUITES, Severity.LOW, "high for MD5",
            "At TLS 1.2 the server signs its key exchange with a SHA-1 or MD5 signature algorithm when a client offers"
                    + " one (RFC 9155 deprecates them).",
            "Remove the SHA-1 and MD5 signature algorithms from the server's list (OpenSSL: -sigalgs / ssl_conf_command"
                    + " SignatureAlgorithms)",
            null, "clients that still offer SHA-1 first", List.of("CWE-327", "RFC 9155")),

    // ---- what the server did wrong while being scanned ----
    SUITE_NOT_OFFERED(Section.SERVER_BEHAVIOUR, Severity.MEDIUM,
            "The server picked a suite (in SSLv2: listed a cipher kind) the client did not offer; the suite list"
                    + " of that version may be incomplete.",
            "Update the TLS stack: a server must pick one of the offered suites (for SSLv2: disable SSLv2)",
            List.of("RFC 5246", "RFC 8446")),
    VERSION_ABOVE_OFFER(Section.SERVER_BEHAVIOUR, Severity.MEDIUM,
            "The server answered with a higher version than the client offered; that version is not counted.",
            "Update the TLS stack: a server must not negotiate above the client's version",
            List.of("RFC 5246")),
    TLS13_WITHOUT_SUPPORTED_VERSIONS(Section.SERVER_BEHAVIOUR, Severity.LOW,
            "The ServerHello claims TLS 1.3 in its version field without the supported_versions extension, which"
                    + " RFC 8446 requires; TLS 1.3 is not counted.",
            "Update the TLS stack: a TLS 1.3 ServerHello must carry supported_versions",
            List.of("RFC 8446")),
    UNSOLICITED_SUPPORTED_VERSIONS(Section.SERVER_BEHAVIOUR, Severity.LOW,
            "supported_versions came back to a hello that did not send it; the answer is not counted.",
            "Update the TLS stack: extensions must only answer what the client offered",
            List.of("RFC 5246", "RFC 8446")),
    ENUMERATION_INCOMPLETE(Section.SERVER_BEHAVIOUR, Severity.MEDIUM,
            "The probes of a protocol version could not be completed — connections reset, timed out or failed"
                    + " mid-scan, typically at a connection limit or rate limiter — so that version's support is"
                    + " unknown rather than refused.",
            "Scan again with fewer connections (`--per-endpoint`, `--per-ip`) or a `--rate` limit",
            List.of()),
    TLS13_HELLO_INTOLERANCE(Section.SERVER_BEHAVIOUR, Severity.MEDIUM, null,
            "The first hello (offering TLS 1.3 and 1.2) got no answer at all, a plain TLS 1.2 hello did; the scan"
                    + " goes on.",
            "Update the TLS stack, or the middlebox in front of it, that drops TLS 1.3 hellos",
            null,
            "clients that offer TLS 1.3 — every current browser, curl, Java 11+ — may hang until they time out",
            List.of("RFC 8446")),
    VERSION_INTOLERANCE(Section.SERVER_BEHAVIOUR, Severity.MEDIUM,
            "A hello naming a version above the server's (client_version 0x0305, a GREASE value in supported_versions)"
                    + " is refused or downgraded instead of answered at the server's highest version.",
            "Update the TLS stack (or the middlebox in front of it): unknown versions must be ignored (RFC 8446 4.2.1,"
                    + " RFC 8701)",
            List.of("RFC 8446", "RFC 8701")),
    HELLO_SIZE_INTOLERANCE(Section.SERVER_BEHAVIOUR, Severity.MEDIUM, null,
            "A ClientHello of a current browser's size (about 1,750 bytes, several TCP segments) goes unanswered, and so"
                    + " does a control hello of the same size without the post-quantum key share.",
            "Update the server or the middlebox in front of it that reads only the first segment of a ClientHello",
            null, "every client that sends a post-quantum key share (current Chrome, Firefox, Edge, Safari)",
            List.of("RFC 8446")),
    PQ_KEY_SHARE_INTOLERANCE(Section.SERVER_BEHAVIOUR, Severity.MEDIUM, null,
            "A ClientHello with an X25519MLKEM768 key share goes unanswered while a control hello of the same size"
                    + " without it is answered: the key share, not the size, breaks the server.",
            "Update the TLS stack so that unknown groups in key_share are ignored (RFC 8446 4.2.8)",
            null, "every client that sends a post-quantum key share (current Chrome, Firefox, Edge, Safari)",
            List.of("RFC 8446")),
    SUITE_VERSION_MISMATCH(Section.SERVER_BEHAVIOUR, Severity.MEDIUM,
            "At TLS 1.0 or 1.1 the server picks a suite defined only for TLS 1.2 (AEAD or SHA-256/384), which clients of"
                    + " that version cannot use.",
            "Update the TLS stack: a server must only pick suites defined for the negotiated version",
            List.of("RFC 5246")),
    RSA_PKCS1_IN_TLS13(Section.SERVER_BEHAVIOUR, Severity.MEDIUM,
            "The server signs the TLS 1.3 CertificateVerify with RSASSA-PKCS1-v1_5, which RFC 8446 forbids there.",
            "Update the TLS stack: TLS 1.3 handshake signatures use RSA-PSS",
            List.of("RFC 8446")),
    SILENT_REJECTION(Section.SERVER_BEHAVIOUR, Severity.INFO,
            "The server let hellos time out instead of answering with an alert; a later connection was answered, so"
                    + " they count as refusals (when the endpoint also leaves connections it answers unanswered, the"
                    + " version is `ENUMERATION_INCOMPLETE` instead).",
            null,
            List.of()),

    // ---- certificate chain ----
    CHAIN_INCOMPLETE(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "The issuer of a served certificate is not served (tlsweep found it in `--intermediates` or the trust"
                    + " store, or nowhere).",
            Words.SERVE_FULL_CHAIN + "; `--fix-chain DIR` writes it when tlsweep found the intermediate, otherwise"
                    + " get it from the CA (it is in the bundle the CA sent with the certificate)",
            "OpenSSL: `verify error:num=20:unable to get local issuer certificate` (s_client without"
                    + " -verify_return_error then ends with `Verify return code: 21 (unable to verify the first"
                    + " certificate)` for a lone leaf); curl: `curl: (60) SSL certificate problem: unable to get"
                    + " local issuer certificate`; Java: `PKIX path building failed: … unable to find valid"
                    + " certification path to requested target`",
            "curl, OpenSSL, Java, Python, Go, Node.js, mobile apps and API clients fail; desktop Chrome, Edge and"
                    + " Safari may still connect when they fetch or cached the intermediate",
            List.of()),
    CHAIN_INCOMPLETE_AIA_FIXABLE(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "As `CHAIN_INCOMPLETE`, and the missing issuer was fetched from the certificate's AIA caIssuers URL.",
            Words.SERVE_FULL_CHAIN + "; `--fix-chain DIR` writes the completed fullchain.pem",
            "as `CHAIN_INCOMPLETE`",
            "curl, OpenSSL, Java, Python, Go, Node.js, mobile apps and API clients fail; desktop Chrome, Edge and"
                    + " Safari work because they fetch the intermediate (\"works in the browser, fails in curl\")",
            List.of("RFC 5280")),
    CHAIN_TOO_LONG(Section.CERTIFICATE_CHAIN, Severity.MEDIUM,
            "The server sends more than 20 certificates; tlsweep analyses the first 20 (real chains have two to five).",
            "Serve the leaf and its intermediates only, leaf first, then each issuer, no root",
            List.of("RFC 8446", "RFC 5246")),
    CHAIN_ANALYSIS_LIMITED(Section.CERTIFICATE_CHAIN, Severity.MEDIUM,
            "The chain analysis needed more than 1,000 signature checks or 10 s (certificates with the same names and"
                    + " huge keys make every issuer check expensive) and was cut short: its verdicts may be wrong.",
            "Serve the leaf and its intermediates only",
            List.of("CWE-400")),
    CHAIN_WRONG_ORDER(Section.CERTIFICATE_CHAIN, Severity.MEDIUM, "high when the leaf is not first",
            "The served order is not leaf, issuer, issuer's issuer.",
            "Serve the leaf first, then its issuer, then that one's issuer, in that order",
            "leaf not first: the handshake fails on the server's signature (OpenSSL: `tls_process_server_certificate"
                    + " / bad signature (handshake failure)`; Java: `javax.net.ssl.SSLHandshakeException`)",
            "strict clients (older Java and embedded TLS stacks, some load balancers' imports); OpenSSL, Go and"
                    + " browsers reorder intermediates themselves; every client when the leaf is not first",
            List.of("RFC 5246", "RFC 8446")),
    CHAIN_EXTRA_CERT(Section.CERTIFICATE_CHAIN, Severity.LOW, null,
            "A served certificate is not on the path to the trust anchor (unrelated, or a second copy).",
            "Remove the certificate from the served chain",
            null,
            "usually none; every handshake carries the extra bytes, and strict clients (older Java, embedded"
                    + " stacks) may pick the wrong issuer",
            List.of()),
    CHAIN_CONTAINS_ROOT(Section.CERTIFICATE_CHAIN, Severity.LOW, null,
            "The root is served.",
            "Remove the root from the served chain (serve the leaf and intermediates only)",
            null,
            "none (clients trust a root only from their own store); clients that do not have this root still fail",
            List.of("RFC 5246", "RFC 8446")),
    CHAIN_LEAF_REPEATED(Section.CERTIFICATE_CHAIN, Severity.LOW, null,
            "The leaf is served more than once (usually a chain file that already starts with the certificate,"
                    + " appended to it).",
            "Serve the leaf once: remove it from the chain file",
            null,
            "strict clients and load-balancer certificate imports reject the chain; others ignore the copy",
            List.of()),
    CHAIN_EMPTY(Section.CERTIFICATE_CHAIN, Severity.CRITICAL, null,
            "No certificate was served.",
            "Configure a certificate on the endpoint",
            null,
            "every client",
            List.of()),
    CERT_UNPARSEABLE(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "A served certificate is not valid DER X.509.",
            "Re-export the certificate from the issuing CA as PEM or DER",
            "OpenSSL: `unable to load certificate`; Java: `java.security.cert.CertificateParsingException`",
            "every client: the handshake fails",
            List.of("RFC 5280")),
    CERT_EXPIRED(Section.CERTIFICATE_CHAIN, Severity.CRITICAL, null,
            "A certificate on the path is past its notAfter; `tlsweep scan` exits with 5.",
            "Renew the certificate and deploy it with its chain",
            "OpenSSL: `verify error:num=10:certificate has expired`; curl: `curl: (60) SSL certificate problem:"
                    + " certificate has expired`; Java: `java.security.cert.CertificateExpiredException: NotAfter:"
                    + " …`; browsers: `NET::ERR_CERT_DATE_INVALID`",
            "every client",
            List.of("CWE-298", "RFC 5280")),
    CERT_NOT_YET_VALID(Section.CERTIFICATE_CHAIN, Severity.CRITICAL, null,
            "A certificate on the path is before its notBefore.",
            "Check the clocks of the server and of the system that issued the certificate; serve a certificate"
                    + " that is valid now",
            "OpenSSL: `verify error:num=9:certificate is not yet valid`; curl: `curl: (60) SSL certificate problem:"
                    + " certificate is not yet valid`; Java: `java.security.cert.CertificateNotYetValidException:"
                    + " NotBefore: …`; browsers: `NET::ERR_CERT_DATE_INVALID`",
            "every client",
            List.of("CWE-298", "RFC 5280")),
    CERT_EXPIRES_SOON(Section.CERTIFICATE_CHAIN, Severity.MEDIUM,
            "high at ≤ 7 days, the default of `--expiry-critical`",
            "A certificate on the path (not the trust anchor) expires within `--expiry-warning` days (default 30).",
            "Renew the certificate before it expires",
            null,
            "every client once it has expired",
            List.of()),
    CERT_SELF_SIGNED(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "The leaf is self-signed and not a trust anchor.",
            "Serve a certificate issued by a trusted CA (or add this one to the clients' trust stores)",
            "OpenSSL: `verify error:num=18:self-signed certificate`; curl: `curl: (60) SSL certificate problem:"
                    + " self-signed certificate`; Java: `PKIX path building failed`; browsers:"
                    + " `NET::ERR_CERT_AUTHORITY_INVALID`",
            "every client that does not trust this exact certificate",
            List.of("CWE-295")),
    CERT_UNTRUSTED(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "The path ends at a root that is not a trust anchor (a private CA, or a TLS-intercepting proxy).",
            "Serve a certificate from a publicly trusted CA, or install the root on every client (and pass it to"
                    + " tlsweep with `--ca-file`)",
            "OpenSSL: `verify error:num=19:self-signed certificate in certificate chain`; curl: `curl: (60) SSL"
                    + " certificate problem: self-signed certificate in certificate chain`; Java: `PKIX path"
                    + " building failed`; browsers: `NET::ERR_CERT_AUTHORITY_INVALID`",
            "every client without that root",
            List.of("CWE-295")),
    CERT_ISSUER_UNKNOWN(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "The served chain ends at an intermediate whose issuer is neither served nor in the trust store, and"
                    + " names no AIA caIssuers URL: the root of a private CA (judge it with `--ca-file`) or, less"
                    + " often, an intermediate the server does not send.",
            "If the issuer is your private CA's root, pass it to tlsweep with `--ca-file` and install it on every"
                    + " client; otherwise serve the missing intermediate",
            "OpenSSL: `verify error:num=20:unable to get local issuer certificate` (at the depth of the last"
                    + " certificate served); curl: `curl: (60) SSL certificate problem: unable to get local issuer"
                    + " certificate`; Java: `PKIX path building failed`",
            "every client without that issuer in its trust store",
            List.of("CWE-295")),
    CERT_HOSTNAME_MISMATCH(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "The leaf's subjectAltName does not cover the name (browser rules: SAN only, whole-label wildcards, no"
                    + " `*.com`, IPs only against IP SANs).",
            "Serve a certificate whose subjectAltName includes the name (check the SNI routing: a default"
                    + " certificate is served to unknown names)",
            "OpenSSL: `verify error:num=62:hostname mismatch` (64 `IP address mismatch` for IPs); curl: `curl: (60)"
                    + " SSL: no alternative certificate subject name matches target hostname 'NAME'`; Java: `No"
                    + " subject alternative DNS name matching NAME found.`; browsers:"
                    + " `NET::ERR_CERT_COMMON_NAME_INVALID`",
            "every client that checks names",
            List.of("CWE-297", "RFC 6125", "RFC 9525")),
    CERT_CN_ONLY(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "The leaf has no subjectAltName: its name is only in the subject CN, which current clients ignore.",
            "Reissue the certificate with every name in the subjectAltName extension",
            "Go: `x509: certificate relies on legacy Common Name field, use SANs instead`; browsers:"
                    + " `NET::ERR_CERT_COMMON_NAME_INVALID`",
            "Chrome, Edge, Firefox, Safari and Go; OpenSSL, curl and Java still fall back to the CN",
            List.of("RFC 6125", "RFC 9525")),
    CERT_WEAK_KEY(Section.CERTIFICATE_CHAIN, Severity.HIGH, null,
            "A certificate on the path (not the trust anchor) has an RSA or DSA key below 2048 bits or an EC key"
                    + " below 256 bits.",
            "Reissue with an RSA 2048+ or ECDSA P-256+ key",
            "OpenSSL at security level 2: `verify error:num=66:EE certificate key too weak` (67 `CA certificate"
                    + " key too weak` for CAs); curl: `curl: (60) SSL certificate problem: EE certificate key too"
                    + " weak`",
            "browsers and public CAs reject RSA below 2048 bits; OpenSSL 3 clients at security level 2 (the default"
                    + " of several distributions) refuse the chain",
            List.of("CWE-326")),
    CERT_WEAK_SIGNATURE(Section.CERTIFICATE_CHAIN, Severity.HIGH, "critical for MD5 and MD2",
            "A certificate on the path is signed with MD2, MD5 or SHA-1 (a root's self-signature is not checked).",
            "Reissue the certificate signed with SHA-256 or better",
            "OpenSSL 3 at security level ≥ 1: `verify error:num=68:CA signature digest algorithm too weak`; curl:"
                    + " `curl: (60) SSL certificate problem: CA signature digest algorithm too weak`; browsers:"
                    + " `NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM`",
            "browsers; OpenSSL 3 clients at security level 1 or above",
            List.of("CWE-327", "CWE-328")),
    CERT_LONG_LIFETIME(Section.CERTIFICATE_CHAIN, Severity.MEDIUM, null,
            "The leaf is valid for longer than 398 days.",
            "Reissue with a validity of at most 398 days",
            null,
            "Safari and Chrome reject publicly trusted TLS certificates issued since 2020-09-01 valid for more than"
                    + " 398 days",
            List.of()),

    // ---- expected certificate ----
    CERT_NOT_EXPECTED(Section.EXPECTED_CERTIFICATE, Severity.HIGH,
            "The served leaf is not the expected certificate (fingerprint, serial or file): typically a CDN, WAF or"
                    + " load balancer in front serves its own; also why managed renewals that check the served"
                    + " certificate fail.",
            "Check which device terminates TLS for this name and deploy the managed certificate there, or update"
                    + " the expected fingerprint if the change was intended",
            List.of()),
    CERT_RENEWAL_NOT_DEPLOYED(Section.EXPECTED_CERTIFICATE, Severity.HIGH,
            "With `expect-cert=`: the expected certificate is newer (later notBefore) than the served one: a renewal"
                    + " that was not deployed here.",
            "Deploy the renewed certificate on this endpoint (install it and reload the server, or re-associate it"
                    + " with the listener); where a CDN or WAF terminates TLS, upload it there",
            List.of()),
    EXPECTED_CERT_UNREADABLE(Section.EXPECTED_CERTIFICATE, Severity.MEDIUM,
            "The `expect-cert=` file cannot be read or parsed; no comparison was made.",
            "Point `expect-cert=` at the PEM file of the managed certificate",
            List.of()),

    // ---- PEM hygiene ----
    PEM_STRAY_WHITESPACE(Section.PEM_HYGIENE, Severity.LOW, null,
            "A line has spaces or tabs around it, or blank lines surround the blocks (one empty line between"
                    + " blocks or at the end is accepted).",
            "Remove spaces, tabs and blank lines around the PEM lines",
            null,
            Words.LB_REJECTS,
            List.of()),
    PEM_TEXT_AROUND_BLOCK(Section.PEM_HYGIENE, Severity.MEDIUM, null,
            "Text stands before the first or after a PEM block (e.g. `Bag Attributes` or `subject=` lines from"
                    + " openssl output).",
            "Keep only the -----BEGIN ... -----END blocks",
            null,
            Words.LB_REJECTS,
            List.of()),
    PEM_MISSING_BEGIN(Section.PEM_HYGIENE, Severity.HIGH,
            "An END line has no BEGIN line before it (the start of the block was cut off).",
            "Copy the whole block, from -----BEGIN to -----END",
            List.of("RFC 7468")),
    PEM_MISSING_END(Section.PEM_HYGIENE, Severity.HIGH,
            "A block has no END line (a new BEGIN follows, or the file ends: it was cut off).",
            "Add the -----END line after the block's base64 lines, or copy the whole block",
            List.of("RFC 7468")),
    PEM_MANGLED_BOUNDARY(Section.PEM_HYGIENE, Severity.HIGH,
            "A BEGIN or END line is malformed (not five dashes, BEGIN or END, the type, five dashes).",
            "Fix the line: exactly five dashes, BEGIN or END, the type, five dashes",
            List.of("RFC 7468")),
    PEM_LABEL_MISMATCH(Section.PEM_HYGIENE, Severity.HIGH,
            "A block begun as one type ends as another.",
            "Make the BEGIN and END lines name the same type",
            List.of("RFC 7468")),
    PEM_BAD_BASE64(Section.PEM_HYGIENE, Severity.HIGH,
            "A block holds a character that is not base64, or its base64 does not decode (lines missing or cut):"
                    + " damaged by copy and paste, an editor or a mail program.",
            "Export the certificate or key again from its source",
            List.of("RFC 7468")),
    PEM_NOT_A_CERTIFICATE(Section.PEM_HYGIENE, Severity.HIGH,
            "A CERTIFICATE block does not hold a valid X.509 certificate.",
            "Export the certificate again from the CA",
            List.of("RFC 5280")),
    PEM_BAD_KEY(Section.PEM_HYGIENE, Severity.HIGH,
            "A private-key block does not hold a private key tlsweep can read.",
            "Export the key again (`openssl pkey -in KEY -out KEY.pem`)",
            List.of()),
    PEM_DER_NOT_PEM(Section.PEM_HYGIENE, Severity.MEDIUM, null,
            "The file is DER (binary), not PEM text.",
            "Convert it: `openssl x509 -inform der -in FILE -out FILE.pem`",
            null,
            "servers and load balancers that expect PEM refuse it",
            List.of()),
    PEM_SEVERAL_CERTIFICATES(Section.PEM_HYGIENE, Severity.MEDIUM,
            "The certificate file holds more than one certificate (the first is taken as the certificate, the"
                    + " others as its chain).",
            "Keep only the server certificate in this file and put the intermediates in the chain file"
                    + " (load-balancer imports have separate certificate and chain fields)",
            List.of()),
    PEM_ENCRYPTED_KEY(Section.PEM_HYGIENE, Severity.MEDIUM, null,
            "The private key is encrypted (password-protected).",
            "Decrypt it for deployment: `openssl pkey -in KEY -out KEY.decrypted.pem` (keep the file readable by"
                    + " the server only)",
            null,
            "servers prompt for the password at start (or fail unattended) and load-balancer imports reject it",
            List.of()),
    PEM_KEY_MISMATCH(Section.PEM_HYGIENE, Severity.CRITICAL, null,
            "The private key does not belong to the certificate (its public key differs).",
            "Use the key the certificate was requested with (compare `openssl x509 -noout -pubkey` with `openssl"
                    + " pkey -pubout`)",
            "nginx: `key values mismatch`; OpenSSL: `X509_check_private_key:key values mismatch`",
            "the server cannot start, or every handshake fails",
            List.of()),
    PEM_NO_CERTIFICATE(Section.PEM_HYGIENE, Severity.HIGH,
            "The certificate file holds no certificate.",
            "Give the file with the -----BEGIN CERTIFICATE----- block of the server certificate",
            List.of()),
    PEM_NO_KEY(Section.PEM_HYGIENE, Severity.HIGH,
            "The key file holds no private key.",
            "Give the file with the -----BEGIN PRIVATE KEY----- block",
            List.of()),
    PEM_CHAIN_CONTAINS_LEAF(Section.PEM_HYGIENE, Severity.MEDIUM, null,
            "The chain file contains the server certificate itself.",
            "Remove the server certificate from the chain file: it holds the intermediates only",
            null,
            "servers that append the chain to the certificate then send the leaf twice",
            List.of()),
    PEM_CHAIN_OUT_OF_ORDER(Section.PEM_HYGIENE, Severity.MEDIUM,
            "A certificate of the chain file comes before the certificate it issued: the chain must go upwards,"
                    + " each certificate followed by its issuer.",
            "Reorder the file: the leaf's issuer first, then its issuer, up to (not including) the root",
            List.of()),
    PEM_CHAIN_UNRELATED(Section.PEM_HYGIENE, Severity.MEDIUM,
            "A certificate of the chain file is not an issuer on the leaf's path (a stale intermediate after a CA"
                    + " change, or another certificate's bundle).",
            "Remove it from the chain file",
            List.of()),

    // ---- policies and clients ----
    HEARTBLEED(Section.HANDSHAKE, Severity.CRITICAL,
            "The server answers a heartbeat request claiming more payload than it carries with that much of its memory"
                    + " (Heartbleed): keys, passwords and other clients' data leak.",
            "Update OpenSSL (1.0.1g and later), restart every process using it, then replace the private key and"
                    + " certificate and revoke the old one",
            List.of("CWE-125", "CVE-2014-0160", "RFC 6520")),
    CCS_INJECTION(Section.HANDSHAKE, Severity.HIGH,
            "The server accepts a ChangeCipherSpec before the key exchange (CCS injection): a man in the middle can make"
                    + " it use weak keys.",
            "Update OpenSSL (0.9.8za, 1.0.0m, 1.0.1h and later)",
            List.of("CWE-310", "CVE-2014-0224")),
    ROBOT(Section.HANDSHAKE, Severity.HIGH, "medium for a weak oracle",
            "The server's reactions to RSA key exchanges tell well-formed PKCS #1 v1.5 paddings from malformed ones"
                    + " (ROBOT): recorded RSA-key-exchange traffic can be decrypted and the key can sign.",
            "Disable the RSA key-exchange suites (TLS_RSA_*), and update the TLS stack or load balancer",
            null, null, List.of("CWE-203", "CVE-2017-13099", "CVE-2017-6168")),
    TLS_COMPRESSION(Section.HANDSHAKE, Severity.HIGH,
            "The server compresses TLS records when a client offers DEFLATE (CRIME): secrets in requests leak through"
                    + " their compressed length.",
            "Disable TLS compression (OpenSSL: SSL_OP_NO_COMPRESSION, the default since 1.1.0)",
            List.of("CWE-310", "CVE-2012-4929")),
    NO_SECURE_RENEGOTIATION(Section.HANDSHAKE, Severity.MEDIUM,
            "The server does not answer the renegotiation_info extension or SCSV (RFC 5746): a renegotiation cannot be"
                    + " told from a spliced connection.",
            "Update the TLS stack to one that implements RFC 5746",
            List.of("CWE-300", "CVE-2009-3555", "RFC 5746")),
    INSECURE_RENEGOTIATION(Section.HANDSHAKE, Severity.HIGH,
            "The server lets a client renegotiate without RFC 5746: a man in the middle can prefix the client's requests"
                    + " with its own.",
            "Disable renegotiation, or update the TLS stack to one that implements RFC 5746",
            List.of("CWE-300", "CVE-2009-3555", "RFC 5746")),
    CLIENT_RENEGOTIATION(Section.HANDSHAKE, Severity.LOW,
            "The server renegotiates at a client's request: any client can make it redo the costly half of a handshake"
                    + " at will.",
            "Disable client-initiated renegotiation (OpenSSL 3 refuses it by default; nginx, HAProxy and Apache refuse"
                    + " it too)",
            List.of("CWE-400")),
    NO_FALLBACK_SCSV(Section.HANDSHAKE, Severity.LOW,
            "The server negotiates a lower version to a hello carrying TLS_FALLBACK_SCSV although it accepts a higher one"
                    + " (RFC 7507): clients that retry a failed handshake at a lower version can be downgraded.",
            "Update the TLS stack to one that implements RFC 7507, or accept only one protocol version",
            List.of("RFC 7507")),
    NO_EXTENDED_MASTER_SECRET(Section.HANDSHAKE, Severity.LOW,
            "The server does not answer the extended_master_secret extension (RFC 7627): a session's master secret is not"
                    + " bound to its handshake (triple handshake).",
            "Update the TLS stack to one that implements RFC 7627",
            List.of("CVE-2014-1295", "RFC 7627")),
    EARLY_DATA_ACCEPTED(Section.HANDSHAKE, Severity.LOW,
            "The server's TLS 1.3 tickets allow early data (0-RTT), which a network attacker can replay.",
            "Make sure only idempotent requests may use early data, or disable it",
            List.of("RFC 8446", "RFC 8470")),
    NO_HSTS(Section.HANDSHAKE, Severity.LOW,
            "The HTTPS endpoint sends no Strict-Transport-Security header: a first visit over http:// can be downgraded.",
            "Send Strict-Transport-Security: max-age=63072000; includeSubDomains",
            List.of("RFC 6797")),
    HSTS_SHORT_MAX_AGE(Section.HANDSHAKE, Severity.LOW,
            "The Strict-Transport-Security max-age is below 180 days (or 0, which clears the policy).",
            "Send Strict-Transport-Security with max-age=63072000 (two years)",
            List.of("RFC 6797")),
    SERVER_VERSION_DISCLOSED(Section.HANDSHAKE, Severity.INFO,
            "The HTTP Server header names a software version.",
            "Send a Server header without a version (nginx: server_tokens off; Apache: ServerTokens Prod)",
            List.of("CWE-200")),
    POLICY_COMPLIANT(Section.POLICIES_AND_CLIENTS, Severity.INFO,
            "The endpoint complies with the policy (advisory deviations may remain).",
            null,
            List.of()),
    POLICY_NONCOMPLIANT(Section.POLICIES_AND_CLIENTS, Severity.HIGH,
            "At least one failing deviation; `tlsweep scan` exits with 4.",
            "Change the server's TLS configuration to the policy's, or choose the policy it serves",
            List.of()),
    POLICY_EXTRA_VERSION(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "Versions accepted that the policy does not enable.",
            "Disable the versions the policy does not enable",
            List.of()),
    POLICY_MISSING_VERSION(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM, Words.LOW_WHEN_ADVISORY,
            "Versions the policy enables that the endpoint refuses.",
            "Enable the versions the policy enables",
            null, null, List.of()),
    POLICY_EXTRA_SUITE(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "TLS 1.0–1.2 suites accepted that the policy does not enable.",
            "Remove the suites the policy does not enable from the server's cipher list",
            List.of()),
    POLICY_MISSING_SUITE(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM, Words.LOW_WHEN_ADVISORY,
            "TLS 1.0–1.2 suites the policy enables that the endpoint refuses, at versions it accepts.",
            "Enable the policy's suites",
            null, null, List.of()),
    POLICY_EXTRA_TLS13_SUITE(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "TLS 1.3 suites accepted beyond the policy's.",
            "Restrict the server's TLS 1.3 suites to the policy's",
            List.of()),
    POLICY_MISSING_TLS13_SUITE(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM, Words.LOW_WHEN_ADVISORY,
            "TLS 1.3 suites of the policy the endpoint refuses.",
            "Enable the policy's TLS 1.3 suites",
            null, null, List.of()),
    POLICY_DH_TOO_SMALL(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "A DHE suite uses a prime smaller than the policy's `dh_param_size`.",
            "Use DH parameters of at least the policy's size, or disable the DHE suites",
            List.of()),
    POLICY_ECDH_TOO_SMALL(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "An ECDHE group is smaller than the policy's `ecdh_param_size` (X25519 counts as 256).",
            "Offer only groups of at least the policy's size",
            List.of()),
    POLICY_NO_SERVER_PREFERENCE(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "The policy requires the server's cipher order (Mozilla old, Classic LB) and the server follows the"
                    + " client's.",
            "Make the server choose by its own order (nginx: `ssl_prefer_server_ciphers on`; Apache:"
                    + " `SSLHonorCipherOrder on`)",
            List.of()),
    POLICY_RSA_KEY_TOO_SMALL(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "A leaf RSA key is smaller than the policy's `rsa_key_size` (needs certificate facts).",
            "Reissue the certificate with an RSA key of at least the policy's size",
            List.of()),
    POLICY_CERTIFICATE_LIFETIME(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "The leaf is valid longer than `maximum_certificate_lifespan` (needs certificate facts).",
            "Reissue the certificate with a validity within the policy's maximum",
            List.of()),
    POLICY_CERTIFICATE_TYPE(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "No leaf key is of a type in `certificate_types` (needs certificate facts).",
            "Serve a certificate whose key is of a type the policy allows",
            List.of()),
    POLICY_CERTIFICATE_SIGNATURE(Section.POLICIES_AND_CLIENTS, Severity.MEDIUM,
            "No leaf is signed with an algorithm in `certificate_signatures` (needs certificate facts).",
            "Serve a certificate signed with an algorithm the policy allows",
            List.of()),
    CLIENTS_CANNOT_CONNECT(Section.POLICIES_AND_CLIENTS, Severity.INFO,
            "With `--simulate-clients`: the simulated clients that fail to connect.",
            null,
            List.of());

    /** Where a code is documented: one section of docs/FINDINGS.md each, in this order. */
    public enum Section {
        /** What every scan judges, whatever the policy: versions and suites. */
        PROTOCOLS_AND_SUITES("Protocol versions and cipher suites",
                "Every scan judges what the endpoint accepts, whatever policy was chosen: obsolete protocol"
                        + " versions, broken or weak cipher suites (each finding lists the suites by IANA name),"
                        + " and missing TLS 1.3 or forward secrecy."),
        /** Protocol violations and network trouble seen while probing. */
        SERVER_BEHAVIOUR("What the server did wrong while being scanned",
                "These record server behaviour that breaks naive scanners and some clients; tlsweep reports them"
                        + " instead of guessing."),
        /** The handshake-behaviour and vulnerability checks. */
        HANDSHAKE("Handshake behaviours and vulnerabilities (`checks`)",
                "Every scan runs the checks of the report's `checks` object; these are the findings they raise. Each"
                        + " check's method is in docs/CHECKS.md; a check that could not complete raises nothing."),
        /** Chain analysis: order, completeness, trust, names, validity, keys, signatures. */
        CERTIFICATE_CHAIN("Certificate chain (`chain` package)",
                "Every message follows one format: what is wrong, then what the clients print —"
                        + " ``OpenSSL: `verify error:num=N:TEXT`; curl: `curl: (60) SSL certificate problem: TEXT`;"
                        + " Java: `…` `` — then `Affected: …`. OpenSSL texts are those of OpenSSL 3's"
                        + " `X509_verify_cert_error_string`. `openssl.code` in the `certificates` JSON section is"
                        + " the error `openssl verify` / `s_client -verify_return_error` reports first for the chain"
                        + " as served (no AIA, no extra intermediates).\n\n"
                        + "The expiry thresholds of `CERT_EXPIRES_SOON` are `--expiry-warning` (medium, default 30"
                        + " days) and `--expiry-critical` (high, default 7 days); `tlsweep scan` exits with 5 when a"
                        + " certificate has expired or is within the critical threshold."),
        /** The served leaf against the certificate an inventory line expects. */
        EXPECTED_CERTIFICATE("Expected certificate (`expect-sha256=`, `expect-serial=`, `expect-cert=` on an"
                + " inventory line)",
                "With an expectation on its inventory line, an endpoint's served leaf is compared with the expected"
                        + " certificate."),
        /** Problems of the PEM files given to {@code tlsweep chain}. */
        PEM_HYGIENE("PEM hygiene (`tlsweep chain` only)",
                "Problems of the certificate, chain and key files given to `tlsweep chain`. Each names the file and"
                        + " line. Messages never contain private key material."),
        /** Judgements against a chosen policy, and simulated clients. */
        POLICIES_AND_CLIENTS("Policies and clients (`--policy`, `--simulate-clients`)",
                "With `--policy NAME` every endpoint gets `POLICY_COMPLIANT` or `POLICY_NONCOMPLIANT`, plus one"
                        + " finding per kind of deviation. A deviation is *failing* (medium) or *advisory* (low)."
                        + " What the endpoint accepts beyond the policy always fails, as in sslyze's Mozilla check."
                        + " What the policy enables and the endpoint refuses fails for load-balancer policies (a"
                        + " load balancer serves exactly its list) and is advisory for Mozilla's configurations"
                        + " (they say what to enable; a server with fewer suites is still compliant). Versions not"
                        + " probed (`--protocols`) are not compared.");

        private final String heading;
        private final String intro;

        Section(String heading, String intro) {
            this.heading = heading;
            this.intro = intro;
        }

        /** The section's heading in docs/FINDINGS.md (Markdown). */
        public String heading() {
            return heading;
        }

        /** The paragraphs before the section's table (Markdown; paragraphs separated by a blank line). */
        public String intro() {
            return intro;
        }

        /** The codes of this section, in catalogue order. */
        public List<FindingCode> codes() {
            return Arrays.stream(FindingCode.values()).filter(c -> c.section == this).toList();
        }
    }

    /** Texts several constants share. */
    private static final class Words {
        static final String SERVE_FULL_CHAIN = "Serve the leaf followed by every intermediate up to, but not"
                + " including, the root (nginx: ssl_certificate fullchain.pem; Apache: SSLCertificateFile with the"
                + " chain appended; load balancers: import the certificate chain field)";
        static final String LB_REJECTS = "load balancers and certificate managers (AWS ACM/IAM imports, some"
                + " appliance imports) reject the file";
        static final String LOW_WHEN_ADVISORY = "low when advisory, as for Mozilla's configurations";
    }

    private static final Map<String, FindingCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(FindingCode::name, Function.identity()));

    private final Section section;
    private final Severity severity;
    private final String severityNote;
    private final String title;
    private final String fix;
    private final String clientWords;
    private final String affected;
    private final List<String> references;

    FindingCode(Section section, Severity severity, String title, String fix, List<String> references) {
        this(section, severity, null, title, fix, null, null, references);
    }

    FindingCode(Section section, Severity severity, String severityNote, String title, String fix,
            String clientWords, String affected, List<String> references) {
        this.section = Objects.requireNonNull(section, "section");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.severityNote = severityNote;
        this.title = Objects.requireNonNull(title, "title");
        this.fix = fix;
        this.clientWords = clientWords;
        this.affected = affected;
        this.references = List.copyOf(references);
    }

    /** The code as written in JSON and metrics: the constant's name. */
    public String code() {
        return name();
    }

    /** The code named {@code code}, if it is one. */
    public static Optional<FindingCode> byCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    /** The section of docs/FINDINGS.md that documents it. */
    public Section section() {
        return section;
    }

    /** The severity a finding of this code gets by default. */
    public Severity severity() {
        return severity;
    }

    /**
     * When a finding gets another severity than {@link #severity()}, e.g. "high when the leaf is not first";
     * or {@code null}.
     */
    public String severityNote() {
        return severityNote;
    }

    /** When it is raised, in one sentence ending with a period (Markdown). */
    public String title() {
        return title;
    }

    /** What to change, in general (a finding's own fix may be more precise); {@code null}: nothing to do. */
    public String fix() {
        return fix;
    }

    /** What OpenSSL, curl, Java, browsers or servers print for it (Markdown), or {@code null}. */
    public String clientWords() {
        return clientWords;
    }

    /** Which clients (or servers, or imports) it breaks or affects, or {@code null}. */
    public String affected() {
        return affected;
    }

    /** CWE ids ({@code CWE-326}), CVEs ({@code CVE-2014-3566}) and RFCs ({@code RFC 8996}) that apply; may be empty. */
    public List<String> references() {
        return references;
    }
}
