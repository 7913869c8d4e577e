package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.OpenSslVerdict;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Judges a served certificate chain: parses it, has {@link PathBuilder} find the leaf and build the path
 * to a trust anchor (served certificates first, then the extra intermediates, then AIA caIssuers), and
 * applies {@link ChainRules} (order, completeness, extras, trust, names, validity, keys, signatures), with
 * OpenSSL's verdict on the chain as served and the corrected chain.
 *
 * <p>Threads: {@link #analyze} parses and judges on the calling thread, which must not be an
 * event loop. When an AIA fetch is needed, the rest of the work continues on the executor given
 * to the constructor (by default the common fork-join pool), never on the fetcher's event loop.
 * Stateless and thread-safe: one instance serves every endpoint.
 */
public final class ChainAnalyzer {

    /**
     * The most served certificates analysed: real chains have two to five; beyond this a server wastes every
     * client's time (and could make the analysis quadratic), and the rest is not looked at.
     */
    public static final int MAX_CERTIFICATES = 20;

    private final TrustAnchors anchors;
    private final PathBuilder paths;
    private final ChainPolicy policy;
    private final Clock clock;

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
        this.paths = new PathBuilder(anchors, Objects.requireNonNull(extraIntermediates, "extraIntermediates"), aia,
                executor);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
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
            if (servedDer.size() > MAX_CERTIFICATES) {
                parseFindings.add(ChainFindings.tooLong(servedDer.size(), MAX_CERTIFICATES));
            }
            for (int i = 0; i < Math.min(servedDer.size(), MAX_CERTIFICATES); i++) {
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
            SignatureChecks checks = SignatureChecks.standard();
            return paths.build(served, hostname, clock.instant(), checks).thenApply(b -> finish(b, parseFindings));
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

    private ChainReport finish(PathBuilder.Built b, List<Finding> parseFindings) {
        List<CertificateInfo> servedInfo = new ArrayList<>();
        for (X509Certificate c : b.served()) {
            servedInfo.add(Certificates.info(c, clock));
        }
        List<CertificateInfo> pathInfo = new ArrayList<>();
        for (PathBuilder.Node n : b.path()) {
            pathInfo.add(Certificates.info(n.cert(), clock));
        }
        boolean trusted = b.trusted();
        boolean complete = trusted && !b.usedOther();
        boolean aiaFixable = trusted && b.usedAia();
        OpenSslVerdict verdict = OpenSslVerifier.verify(b.served(), anchors, b.hostname(), b.now(), b.checks());
        List<Finding> findings = new ArrayList<>(parseFindings);
        findings.addAll(ChainRules.all(new ChainRules.Input(b, servedInfo, pathInfo, verdict, policy,
                paths.fetchesAia())));
        String limited = b.checks().limit();
        if (limited != null) {
            findings.add(ChainFindings.analysisLimited(limited));
        }
        return new ChainReport(servedInfo, pathInfo, complete, trusted, aiaFixable, ChainRules.hostnameValid(b),
                verdict, findings, ChainRules.fixedChain(b), limited, b.aia());
    }
}
