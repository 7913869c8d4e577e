package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.core.report.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The chain findings: stable codes, severities, fixes and the words each client prints. One
 * format for every message: what is wrong, then {@code OpenSSL: `…`; curl: `…`; Java: `…`} where
 * those clients say something, then {@code Affected: …}.
 */
final class ChainFindings {


    static final String JAVA_PKIX = "javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
            + "sun.security.provider.certpath.SunCertPathBuilderException: "
            + "unable to find valid certification path to requested target";

    private static final String SERVE_FULL_CHAIN = "Serve the leaf followed by every intermediate up to, but not "
            + "including, the root (nginx: ssl_certificate fullchain.pem; Apache: SSLCertificateFile with the chain "
            + "appended; load balancers: import the certificate chain field)";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter JAVA_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private ChainFindings() {
    }

    static String said(String what, String openssl, String curl, String java, String affected) {
        StringBuilder sb = new StringBuilder(what);
        StringBuilder words = new StringBuilder();
        append(words, "OpenSSL", openssl);
        append(words, "curl", curl);
        append(words, "Java", java);
        if (words.length() > 0) {
            sb.append(". ").append(words);
        }
        sb.append(". Affected: ").append(affected).append('.');
        return sb.toString();
    }

    private static void append(StringBuilder sb, String who, String text) {
        if (text == null) {
            return;
        }
        if (sb.length() > 0) {
            sb.append("; ");
        }
        sb.append(who).append(": `").append(text).append('`');
    }

    static String day(Instant instant) {
        return DAY.format(instant);
    }

    static String quote(CertificateInfo c) {
        return "'" + c.shortName() + "'";
    }

    static Finding tooLong(int served, int analysed) {
        return new Finding(FindingCode.CHAIN_TOO_LONG, Severity.MEDIUM, "The server sends " + served
                + " certificates; real chains have two to five. Only the first " + analysed + " were analysed",
                "Serve the leaf and its intermediates only (" + SERVE_FULL_CHAIN_SHORT + ")");
    }

    static Finding analysisLimited(String why) {
        return new Finding(FindingCode.CHAIN_ANALYSIS_LIMITED, Severity.MEDIUM, "The chain analysis was cut short ("
                + why + "): the served certificates make every issuer check expensive (same names, huge keys), so"
                + " the verdicts of this chain may be wrong", "Serve the leaf and its intermediates only");
    }

    private static final String SERVE_FULL_CHAIN_SHORT = "leaf first, then each issuer, no root";

    static Finding unparseable(int index, String reason) {
        return new Finding(FindingCode.CERT_UNPARSEABLE, Severity.HIGH, said("Certificate #" + (index + 1)
                + " of the served chain cannot be parsed (" + reason + ")",
                "unable to load certificate", null, "java.security.cert.CertificateParsingException",
                "every client: the handshake fails"), "Re-export the certificate from the issuing CA as PEM or DER");
    }

    static Finding empty() {
        return new Finding(FindingCode.CHAIN_EMPTY, Severity.CRITICAL, said("No certificate was served",
                null, null, null, "every client"), "Configure a certificate on the endpoint");
    }

    static Finding incomplete(CertificateInfo last, OpenSslVerdict verdict, boolean issuerKnown, String aiaNote) {
        OpenSslVerdict shown = verdict.code() == OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT_LOCALLY
                || verdict.code() == OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT ? verdict
                : OpenSslVerdict.of(OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0);
        String what = "The chain is incomplete: the intermediate that issued " + quote(last) + " (issuer '"
                + Certificates.commonName(last.issuer()).orElse(last.issuer()) + "') is not served"
                + (issuerKnown ? "; tlsweep found it in the given intermediates bundle or trust store"
                        : "; tlsweep could not find it") + aiaNote
                + " (openssl s_client without -verify_return_error ends with `Verify return code: 21 (unable to "
                + "verify the first certificate)` when only the leaf is served)";
        return new Finding(FindingCode.CHAIN_INCOMPLETE, Severity.HIGH, said(what, shown.sClientLine(), shown.curlLine(),
                JAVA_PKIX, "curl, OpenSSL, Java, Python, Go, Node.js, mobile apps and API clients fail; desktop "
                        + "Chrome, Edge and Safari may still connect when they fetch or cached the intermediate"),
                issuerKnown ? SERVE_FULL_CHAIN + "; `tlsweep chain --fix-chain DIR` writes it" : SERVE_FULL_CHAIN
                        + "; get the missing intermediate from the CA (it is in the bundle the CA sent with "
                        + "the certificate); if the issuer is your private CA's root, pass it to tlsweep with "
                        + "--ca-file FILE instead");
    }

