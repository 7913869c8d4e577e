package dev.tlsweep.core.chain;

import dev.tlsweep.core.chain.PathBuilder.Built;
import dev.tlsweep.core.chain.PathBuilder.Node;
import dev.tlsweep.core.chain.PathBuilder.Source;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.OpenSslVerdict;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The judging rules of a built chain, each a small pure function of the {@link Built} path (and the
 * certificates' descriptions) that adds its findings: structure (order, extras, roots, repeats),
 * completeness and trust, validity, the name, keys, signatures, lifetime. Offline-testable one by one.
 */
final class ChainRules {

    private ChainRules() {
    }

    /** What every rule reads: the built path, its certificates described, OpenSSL's verdict, the thresholds. */
    record Input(Built built, List<CertificateInfo> servedInfo, List<CertificateInfo> pathInfo, OpenSslVerdict verdict,
            ChainPolicy policy, boolean aiaOn) {

        CertificateInfo leaf() {
            return pathInfo.get(0);
        }

        Node top() {
            return built.path().get(built.path().size() - 1);
        }
    }

    /** Every rule, in the order findings are reported. */
    static List<Finding> all(Input in) {
        List<Finding> out = new ArrayList<>();
        order(in, out);
        extras(in, out);
        trust(in, out);
        validity(in, out);
        name(in, out);
        keys(in, out);
        signatures(in, out);
        lifetime(in, out);
        return out;
    }

    /** The served order is not leaf, issuer, issuer's issuer (or the leaf is not first). */
    static void order(Input in, List<Finding> out) {
        boolean leafNotFirst = in.built().leafIndex() != 0;
        int lastIndex = -1;
        boolean outOfOrder = leafNotFirst;
        for (Node n : in.built().path()) {
            if (n.source() == Source.SERVED) {
                if (n.servedIndex() < lastIndex) {
                    outOfOrder = true;
                }
                lastIndex = n.servedIndex();
            }
        }
        if (outOfOrder) {
            out.add(ChainFindings.wrongOrder(names(in.servedInfo()), names(in.pathInfo()), leafNotFirst));
        }
    }

    /** Served certificates off the path: unrelated ones, second copies, the root, the leaf again. */
    static void extras(Input in, List<Finding> out) {
        Built b = in.built();
        int leafCopies = 1;
        for (int i = 0; i < b.served().size(); i++) {
            if (i == b.leafIndex() || b.servedOnPath(i)) {
                continue;
            }
            X509Certificate c = b.served().get(i);
            CertificateInfo ci = in.servedInfo().get(i);
            if (Certificates.sameCertificate(c, b.path().get(0).cert())) {
                leafCopies++;
            } else if (in.built().checks().selfSigned(c) && b.onPath(c)) {
                out.add(ChainFindings.containsRoot(ci));
            } else if (b.onPath(c)) {
                out.add(ChainFindings.extra(ci, " (a second copy of a certificate already served)"));
            } else {
                out.add(ChainFindings.extra(ci, in.built().checks().selfSigned(c) ? " (an unrelated root)" : ""));
            }
        }
        if (leafCopies > 1) {
            out.add(ChainFindings.leafRepeated(in.leaf(), leafCopies));
        }
        if (b.path().size() > 1 && in.top().source() == Source.SERVED
                && in.built().checks().selfSigned(in.top().cert())) {
            out.add(ChainFindings.containsRoot(in.pathInfo().get(in.pathInfo().size() - 1)));
        }
    }

    /** Completeness and trust: what is missing, whether AIA completes it, an untrusted or self-signed top. */
    static void trust(Input in, List<Finding> out) {
        Built b = in.built();
        boolean trusted = b.trusted();
        boolean complete = trusted && !b.usedOther();
        boolean topSelfSigned = in.built().checks().selfSigned(in.top().cert());
        List<CertificateInfo> pathInfo = in.pathInfo();
        if (trusted && !complete) {
            int firstMissing = 0;
            for (int i = 0; i < b.path().size(); i++) {
                if (b.path().get(i).source() == Source.EXTRA || b.path().get(i).source() == Source.AIA) {
                    firstMissing = i;
                    break;
                }
            }
            CertificateInfo needing = pathInfo.get(firstMissing - 1);
            if (b.usedAia()) {
                String url = b.path().stream().filter(n -> n.source() == Source.AIA).findFirst().map(Node::url)
                        .orElse("");
                out.add(ChainFindings.aiaFixable(needing, url, in.verdict()));
            } else {
                out.add(ChainFindings.incomplete(needing, in.verdict(), true, ""));
            }
        } else if (!trusted) {
            if (topSelfSigned && b.path().size() == 1) {
                out.add(ChainFindings.selfSigned(in.leaf()));
            } else if (topSelfSigned) {
                if (b.usedOther()) {
                    out.add(ChainFindings.incomplete(pathInfo.get(0), in.verdict(), true, ""));
                }
                out.add(ChainFindings.untrusted(pathInfo.get(pathInfo.size() - 1), in.verdict()));
            } else {
                CertificateInfo last = pathInfo.get(pathInfo.size() - 1);
                if (pathInfo.size() > 1 && last.ca() && last.caIssuersUrls().isEmpty()) {
                    // leaf and intermediates served in order, up to a CA whose issuer nobody has: a private root
                    out.add(ChainFindings.issuerUnknown(last, in.verdict()));
                    return;
                }
                String note = "";
                if (!last.caIssuersUrls().isEmpty()) {
                    note = !in.aiaOn() ? "; its AIA caIssuers URL " + last.caIssuersUrls().get(0) + " was not fetched"
                            : b.aiaErrors().isEmpty() ? "" : "; AIA gave nothing usable (" + String.join("; ",
                                    b.aiaErrors()) + ")";
                }
                out.add(ChainFindings.incomplete(last, in.verdict(), false, note));
            }
        }
    }

    /** Expired, not yet valid, or expiring soon: every certificate on the path (expiring: not the anchor). */
    static void validity(Input in, List<Finding> out) {
        List<Node> path = in.built().path();
        for (int i = 0; i < path.size(); i++) {
            Node n = path.get(i);
            CertificateInfo ci = in.pathInfo().get(i);
            String role = role(i, n, in.built().checks());
            if (ci.notBefore().isAfter(in.built().now())) {
                out.add(ChainFindings.notYetValid(ci, role));
            } else if (ci.notAfter().isBefore(in.built().now())) {
                out.add(ChainFindings.expired(ci, role, in.built().now()));
            } else if (n.source() != Source.ANCHOR && ci.daysLeft() <= in.policy().expiryWarningDays()) {
                out.add(ChainFindings.expiresSoon(ci, role, in.policy()));
            }
        }
    }

    /** The leaf against the name (browser rules), and a leaf named only by its CN. */
    static void name(Input in, List<Finding> out) {
        String hostname = in.built().hostname();
        X509Certificate leafCert = in.built().path().get(0).cert();
        boolean cnOnly = !Certificates.hasSanExtension(leafCert) && leafCert.getBasicConstraints() < 0
                && !Certificates.commonNames(leafCert).isEmpty();
        if (hostname != null) {
            boolean valid = HostnameMatcher.browserMatches(leafCert, hostname);
            boolean onlyByCn = cnOnly && !HostnameMatcher.isIp(hostname)
                    && HostnameMatcher.commonNameMatches(leafCert, hostname);
            if (!valid && !onlyByCn) {
                out.add(ChainFindings.hostnameMismatch(in.leaf(), hostname));
            }
            if (cnOnly) {
                out.add(ChainFindings.cnOnly(in.leaf(), onlyByCn ? hostname : null));
            }
        } else if (cnOnly) {
            out.add(ChainFindings.cnOnly(in.leaf(), null));
        }
    }

    /** Whether the leaf covers the name by browser rules (true when no name is checked). */
    static boolean hostnameValid(Built b) {
        return b.hostname() == null || HostnameMatcher.browserMatches(b.path().get(0).cert(), b.hostname());
    }

    /** Keys too small for current clients, on the path but the anchor. */
    static void keys(Input in, List<Finding> out) {
        List<Node> path = in.built().path();
        for (int i = 0; i < path.size(); i++) {
            Node n = path.get(i);
            if (n.source() != Source.ANCHOR && weakKey(in.pathInfo().get(i))) {
                out.add(ChainFindings.weakKey(in.pathInfo().get(i), role(i, n, in.built().checks())));
            }
        }
    }

    /** MD5 or SHA-1 signatures, except a root's self-signature (nobody checks it). */
    static void signatures(Input in, List<Finding> out) {
        List<Node> path = in.built().path();
        for (int i = 0; i < path.size(); i++) {
            Node n = path.get(i);
            if (in.built().checks().selfSigned(n.cert()) && (n.anchor() || i > 0)) {
                continue;
            }
            CertificateInfo ci = in.pathInfo().get(i);
            if (weakSignature(ci.signatureAlgorithm())) {
                out.add(ChainFindings.weakSignature(ci, role(i, n, in.built().checks())));
            }
        }
    }

    /** A leaf valid longer than the CA/Browser Forum allows. */
    static void lifetime(Input in, List<Finding> out) {
        CertificateInfo leaf = in.leaf();
        long lifetime = leaf.lifetimeDays();
        if (in.built().path().get(0).cert().getBasicConstraints() < 0 && lifetime > in.policy().maxLifetimeDays()) {
            out.add(ChainFindings.longLifetime(leaf, lifetime, in.policy()));
        }
    }

    /** Leaf then each issuer, no self-signed root: what to serve; {@code null} without a path to an anchor. */
    static List<byte[]> fixedChain(Built b) {
        if (!b.trusted()) {
            return null;
        }
        List<byte[]> fixed = new ArrayList<>();
        List<Node> path = b.path();
        for (int i = 0; i < path.size(); i++) {
            Node n = path.get(i);
            if (i > 0 && i == path.size() - 1 && n.anchor() && b.checks().selfSigned(n.cert())) {
                break;
            }
            fixed.add(Certificates.encoded(n.cert()));
        }
        return fixed;
    }

    static String role(int index, Node n, SignatureChecks checks) {
        if (index == 0) {
            return "leaf";
        }
        return checks.selfSigned(n.cert()) ? "root" : "intermediate";
    }

    static boolean weakKey(CertificateInfo c) {
        return switch (c.keyType()) {
            case "RSA", "DSA" -> c.keyBits() < 2048;
            case "EC" -> c.keyBits() < 256;
            default -> false;
        };
    }

    static boolean weakSignature(String algorithm) {
        String a = algorithm.toUpperCase(Locale.ROOT);
        return a.startsWith("MD2") || a.startsWith("MD5") || a.startsWith("SHA1") || a.startsWith("SHA-1");
    }

    private static String names(List<CertificateInfo> certs) {
        return certs.stream().map(ChainFindings::quote).collect(Collectors.joining(" → "));
    }
}
