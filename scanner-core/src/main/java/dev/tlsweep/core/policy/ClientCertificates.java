package dev.tlsweep.core.policy;

import dev.tlsweep.core.registry.Authentication;
import dev.tlsweep.core.registry.ClientProfile;
import dev.tlsweep.core.registry.ClientProfiles;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.ClientResult;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.core.report.ServedChain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The second half of client simulation: a client that gets through the server's first flight still judges
 * the certificate the server sends it, by its own rules ({@link ClientProfile.CertificateChecks}): the trust
 * anchors of the scan, a path it can build (a missing intermediate fails unless the client fetches it through
 * AIA), the name, the dates, the smallest RSA key it accepts, SHA-1 signatures. A client that would fail gets
 * {@code connected: false} and the reason in its own words; one that only prints the verify result
 * ({@code openssl s_client} by default) connects with the result as a note. Pure.
 */
final class ClientCertificates {

    private ClientCertificates() {
    }

    /** What is wrong with a certificate for one client: OpenSSL's verify error number and text. */
    private record Failure(int code, String text, Kind kind) {
    }

    private enum Kind { UNTRUSTED, WEAK_KEY, WEAK_SIGNATURE, NAME, EXPIRED, NOT_YET_VALID }

    /** The clients of {@code report}, each judged on the chain it would have been served. */
    static List<ClientResult> judge(EndpointReport report, Instant now) {
        if (report.clients().isEmpty() || report.chains().isEmpty()) {
            return report.clients();
        }
        List<ClientResult> out = new ArrayList<>();
        for (ClientResult c : report.clients()) {
            Optional<ClientProfile> profile = ClientProfiles.byId(c.client());
            if (!c.connected() || profile.isEmpty()) {
                out.add(c);
                continue;
            }
            int chain = chainFor(c, report.served().chains());
            if (chain < 0 || chain >= report.chains().size()) {
                out.add(c);
                continue;
            }
            String name = report.sni() != null ? report.sni() : report.host();
            Failure p = problem(profile.get().certificates(), report.chains().get(chain), now);
            out.add(p == null ? c : verdict(profile.get(), c, p, name));
        }
        return out;
    }

    /** The chain a client got: by the suite's authentication up to TLS 1.2, the TLS 1.3 capture for TLS 1.3. */
    private static int chainFor(ClientResult c, List<ServedChain> served) {
        if (served.isEmpty()) {
            return -1;
        }
        if (c.version() == ProtocolVersion.TLSv1_3 || c.suite() == null) {
            for (int i = 0; i < served.size(); i++) {
                if (served.get(i).version() == ProtocolVersion.TLSv1_3) {
                    return i;
                }
            }
            return 0;
        }
        String keyType = c.suite().authentication() == Authentication.ECDSA ? "ECDSA"
                : c.suite().authentication() == Authentication.DSS ? "DSA" : "RSA";
        for (int i = 0; i < served.size(); i++) {
            if (served.get(i).keyType().equals(keyType)) {
                return i;
            }
        }
        return 0;
    }

    /** The first problem the client's checks find, in the order OpenSSL reports them; {@code null} for none. */
    private static Failure problem(ClientProfile.CertificateChecks checks, ChainReport chain, Instant now) {
        boolean pathOk = chain.complete() || (checks.fetchesAia() && chain.aiaFixable());
        if (!chain.trusted() || !pathOk) {
            OpenSslVerdict v = chain.openssl();
            int code = v.ok() || v.code() == OpenSslVerdict.HOSTNAME_MISMATCH || v.code() == OpenSslVerdict.IP_ADDRESS_MISMATCH
                    ? OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT_LOCALLY : v.code();
            return new Failure(code, OpenSslVerdict.errorString(code), Kind.UNTRUSTED);
        }
        List<CertificateInfo> path = chain.path();
        for (int i = 0; i < path.size(); i++) {
            CertificateInfo c = path.get(i);
            boolean anchor = i == path.size() - 1 && i > 0;
            if (!anchor && checks.minRsaBits() > 0 && "RSA".equals(c.keyType()) && c.keyBits() < checks.minRsaBits()) {
                return i == 0 ? new Failure(66, OpenSslVerdict.errorString(66), Kind.WEAK_KEY)
                        : new Failure(67, "CA certificate key too weak", Kind.WEAK_KEY);
            }
        }
        for (int i = 0; i < path.size(); i++) {
            CertificateInfo c = path.get(i);
            boolean selfSignedTop = i == path.size() - 1 && c.selfIssued() && i > 0;
            String alg = c.signatureAlgorithm().toUpperCase(Locale.ROOT);
            if (checks.sha1Refused() && !selfSignedTop && (alg.startsWith("SHA1") || alg.startsWith("MD"))) {
                return new Failure(68, OpenSslVerdict.errorString(68), Kind.WEAK_SIGNATURE);
            }
        }
        if (!chain.hostnameValid()) {
            return new Failure(OpenSslVerdict.HOSTNAME_MISMATCH, OpenSslVerdict.errorString(62), Kind.NAME);
        }
        for (CertificateInfo c : path) {
            if (c.notAfter().isBefore(now)) {
                return new Failure(OpenSslVerdict.CERT_HAS_EXPIRED, OpenSslVerdict.errorString(10), Kind.EXPIRED);
            }
            if (c.notBefore().isAfter(now)) {
                return new Failure(OpenSslVerdict.CERT_NOT_YET_VALID, OpenSslVerdict.errorString(9),
                        Kind.NOT_YET_VALID);
            }
        }
        return null;
    }