    static Finding aiaFixable(CertificateInfo last, String url, OpenSslVerdict verdict) {
        OpenSslVerdict shown = verdict.ok() ? OpenSslVerdict.of(OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0)
                : verdict;
        String what = "The chain is incomplete: the intermediate that issued " + quote(last) + " is not served; it "
                + "is available from the certificate's AIA caIssuers URL " + url
                + ", which browsers fetch and most other clients do not";
        return new Finding(FindingCode.CHAIN_INCOMPLETE_AIA_FIXABLE, Severity.HIGH, said(what, shown.sClientLine(),
                shown.curlLine(), JAVA_PKIX, "curl, OpenSSL, Java, Python, Go, Node.js, mobile apps and API clients "
                        + "fail; desktop Chrome, Edge and Safari work because they fetch the intermediate (\"works "
                        + "in the browser, fails in curl\")"),
                SERVE_FULL_CHAIN + "; `--fix-chain DIR` writes the completed fullchain.pem");
    }

    static Finding wrongOrder(String servedOrder, String pathOrder, boolean leafNotFirst) {
        String what = "The served certificates are out of order: served " + servedOrder + ", the path is "
                + pathOrder + (leafNotFirst ? "; the first certificate is not the leaf, so clients check the "
                        + "server's signature against the wrong key" : "");
        return new Finding(FindingCode.CHAIN_WRONG_ORDER, leafNotFirst ? Severity.HIGH : Severity.MEDIUM, said(what,
                leafNotFirst ? "tls_process_server_certificate / bad signature (handshake failure)" : null, null,
                leafNotFirst ? "javax.net.ssl.SSLHandshakeException" : null,
                leafNotFirst ? "every client" : "strict clients (older Java and embedded TLS stacks, some "
                        + "load balancers' imports); OpenSSL, Go and browsers reorder intermediates themselves"),
                "Serve the leaf first, then its issuer, then that one's issuer, in that order");
    }

    static Finding extra(CertificateInfo c, String why) {
        return new Finding(FindingCode.CHAIN_EXTRA_CERT, Severity.LOW, said("The server sends " + quote(c) + " (issued by '"
                + Certificates.commonName(c.issuer()).orElse(c.issuer()) + "'), which is not on the path to the "
                + "trust anchor" + why, null, null, null, "no client fails because of it in general; every handshake "
                + "carries the extra bytes, and strict clients (older Java, embedded stacks) may pick the wrong "
                + "issuer"), "Remove the certificate from the served chain");
    }

    static Finding containsRoot(CertificateInfo c) {
        return new Finding(FindingCode.CHAIN_CONTAINS_ROOT, Severity.LOW, said("The server sends the root " + quote(c)
                + "; clients ignore it (a root is trusted only from their own store), so it only adds bytes to every "
                + "handshake", null, null, null, "none directly; clients that do not have this root still fail"),
                "Remove the root from the served chain (serve the leaf and intermediates only)");
    }

    static Finding leafRepeated(CertificateInfo leaf, int times) {
        return new Finding(FindingCode.CHAIN_LEAF_REPEATED, Severity.LOW, said("The leaf " + quote(leaf) + " is served "
                + times + " times (usually a chain file that already starts with the certificate, appended to it)",
                null, null, null, "strict clients and load-balancer certificate imports reject the chain; others "
                        + "ignore the copy"), "Serve the leaf once: remove it from the chain file");
    }

    static Finding expired(CertificateInfo c, String role, Instant now) {
        long days = Math.max(0, -c.daysLeft());
        OpenSslVerdict v = OpenSslVerdict.of(OpenSslVerdict.CERT_HAS_EXPIRED, 0);
        return new Finding(FindingCode.CERT_EXPIRED, Severity.CRITICAL, said("The " + role + " " + quote(c) + " expired on "
                + day(c.notAfter()) + " (" + days + " days ago)", v.sClientLine(), v.curlLine(),
                "java.security.cert.CertificateExpiredException: NotAfter: " + JAVA_DATE.format(c.notAfter()),
                "every client (browsers: NET::ERR_CERT_DATE_INVALID)"),
                "Renew the " + role + " certificate and deploy it with its chain");
    }

