package dev.tlsweep.core.chain;

import dev.tlsweep.core.report.OpenSslVerdict;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reproduces which error OpenSSL 3's {@code X509_verify_cert} reports first for a served chain
 * checked against a set of anchors, with no AIA and no other intermediates (what {@code openssl
 * verify -CAfile ANCHORS -untrusted REST FIRST} and {@code openssl s_client -verify_return_error}
 * print).
 *
 * <p>The order follows {@code crypto/x509/x509_vfy.c}: {@code build_chain} first (trusted store
 * first, then the untrusted certificates; errors 18, 19, 2, 20), then {@code check_id} (62 for a
 * DNS name, 64 for an IP address), then {@code internal_verify}, which walks the chain from the
 * top (the anchor) down to depth 0 checking each certificate's notBefore (9) then notAfter (10).
 * Not modelled: the security level's key and digest checks (66, 67, 68; {@code openssl verify}
 * does not apply them unless given {@code -auth_level}), purpose, policy and name constraints.
 */
final class OpenSslVerifier {

    private static final int MAX_DEPTH = 100;

    private OpenSslVerifier() {
    }

    /** {@code served} in the order served; the first is the certificate OpenSSL verifies. */
    static OpenSslVerdict verify(List<X509Certificate> served, TrustAnchors anchors, String hostname, Instant now) {
        return verify(served, anchors, hostname, now, SignatureChecks.standard());
    }

    /** As above, with the signature checks of an analysis (remembered and bounded). */
    static OpenSslVerdict verify(List<X509Certificate> served, TrustAnchors anchors, String hostname, Instant now,
            SignatureChecks checks) {
        if (served.isEmpty()) {
            return OpenSslVerdict.of(OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0);
        }
        List<X509Certificate> untrusted = new ArrayList<>(served.subList(1, served.size()));
        List<X509Certificate> chain = new ArrayList<>();
        X509Certificate current = served.get(0);
        chain.add(current);
        boolean trusted = false;
        boolean lastFromStore = false;
        if (anchors.contains(current) && checks.selfSigned(current)) {
            trusted = true;
        }
        while (!trusted && chain.size() <= MAX_DEPTH) {
            if (checks.selfSigned(current)) {
                break;
            }
            X509Certificate issuer = anchors.issuerOf(current);
            if (issuer != null) {
                chain.add(issuer);
                current = issuer;
                lastFromStore = true;
                if (checks.selfSigned(issuer)) {
                    trusted = true;
                }
                continue;
            }
            X509Certificate next = null;
            for (X509Certificate u : untrusted) {
                if (checks.issued(u, current) && !chain.contains(u)) {
                    next = u;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            untrusted.remove(next);
            chain.add(next);
            current = next;
            lastFromStore = false;
        }
        int num = chain.size();
        if (!trusted) {
            boolean selfSigned = checks.selfSigned(current);
            if (selfSigned && num == 1) {
                return OpenSslVerdict.of(OpenSslVerdict.DEPTH_ZERO_SELF_SIGNED_CERT, 0);
            }
            if (selfSigned) {
                return OpenSslVerdict.of(OpenSslVerdict.SELF_SIGNED_CERT_IN_CHAIN, num - 1);
            }
            if (lastFromStore) {
                return OpenSslVerdict.of(OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT, num - 1);
            }
            return OpenSslVerdict.of(OpenSslVerdict.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, num - 1);
        }
        if (hostname != null) {
            X509Certificate leaf = chain.get(0);
            if (!HostnameMatcher.opensslMatches(leaf, hostname)) {
                return OpenSslVerdict.of(HostnameMatcher.isIp(hostname)
                        ? OpenSslVerdict.IP_ADDRESS_MISMATCH : OpenSslVerdict.HOSTNAME_MISMATCH, 0);
            }
        }
        for (int depth = num - 1; depth >= 0; depth--) {
            X509Certificate c = chain.get(depth);
            if (c.getNotBefore().toInstant().isAfter(now)) {
                return OpenSslVerdict.of(OpenSslVerdict.CERT_NOT_YET_VALID, depth);
            }
            if (c.getNotAfter().toInstant().isBefore(now)) {
                return OpenSslVerdict.of(OpenSslVerdict.CERT_HAS_EXPIRED, depth);
            }
        }
        return OpenSslVerdict.of(OpenSslVerdict.OK, 0);
    }
}