    private static ClientResult verdict(ClientProfile profile, ClientResult c, Failure p, String name) {
        String shown = "certificate: " + p.text();
        if (!profile.certificates().fatal()) {
            String note = "Verify return code: " + p.code() + " (" + p.text() + "): the handshake goes on";
            return new ClientResult(c.client(), c.name(), true, c.version(), c.suite(), c.keyExchange(), null,
                    c.note() == null ? note : c.note() + "; " + note, c.hellos());
        }
        String reason = words(profile.style(), p, name) + " (" + shown + ")";
        return new ClientResult(c.client(), c.name(), false, c.version(), c.suite(), c.keyExchange(), reason,
                c.note() == null ? "the handshake gets through the server's first flight; the certificate fails"
                        : c.note() + "; the certificate fails", c.hellos());
    }

    /** The failure in the words the client prints. */
    static String words(String style, Failure p, String name) {
        return switch (style) {
            case "curl" -> p.kind() == Kind.NAME
                    ? "curl: (60) SSL: no alternative certificate subject name matches target hostname '" + name + "'"
                    : "curl: (60) SSL certificate problem: " + p.text();
            case "python" -> "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + (p.kind() == Kind.NAME
                    ? "Hostname mismatch, certificate is not valid for '" + name + "'." : p.text());
            case "java", "android" -> switch (p.kind()) {
                case UNTRUSTED -> style.equals("android")
                        ? "java.security.cert.CertPathValidatorException: Trust anchor for certification path not found."
                        : "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException:"
                                + " unable to find valid certification path to requested target";
                case NAME -> style.equals("android") ? "javax.net.ssl.SSLPeerUnverifiedException: Hostname " + name
                        + " not verified" : "No subject alternative DNS name matching " + name + " found.";
                case EXPIRED -> "java.security.cert.CertificateExpiredException";
                case NOT_YET_VALID -> "java.security.cert.CertificateNotYetValidException";
                case WEAK_KEY -> "Algorithm constraints check failed on keysize limits";
                case WEAK_SIGNATURE -> "Algorithm constraints check failed on signature algorithm";
            };
            case "go" -> switch (p.kind()) {
                case UNTRUSTED -> "tls: failed to verify certificate: x509: certificate signed by unknown authority";
                case NAME -> "tls: failed to verify certificate: x509: certificate is not valid for " + name;
                case EXPIRED, NOT_YET_VALID -> "tls: failed to verify certificate: x509: certificate has expired or is"
                        + " not yet valid";
                case WEAK_KEY -> "tls: failed to verify certificate: x509: RSA key too small";
                case WEAK_SIGNATURE -> "tls: failed to verify certificate: x509: cannot verify signature: insecure"
                        + " algorithm SHA1-RSA";
            };
            case "chrome" -> switch (p.kind()) {
                case UNTRUSTED -> "NET::ERR_CERT_AUTHORITY_INVALID";
                case NAME -> "NET::ERR_CERT_COMMON_NAME_INVALID";
                case EXPIRED, NOT_YET_VALID -> "NET::ERR_CERT_DATE_INVALID";
                case WEAK_KEY -> "NET::ERR_CERT_WEAK_KEY";
                case WEAK_SIGNATURE -> "NET::ERR_CERT_WEAK_SIGNATURE_ALGORITHM";
            };
            case "firefox" -> switch (p.kind()) {
                case UNTRUSTED -> "SEC_ERROR_UNKNOWN_ISSUER";
                case NAME -> "SSL_ERROR_BAD_CERT_DOMAIN";
                case EXPIRED -> "SEC_ERROR_EXPIRED_CERTIFICATE";
                case NOT_YET_VALID -> "SEC_ERROR_EXPIRED_CERTIFICATE";
                case WEAK_KEY -> "SSL_ERROR_WEAK_SERVER_CERT_KEY";
                case WEAK_SIGNATURE -> "SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED";
            };
            case "safari" -> "Safari can't verify the identity of the website \"" + name + "\"";
            default -> "certificate verify failed: " + p.text();
        };
    }
}