    static Finding notYetValid(CertificateInfo c, String role) {
        OpenSslVerdict v = OpenSslVerdict.of(OpenSslVerdict.CERT_NOT_YET_VALID, 0);
        return new Finding(FindingCode.CERT_NOT_YET_VALID, Severity.CRITICAL, said("The " + role + " " + quote(c)
                + " is not valid before " + c.notBefore(), v.sClientLine(), v.curlLine(),
                "java.security.cert.CertificateNotYetValidException: NotBefore: " + JAVA_DATE.format(c.notBefore()),
                "every client (browsers: NET::ERR_CERT_DATE_INVALID)"),
                "Check the clocks of the server and of the system that issued the certificate; serve a certificate "
                        + "that is valid now");
    }

    static Finding expiresSoon(CertificateInfo c, String role, ChainPolicy policy) {
        Severity s = c.daysLeft() <= policy.expiryCriticalDays() ? Severity.HIGH : Severity.MEDIUM;
        return new Finding(FindingCode.CERT_EXPIRES_SOON, s, said("The " + role + " " + quote(c) + " expires on "
                + day(c.notAfter()) + ", in " + c.daysLeft() + " days", null, null, null,
                "every client once it has expired"), "Renew the " + role + " certificate before " + day(c.notAfter()));
    }

    static Finding selfSigned(CertificateInfo c) {
        OpenSslVerdict v = OpenSslVerdict.of(OpenSslVerdict.DEPTH_ZERO_SELF_SIGNED_CERT, 0);
        return new Finding(FindingCode.CERT_SELF_SIGNED, Severity.HIGH, said("The leaf " + quote(c) + " is self-signed and "
                + "not in the trust store", v.sClientLine(), v.curlLine(), JAVA_PKIX,
                "every client that does not trust this exact certificate (browsers: NET::ERR_CERT_AUTHORITY_INVALID)"),
                "Serve a certificate issued by a trusted CA (or add this one to the clients' trust stores)");
    }

    static Finding untrusted(CertificateInfo top, OpenSslVerdict verdict) {
        OpenSslVerdict v = verdict.code() == OpenSslVerdict.SELF_SIGNED_CERT_IN_CHAIN ? verdict
                : OpenSslVerdict.of(OpenSslVerdict.SELF_SIGNED_CERT_IN_CHAIN, 1);
        return new Finding(FindingCode.CERT_UNTRUSTED, Severity.HIGH, said("The chain ends at the root " + quote(top)
                + ", which is not in the trust store (a private CA, or a TLS-intercepting proxy)", v.sClientLine(),
                v.curlLine(), JAVA_PKIX,
                "every client without this root (browsers: NET::ERR_CERT_AUTHORITY_INVALID)"),
                "Serve a certificate from a publicly trusted CA, or install the root on every client (and pass it "
                        + "to tlsweep with --ca-file)");
    }

    static Finding issuerUnknown(CertificateInfo last, OpenSslVerdict verdict) {
        String issuer = Certificates.commonName(last.issuer()).orElse(last.issuer());
        return new Finding(FindingCode.CERT_ISSUER_UNKNOWN, Severity.HIGH, said("The served chain ends at the CA "
                + quote(last) + ", whose issuer '" + issuer + "' is not in the trust store (nor served, nor named by "
                + "an AIA caIssuers URL): the root of a private CA, or an intermediate the server does not send",
                verdict.sClientLine(), verdict.curlLine(), JAVA_PKIX, "every client without '" + issuer
                        + "' in its trust store"),
                "If '" + issuer + "' is your private CA's root, pass it to tlsweep with --ca-file FILE (and install it"
                        + " on every client); if it is an intermediate, serve it after " + quote(last));
    }

