package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.core.report.Finding;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;

/**
 * Judges a served certificate chain: finds the leaf, builds the path to a trust anchor (served
 * certificates first, then the extra intermediates, then AIA caIssuers), and reports order,
 * completeness, extras, trust, names, validity, keys and signatures as findings, with OpenSSL's
 * verdict on the chain as served and the corrected chain.
 *
 * <p>Threads: {@link #analyze} parses and judges on the calling thread, which must not be an
 * event loop. When an AIA fetch is needed, the rest of the work continues on the executor given
 * to the constructor (by default the common fork-join pool), never on the fetcher's event loop.
 * Stateless and thread-safe: one instance serves every endpoint.
 */
public final class ChainAnalyzer {

    /** At most this many caIssuers URLs are tried for one missing issuer. */
    static final int MAX_FETCHES_PER_STEP = 2;
    /** At most this many issuers are fetched through AIA for one chain. */
    static final int MAX_AIA_DEPTH = 4;
    private static final int MAX_PATH = 12;

    private final TrustAnchors anchors;
    private final List<X509Certificate> extraIntermediates;
    private final IssuerFetcher aia;
    private final ChainPolicy policy;
    private final Clock clock;
    private final Executor executor;

    /** An analyzer that continues after AIA fetches on the common fork-join pool. */
    public ChainAnalyzer(TrustAnchors anchors, List<X509Certificate> extraIntermediates, IssuerFetcher aia,
            ChainPolicy policy, Clock clock) {
        this(anchors, extraIntermediates, aia, policy, clock, ForkJoinPool.commonPool());
    }

    /**
     * @param anchors            the trust anchors
     * @param extraIntermediates certificates to complete paths with (a {@code --intermediates} bundle)
     * @param aia                the AIA fetcher, or null to fetch nothing
     * @param policy             expiry and lifetime thresholds
     * @param clock              the time validity is judged at
     * @param executor           where the analysis continues after an AIA fetch
     */
    public ChainAnalyzer(TrustAnchors anchors, List<X509Certificate> extraIntermediates, IssuerFetcher aia,
            ChainPolicy policy, Clock clock, Executor executor) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.extraIntermediates = List.copyOf(Objects.requireNonNull(extraIntermediates, "extraIntermediates"));
        this.aia = aia;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Analyzes a served chain. Never fails: unparseable certificates and an empty chain become
     * findings.
     *
     * @param servedDer the certificates in the order served (the leaf first when the server is right)
     * @param hostname  the name to check the leaf against, or null for no name check
     */
    public CompletableFuture<ChainReport> analyze(List<byte[]> servedDer, String hostname) {
        Objects.requireNonNull(servedDer, "servedDer");
        try {
            List<Finding> parseFindings = new ArrayList<>();
            List<X509Certificate> served = new ArrayList<>();
            for (int i = 0; i < servedDer.size(); i++) {
                byte[] der = servedDer.get(i);
                try {
                    served.add(Certificates.parse(Objects.requireNonNull(der, "servedDer element")));
                } catch (CertificateException | RuntimeException e) {
                    parseFindings.add(ChainFindings.unparseable(i, String.valueOf(e.getMessage())));
                }
            }
            if (served.isEmpty()) {
                parseFindings.add(ChainFindings.empty());
                return CompletableFuture.completedFuture(new ChainReport(List.of(), List.of(), false, false, false,
                        hostname == null, OpenSslVerdict.of(OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0),
                        parseFindings, null));
            }
            Build build = new Build(served, hostname, parseFindings);
            return extend(build).thenApply(ignored -> finish(build));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Analyzes certificates already parsed (the offline command). */
    public CompletableFuture<ChainReport> analyzeCertificates(List<X509Certificate> served, String hostname) {
        Objects.requireNonNull(served, "served");
        List<byte[]> der = new ArrayList<>(served.size());
        for (X509Certificate c : served) {
            der.add(Certificates.encoded(c));
        }
        return analyze(der, hostname);
    }

    private enum Source { SERVED, EXTRA, AIA, ANCHOR }

    private record Node(X509Certificate cert, Source source, int servedIndex, boolean anchor, String url) {
    }

    /** The mutable state of one analysis, confined to one thread at a time. */
    private final class Build {
        final List<X509Certificate> served;
        final String hostname;
        final List<Finding> findings;
        final List<Node> path = new ArrayList<>();
        final int leafIndex;
        final Instant now = clock.instant();
        int aiaFetches;
        final List<String> aiaErrors = new ArrayList<>();

        Build(List<X509Certificate> served, String hostname, List<Finding> findings) {
            this.served = served;
            this.hostname = hostname;
            this.findings = findings;
            this.leafIndex = findLeaf(served);
            path.add(new Node(served.get(leafIndex), Source.SERVED, leafIndex, false, null));
        }

        X509Certificate last() {
            return path.get(path.size() - 1).cert();
        }

        boolean onPath(X509Certificate c) {
            for (Node n : path) {
                if (Certificates.sameCertificate(n.cert(), c)) {
                    return true;
                }
            }
            return false;
        }

        boolean trusted() {
            return path.get(path.size() - 1).anchor();
        }
    }

    /** The served certificate that issued no other served certificate, preferring the first served. */
    private static int findLeaf(List<X509Certificate> served) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < served.size(); i++) {
            boolean issuesOther = false;
            for (int j = 0; j < served.size() && !issuesOther; j++) {
                if (i != j && !Certificates.sameCertificate(served.get(i), served.get(j))
                        && Certificates.issued(served.get(i), served.get(j))) {
                    issuesOther = true;
                }
            }
            if (!issuesOther) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty() || candidates.contains(0)) {
            return 0;
        }
        for (int i : candidates) {
            if (served.get(i).getBasicConstraints() < 0) {
                return i;
            }
        }
        return candidates.get(0);
    }

