package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.Finding;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The analysis of one served chain.
 *
 * @param served        the certificates as served, in the order served (unparseable ones left out)
 * @param path          the path as built, leaf first, up to and including the trust anchor when found
 * @param complete      the served certificates alone reach a trust anchor (or the last one's issuer is one)
 * @param trusted       a path to an anchor exists with the served certificates, the extra
 *                      intermediates and AIA
 * @param aiaFixable    not complete, but certificates fetched through AIA complete the path
 * @param hostnameValid the leaf covers the hostname by browser rules (true when no hostname was checked)
 * @param openssl       what OpenSSL says of the served chain as is, against the same anchors
 * @param findings      the problems, each with a stable code
 * @param fixedChain    leaf then each issuer, no self-signed root: what to serve; null when no path
 *                      to an anchor could be built
 */
public record ChainReport(List<CertificateInfo> served, List<CertificateInfo> path, boolean complete,
        boolean trusted, boolean aiaFixable, boolean hostnameValid, OpenSslVerdict openssl, List<Finding> findings,
        List<X509Certificate> fixedChain) {

    /** Copies the lists. */
    public ChainReport {
        served = List.copyOf(served);
        path = List.copyOf(path);
        Objects.requireNonNull(openssl, "openssl");
        findings = List.copyOf(findings);
        fixedChain = fixedChain == null ? null : List.copyOf(fixedChain);
    }

    /** The finding codes, in order. */
    public List<String> findingCodes() {
        return findings.stream().map(Finding::code).toList();
    }
}