    static Finding hostnameMismatch(CertificateInfo leaf, String host) {
        boolean ip = HostnameMatcher.isIp(host);
        OpenSslVerdict v = OpenSslVerdict.of(ip ? OpenSslVerdict.IP_ADDRESS_MISMATCH : OpenSslVerdict.HOSTNAME_MISMATCH,
                0);
        String covered = leaf.dnsNames().isEmpty() && leaf.ipAddresses().isEmpty() ? "no names in subjectAltName"
                : String.join(", ", concat(leaf));
        return new Finding(FindingCode.CERT_HOSTNAME_MISMATCH, Severity.HIGH, said("The leaf " + quote(leaf) + " does not cover "
                + host + " (it covers: " + covered + ")", v.sClientLine(), "curl: (60) SSL: no alternative "
                + "certificate subject name matches target " + (ip ? "ipv4 address" : "hostname") + " '" + host + "'",
                ip ? "java.security.cert.CertificateException: No subject alternative names matching IP address "
                        + host + " found" : "java.security.cert.CertificateException: No subject alternative DNS "
                        + "name matching " + host + " found.",
                "every client that checks names (browsers: NET::ERR_CERT_COMMON_NAME_INVALID)"),
                "Serve a certificate whose subjectAltName includes " + host
                        + " (check the SNI routing: a default certificate is served to unknown names)");
    }

    private static java.util.List<String> concat(CertificateInfo leaf) {
        java.util.List<String> all = new java.util.ArrayList<>(leaf.dnsNames());
        all.addAll(leaf.ipAddresses());
        return all;
    }

    static Finding cnOnly(CertificateInfo leaf, String host) {
        String hostNote = host == null ? "" : "; " + host + " matches only through the CN";
        return new Finding(FindingCode.CERT_CN_ONLY, Severity.HIGH, said("The leaf " + quote(leaf) + " has no subjectAltName: "
                + "its name is only in the subject CN, which current clients ignore" + hostNote, null, null, null,
                "Chrome, Edge, Firefox and Safari (NET::ERR_CERT_COMMON_NAME_INVALID), Go (`x509: certificate relies "
                        + "on legacy Common Name field, use SANs instead`); OpenSSL, curl and Java still fall back "
                        + "to the CN"), "Reissue the certificate with every name in the subjectAltName extension");
    }

    static Finding weakKey(CertificateInfo c, String role) {
        int min = "EC".equals(c.keyType()) ? 256 : 2048;
        int code = "leaf".equals(role) ? 66 : 67;
        String text = code == 66 ? "EE certificate key too weak" : "CA certificate key too weak";
        return new Finding(FindingCode.CERT_WEAK_KEY, Severity.HIGH, said("The " + role + " " + quote(c) + " has a "
                + c.keyDescription() + " key, below " + min + " bits", "verify error:num=" + code + ":" + text,
                "curl: (60) SSL certificate problem: " + text, null, "browsers and public CAs reject RSA below 2048 "
                        + "bits; OpenSSL 3 clients at security level 2 (the default of several distributions) "
                        + "refuse the chain"), "Reissue with an RSA 2048+ or ECDSA P-256+ key");
    }

    static Finding weakSignature(CertificateInfo c, String role) {
        boolean md5 = c.signatureAlgorithm().toUpperCase(Locale.ROOT).contains("MD");
        return new Finding(FindingCode.CERT_WEAK_SIGNATURE, md5 ? Severity.CRITICAL : Severity.HIGH, said("The " + role + " "
                + quote(c) + " is signed with " + c.signatureAlgorithm() + " (" + (md5 ? "MD5 is" : "SHA-1 is")
                + " broken for signatures)", "verify error:num=68:CA signature digest algorithm too weak",
                "curl: (60) SSL certificate problem: CA signature digest algorithm too weak", null,
                "browsers (NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM); OpenSSL 3 clients at security level 1 or above"),
                "Reissue the certificate signed with SHA-256 or better");
    }

    static Finding longLifetime(CertificateInfo leaf, long days, ChainPolicy policy) {
        return new Finding(FindingCode.CERT_LONG_LIFETIME, Severity.MEDIUM, said("The leaf " + quote(leaf) + " is valid for "
                + days + " days (" + day(leaf.notBefore()) + " to " + day(leaf.notAfter()) + "), more than "
                + policy.maxLifetimeDays(), null, null, null,
                "Safari and Chrome reject publicly trusted TLS certificates issued since 2020-09-01 valid for more "
                        + "than 398 days"), "Reissue with a validity of at most " + policy.maxLifetimeDays() + " days");
    }
}
