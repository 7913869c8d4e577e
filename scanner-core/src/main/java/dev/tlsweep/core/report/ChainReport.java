package dev.tlsweep.core.report;

import java.util.ArrayList;
import java.util.Collections;
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
 * @param fixedChain    the DER encodings of the leaf then each issuer, no self-signed root: what to serve;
 *                      {@code null} when no path to an anchor could be built (and in reports read back from
 *                      JSON, which does not carry it)
 * @param limited       why the analysis was cut short (the verdicts may then be wrong), or {@code null} when it
 *                      ran to the end
 * @param aia           every AIA caIssuers URL tried while building the path, and what came of it
 */
public record ChainReport(List<CertificateInfo> served, List<CertificateInfo> path, boolean complete,
        boolean trusted, boolean aiaFixable, boolean hostnameValid, OpenSslVerdict openssl, List<Finding> findings,
        List<byte[]> fixedChain, String limited, List<AiaFetch> aia) {

    /** An analysis that ran to the end without AIA. */
    public ChainReport(List<CertificateInfo> served, List<CertificateInfo> path, boolean complete, boolean trusted,
            boolean aiaFixable, boolean hostnameValid, OpenSslVerdict openssl, List<Finding> findings,
            List<byte[]> fixedChain) {
        this(served, path, complete, trusted, aiaFixable, hostnameValid, openssl, findings, fixedChain, null,
                List.of());
    }

    /** Copies the lists. */
    public ChainReport {
        served = List.copyOf(served);
        path = List.copyOf(path);
        Objects.requireNonNull(openssl, "openssl");
        findings = List.copyOf(findings);
        fixedChain = fixedChain == null ? null : copy(fixedChain);
        aia = List.copyOf(aia);
    }

    /** The fixed chain's DER encodings (copies), or {@code null}. */
    @Override
    public List<byte[]> fixedChain() {
        return fixedChain == null ? null : copy(fixedChain);
    }

    /**
     * The leaf: where the built path starts, else the first certificate served; {@code null} when no
     * certificate could be parsed. Policies, metrics and expected-certificate checks all read the leaf
     * from here.
     */
    public CertificateInfo leaf() {
        return !path.isEmpty() ? path.get(0) : served.isEmpty() ? null : served.get(0);
    }

    /**
     * What {@code openssl s_client} says at security level 2 (Debian's default), where {@link #openssl()} is
     * what {@code openssl verify -verify_hostname} says: they differ for weak keys and SHA-1 signatures.
     */
    public OpenSslVerdict opensslLevel2() {
        return OpenSslVerdict.atSecurityLevel2(openssl, trusted && complete ? path : served);
    }

    /** The finding codes, in order. */
    public List<String> findingCodes() {
        return findings.stream().map(Finding::code).toList();
    }

    private static List<byte[]> copy(List<byte[]> ders) {
        List<byte[]> out = new ArrayList<>(ders.size());
        for (byte[] der : ders) {
            out.add(Objects.requireNonNull(der, "fixedChain element").clone());
        }
        return Collections.unmodifiableList(out);
    }
}
