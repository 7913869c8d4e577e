package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.AiaFetch;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Builds the path of a served chain to a trust anchor: finds the leaf among the served certificates,
 * then climbs issuer by issuer through the served certificates first, then the extra intermediates,
 * then AIA caIssuers, until an anchor (or a self-signed certificate, or nothing) is reached. The judging
 * of the result is {@link ChainRules}' work; this class only says what the path is and where each step
 * came from.
 *
 * <p>Threads: {@link #build} runs on the calling thread (never an event loop: it verifies signatures)
 * until an AIA fetch is needed, then continues on {@code executor}.
 */
final class PathBuilder {

    /** At most this many caIssuers URLs are tried for one missing issuer. */
    static final int MAX_FETCHES_PER_STEP = 2;
    /** At most this many issuers are fetched through AIA for one chain. */
    static final int MAX_AIA_DEPTH = 4;
    /** The longest path built. */
    static final int MAX_PATH = 12;

    /** Where a certificate on the path came from. */
    enum Source { SERVED, EXTRA, AIA, ANCHOR }

    /**
     * One certificate on the path.
     *
     * @param cert        the certificate
     * @param source      where it came from
     * @param servedIndex its position among the served certificates, -1 when it was not served
     * @param anchor      whether it is a trust anchor
     * @param url         the AIA URL it was fetched from, or {@code null}
     */
    record Node(X509Certificate cert, Source source, int servedIndex, boolean anchor, String url) {
    }

    /**
     * A built path.
     *
     * @param served    the served certificates that parsed, in served order
     * @param leafIndex the served certificate taken as the leaf
     * @param path      the path from the leaf upwards
     * @param aia       every AIA URL tried, and what came of it
     * @param now       the time validity is judged at
     * @param hostname  the name to check, or {@code null}
     */
    record Built(List<X509Certificate> served, int leafIndex, List<Node> path, List<AiaFetch> aia, Instant now,
            String hostname, SignatureChecks checks) {

        Built {
            served = List.copyOf(served);
            path = List.copyOf(path);
            aia = List.copyOf(aia);
        }

        /** The AIA URLs that gave nothing usable, described. */
        List<String> aiaErrors() {
            return aia.stream().filter(f -> !f.outcome().equals(AiaFetch.FETCHED)).map(AiaFetch::describe).toList();
        }

        /** Whether the path ends at a trust anchor. */
        boolean trusted() {
            return path.get(path.size() - 1).anchor();
        }

        /** Whether {@code c} is on the path. */
        boolean onPath(X509Certificate c) {
            for (Node n : path) {
                if (Certificates.sameCertificate(n.cert(), c)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the served certificate at {@code servedIndex} is on the path as served. */
        boolean servedOnPath(int servedIndex) {
            for (Node n : path) {
                if (n.source() == Source.SERVED && n.servedIndex() == servedIndex) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a step came from outside what the server sent. */
        boolean usedOther() {
            return path.stream().anyMatch(n -> n.source() == Source.EXTRA || n.source() == Source.AIA);
        }

        /** Whether a step came from AIA. */
        boolean usedAia() {
            return path.stream().anyMatch(n -> n.source() == Source.AIA);
        }
    }

    private final TrustAnchors anchors;
    private final List<X509Certificate> extraIntermediates;
    private final IssuerFetcher aia;
    private final Executor executor;

    PathBuilder(TrustAnchors anchors, List<X509Certificate> extraIntermediates, IssuerFetcher aia, Executor executor) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        this.extraIntermediates = List.copyOf(extraIntermediates);
        this.aia = aia;
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Whether AIA fetching is on. */
    boolean fetchesAia() {
        return aia != null;
    }

    /** Builds the path of {@code served} (at least one certificate) within the budget of {@code checks}. */
    CompletableFuture<Built> build(List<X509Certificate> served, String hostname, Instant now, SignatureChecks checks) {
        State s = new State(served, findLeaf(served, checks), checks);
        return extend(s).thenApply(done -> new Built(served, s.leafIndex, s.path, s.aia, now, hostname, checks));
    }

    /** The mutable state of one build, confined to one thread at a time. */
    private static final class State {
        final List<X509Certificate> served;
        final int leafIndex;
        final List<Node> path = new ArrayList<>();
        final List<AiaFetch> aia = new ArrayList<>();
        final SignatureChecks checks;
        int aiaFetches;

        State(List<X509Certificate> served, int leafIndex, SignatureChecks checks) {
            this.served = served;
            this.leafIndex = leafIndex;
            this.checks = checks;
            path.add(new Node(served.get(leafIndex), Source.SERVED, leafIndex, false, null));
        }

        boolean onPath(X509Certificate c) {
            for (Node n : path) {
                if (Certificates.sameCertificate(n.cert(), c)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The served certificate that issued no other served certificate, preferring the first served. */
    static int findLeaf(List<X509Certificate> served, SignatureChecks checks) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < served.size(); i++) {
            boolean issuesOther = false;
            for (int j = 0; j < served.size() && !issuesOther; j++) {
                if (i != j && !Certificates.sameCertificate(served.get(i), served.get(j))
                        && checks.issued(served.get(i), served.get(j))) {
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
    private CompletableFuture<Void> extend(State b) {
        while (true) {
            Node lastNode = b.path.get(b.path.size() - 1);
            X509Certificate cur = lastNode.cert();
            if (anchors.contains(cur)) {
                b.path.set(b.path.size() - 1, new Node(cur, lastNode.source(), lastNode.servedIndex(), true,
                        lastNode.url()));
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
            if (b.checks.selfSigned(cur)) {
                return CompletableFuture.completedFuture(null);
            }
            Node next = null;
            for (int i = 0; i < b.served.size() && next == null; i++) {
                X509Certificate s = b.served.get(i);
                if (!b.onPath(s) && b.checks.issued(s, cur)) {
                    next = new Node(s, Source.SERVED, i, false, null);
                }
            }
            for (int i = 0; i < extraIntermediates.size() && next == null; i++) {
                X509Certificate s = extraIntermediates.get(i);
                if (!b.onPath(s) && b.checks.issued(s, cur)) {
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

    private CompletableFuture<Node> fetchIssuer(X509Certificate cur, List<URI> urls, int index, State b) {
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
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                b.aia.add(new AiaFetch(url.toString(), cause instanceof AiaFetcher.AiaRefused ? AiaFetch.REFUSED
                        : AiaFetch.FAILED, String.valueOf(cause.getMessage())));
                return null;
            }
            for (X509Certificate c : certs) {
                if (!b.onPath(c) && b.checks.issued(c, cur)) {
                    b.aia.add(new AiaFetch(url.toString(), AiaFetch.FETCHED, null));
                    return new Node(c, Source.AIA, -1, false, url.toString());
                }
            }
            b.aia.add(new AiaFetch(url.toString(), AiaFetch.NO_ISSUER, "no certificate there issued '"
                    + Certificates.dn(cur.getSubjectX500Principal()) + "'"));
            return null;
        }, executor).thenCompose(node -> node != null ? CompletableFuture.completedFuture(node)
                : fetchIssuer(cur, urls, index + 1, b));
    }
}