    /** Extends the path as far as the local sources go, then through AIA, asynchronously. */
    private CompletableFuture<Void> extend(Build b) {
        while (true) {
            Node lastNode = b.path.get(b.path.size() - 1);
            X509Certificate cur = lastNode.cert();
            if (anchors.contains(cur)) {
                b.path.set(b.path.size() - 1, new Node(cur, lastNode.source() == Source.ANCHOR ? Source.ANCHOR
                        : lastNode.source(), lastNode.servedIndex(), true, lastNode.url()));
                return CompletableFuture.completedFuture(null);
            }
            if (b.path.size() >= MAX_PATH) {
                return CompletableFuture.completedFuture(null);
            }
            X509Certificate anchor = anchors.issuerOf(cur);
            if (anchor != null && !b.onPath(anchor)) {
                b.path.add(new Node(anchor, Source.ANCHOR, -1, true, null));
                return CompletableFuture.completedFuture(null);
            }
            if (Certificates.selfSigned(cur)) {
                return CompletableFuture.completedFuture(null);
            }
            Node next = null;
            for (int i = 0; i < b.served.size() && next == null; i++) {
                X509Certificate s = b.served.get(i);
                if (!b.onPath(s) && Certificates.issued(s, cur)) {
                    next = new Node(s, Source.SERVED, i, false, null);
                }
            }
            for (int i = 0; i < extraIntermediates.size() && next == null; i++) {
                X509Certificate s = extraIntermediates.get(i);
                if (!b.onPath(s) && Certificates.issued(s, cur)) {
                    next = new Node(s, Source.EXTRA, -1, false, null);
                }
            }
            if (next != null) {
                b.path.add(next);
                continue;
            }
            List<URI> urls = aiaUrls(cur);
            if (aia == null || urls.isEmpty() || b.aiaFetches >= MAX_AIA_DEPTH) {
                return CompletableFuture.completedFuture(null);
            }
            b.aiaFetches++;
            return fetchIssuer(cur, urls, 0, b).thenComposeAsync(found -> {
                if (found == null) {
                    return CompletableFuture.completedFuture(null);
                }
                b.path.add(found);
                return extend(b);
            }, executor);
        }
    }

