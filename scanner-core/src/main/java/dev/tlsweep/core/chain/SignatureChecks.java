package dev.tlsweep.core.chain;

import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The signature checks of one chain analysis, remembered and bounded. Which served certificate issued
 * which is a question asked many times while finding the leaf, building the path, judging it and
 * reproducing OpenSSL's verdict; each answer is computed once. A server can make each answer expensive
 * (dozens of certificates with the same name and huge RSA exponents: the "chain bomb"), so the analysis
 * has a budget of checks and a deadline; past either, every further check answers "no" and the analysis
 * says it was cut short ({@link #limit()}). Confined to the thread running the analysis at a time.
 */
final class SignatureChecks {

    /** Signature verifications one chain analysis may make. */
    static final int DEFAULT_BUDGET = 1_000;
    /** How long one chain analysis may spend verifying signatures. */
    static final long DEFAULT_DEADLINE_NANOS = 10_000_000_000L;

    private final int budget;
    private final long deadline;
    private final Map<X509Certificate, Map<X509Certificate, Boolean>> issued = new IdentityHashMap<>();
    private final Map<X509Certificate, Boolean> selfSigned = new IdentityHashMap<>();
    private int used;
    private String limit;

    SignatureChecks(int budget, long deadlineNanos) {
        this.budget = budget;
        this.deadline = System.nanoTime() + deadlineNanos;
    }

    /** The default budget and deadline, starting now. */
    static SignatureChecks standard() {
        return new SignatureChecks(DEFAULT_BUDGET, DEFAULT_DEADLINE_NANOS);
    }

    /** Whether {@code issuer} has {@code cert}'s issuer name as subject and its key verifies {@code cert}. */
    boolean issued(X509Certificate issuer, X509Certificate cert) {
        if (!issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        Map<X509Certificate, Boolean> byCert = issued.computeIfAbsent(issuer, k -> new IdentityHashMap<>());
        Boolean known = byCert.get(cert);
        if (known == null) {
            known = spend() && Certificates.verifies(issuer.getPublicKey(), cert);
            byCert.put(cert, known);
        }
        return known;
    }

    /** Whether issuer equals subject and the certificate's own key verifies its signature. */
    boolean selfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        Boolean known = selfSigned.get(cert);
        if (known == null) {
            known = spend() && Certificates.verifies(cert.getPublicKey(), cert);
            selfSigned.put(cert, known);
        }
        return known;
    }

    /** The verifications made so far. */
    int used() {
        return used;
    }

    /** Why the analysis was cut short, or {@code null} when every check was made. */
    String limit() {
        return limit;
    }

    private boolean spend() {
        if (limit != null) {
            return false;
        }
        if (used >= budget) {
            limit = "more than " + budget + " signature checks needed";
        } else if (System.nanoTime() - deadline > 0) {
            limit = "signature checks took longer than " + DEFAULT_DEADLINE_NANOS / 1_000_000_000L + " s";
        }
        if (limit != null) {
            return false;
        }
        used++;
        return true;
    }
}