    private static List<URI> aiaUrls(X509Certificate cert) {
        List<URI> out = new ArrayList<>();
        for (String u : Certificates.caIssuers(cert)) {
            try {
                URI uri = new URI(u);
                if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                    out.add(uri);
                }
            } catch (java.net.URISyntaxException e) {
                // not a URL: ignored
            }
            if (out.size() == MAX_FETCHES_PER_STEP) {
                break;
            }
        }
        return out;
    }

    private CompletableFuture<Node> fetchIssuer(X509Certificate cur, List<URI> urls, int index, Build b) {
        if (index >= urls.size()) {
            return CompletableFuture.completedFuture(null);
        }
        URI url = urls.get(index);
        CompletableFuture<List<X509Certificate>> fetched;
        try {
            fetched = Objects.requireNonNull(aia.fetch(url), "fetch result");
        } catch (RuntimeException e) {
            fetched = CompletableFuture.failedFuture(e);
        }
        return fetched.handleAsync((certs, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                b.aiaErrors.add(url + ": " + cause.getMessage());
                return null;
            }
            for (X509Certificate c : certs) {
                if (!b.onPath(c) && Certificates.issued(c, cur)) {
                    return new Node(c, Source.AIA, -1, false, url.toString());
                }
            }
            b.aiaErrors.add(url + ": no certificate there issued '" + Certificates.dn(cur.getSubjectX500Principal())
                    + "'");
            return null;
        }, executor).thenCompose(node -> node != null ? CompletableFuture.completedFuture(node)
                : fetchIssuer(cur, urls, index + 1, b));
    }

    private ChainReport finish(Build b) {
        List<CertificateInfo> servedInfo = new ArrayList<>();
        for (X509Certificate c : b.served) {
            servedInfo.add(Certificates.info(c, clock));
        }
        List<CertificateInfo> pathInfo = new ArrayList<>();
        for (Node n : b.path) {
            pathInfo.add(Certificates.info(n.cert(), clock));
        }
        boolean trusted = b.trusted();
        boolean usedOther = b.path.stream().anyMatch(n -> n.source() == Source.EXTRA || n.source() == Source.AIA);
        boolean usedAia = b.path.stream().anyMatch(n -> n.source() == Source.AIA);
        boolean complete = trusted && !usedOther;
        boolean aiaFixable = trusted && usedAia;
        OpenSslVerdict verdict = OpenSslVerifier.verify(b.served, anchors, b.hostname, b.now);

        List<Finding> f = b.findings;
        CertificateInfo leaf = pathInfo.get(0);
        Node top = b.path.get(b.path.size() - 1);
        boolean topSelfSigned = Certificates.selfSigned(top.cert());

        // Structure: order, extras, roots, repeats.
        boolean leafNotFirst = b.leafIndex != 0;
        int lastIndex = -1;
        boolean outOfOrder = leafNotFirst;
        for (Node n : b.path) {
            if (n.source() == Source.SERVED) {
                if (n.servedIndex() < lastIndex) {
                    outOfOrder = true;
                }
                lastIndex = n.servedIndex();
            }
        }
        if (outOfOrder) {
            f.add(ChainFindings.wrongOrder(names(servedInfo), names(pathInfo), leafNotFirst));
        }
        int leafCopies = 1;
        for (int i = 0; i < b.served.size(); i++) {
            if (i == b.leafIndex || onPathAt(b, i)) {
                continue;
            }
            X509Certificate c = b.served.get(i);
            CertificateInfo ci = servedInfo.get(i);
            if (Certificates.sameCertificate(c, b.path.get(0).cert())) {
                leafCopies++;
            } else if (Certificates.selfSigned(c) && b.onPath(c)) {
                f.add(ChainFindings.containsRoot(ci));
            } else if (b.onPath(c)) {
                f.add(ChainFindings.extra(ci, " (a second copy of a certificate already served)"));
            } else {
                f.add(ChainFindings.extra(ci, Certificates.selfSigned(c) ? " (an unrelated root)" : ""));
            }
        }
        if (leafCopies > 1) {
            f.add(ChainFindings.leafRepeated(leaf, leafCopies));
        }
        if (b.path.size() > 1 && top.source() == Source.SERVED && topSelfSigned) {
            f.add(ChainFindings.containsRoot(pathInfo.get(pathInfo.size() - 1)));
        }

        // Completeness and trust.
        if (trusted && !complete) {
            int firstMissing = 0;
            for (int i = 0; i < b.path.size(); i++) {
                if (b.path.get(i).source() == Source.EXTRA || b.path.get(i).source() == Source.AIA) {
                    firstMissing = i;
                    break;
                }
            }
            CertificateInfo needing = pathInfo.get(firstMissing - 1);
            if (usedAia) {
                String url = b.path.stream().filter(n -> n.source() == Source.AIA).findFirst().map(Node::url)
                        .orElse("");
                f.add(ChainFindings.aiaFixable(needing, url, verdict));
            } else {
                f.add(ChainFindings.incomplete(needing, verdict, true, ""));
            }
        } else if (!trusted) {
            if (topSelfSigned && b.path.size() == 1) {
                f.add(ChainFindings.selfSigned(leaf));
            } else if (topSelfSigned) {
                if (usedOther) {
                    f.add(ChainFindings.incomplete(pathInfo.get(0), verdict, true, ""));
                }
                f.add(ChainFindings.untrusted(pathInfo.get(pathInfo.size() - 1), verdict));
            } else {
                CertificateInfo last = pathInfo.get(pathInfo.size() - 1);
                String note = "";
                if (!last.caIssuersUrls().isEmpty()) {
                    note = aia == null ? "; its AIA caIssuers URL " + last.caIssuersUrls().get(0) + " was not fetched"
                            : b.aiaErrors.isEmpty() ? "" : "; AIA gave nothing usable (" + String.join("; ",
                                    b.aiaErrors) + ")";
                }
                f.add(ChainFindings.incomplete(last, verdict, false, note));
            }
        }

        // Validity, keys, signatures of every certificate on the path.
        for (int i = 0; i < b.path.size(); i++) {
            Node n = b.path.get(i);
            CertificateInfo ci = pathInfo.get(i);
            String role = role(i, n, b.path.size());
            if (ci.notBefore().isAfter(b.now)) {
                f.add(ChainFindings.notYetValid(ci, role));
            } else if (ci.notAfter().isBefore(b.now)) {
                f.add(ChainFindings.expired(ci, role, b.now));
            } else if (n.source() != Source.ANCHOR && ci.daysLeft() <= policy.expiryWarningDays()) {
                f.add(ChainFindings.expiresSoon(ci, role, policy));
            }
        }

        // The name.
        boolean hostnameValid = true;
        X509Certificate leafCert = b.path.get(0).cert();
        boolean cnOnly = !Certificates.hasSanExtension(leafCert) && leafCert.getBasicConstraints() < 0
                && !Certificates.commonNames(leafCert).isEmpty();
        if (b.hostname != null) {
            hostnameValid = HostnameMatcher.browserMatches(leafCert, b.hostname);
            boolean onlyByCn = cnOnly && !HostnameMatcher.isIp(b.hostname)
                    && HostnameMatcher.commonNameMatches(leafCert, b.hostname);
            if (!hostnameValid && !onlyByCn) {
                f.add(ChainFindings.hostnameMismatch(leaf, b.hostname));
            }
            if (cnOnly) {
                f.add(ChainFindings.cnOnly(leaf, onlyByCn ? b.hostname : null));
            }
        } else if (cnOnly) {
            f.add(ChainFindings.cnOnly(leaf, null));
        }

        for (int i = 0; i < b.path.size(); i++) {
            Node n = b.path.get(i);
            if (n.source() == Source.ANCHOR) {
                continue;
            }
            CertificateInfo ci = pathInfo.get(i);
            if (weakKey(ci)) {
                f.add(ChainFindings.weakKey(ci, role(i, n, b.path.size())));
            }
        }
        for (int i = 0; i < b.path.size(); i++) {
            Node n = b.path.get(i);
            if (Certificates.selfSigned(n.cert()) && (n.anchor() || i > 0)) {
                continue; // the root's own signature is not checked by anyone
            }
            CertificateInfo ci = pathInfo.get(i);
            if (weakSignature(ci.signatureAlgorithm())) {
                f.add(ChainFindings.weakSignature(ci, role(i, n, b.path.size())));
            }
        }
        long lifetime = Duration.between(leaf.notBefore(), leaf.notAfter()).toDays();
        if (leafCert.getBasicConstraints() < 0 && lifetime > policy.maxLifetimeDays()) {
            f.add(ChainFindings.longLifetime(leaf, lifetime, policy));
        }

        List<byte[]> fixed = null;
        if (trusted) {
            fixed = new ArrayList<>();
            for (int i = 0; i < b.path.size(); i++) {
                Node n = b.path.get(i);
                if (i > 0 && i == b.path.size() - 1 && n.anchor() && Certificates.selfSigned(n.cert())) {
                    break;
                }
                fixed.add(Certificates.encoded(n.cert()));
            }
        }
        return new ChainReport(servedInfo, pathInfo, complete, trusted, aiaFixable, hostnameValid, verdict, f, fixed);
    }

    private static boolean onPathAt(Build b, int servedIndex) {
        for (Node n : b.path) {
            if (n.source() == Source.SERVED && n.servedIndex() == servedIndex) {
                return true;
            }
        }
        return false;
    }

    private static String role(int index, Node n, int size) {
        if (index == 0) {
            return "leaf";
        }
        return Certificates.selfSigned(n.cert()) ? "root" : "intermediate";
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
