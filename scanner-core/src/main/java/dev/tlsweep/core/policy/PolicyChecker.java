package dev.tlsweep.core.policy;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.Deviation.Kind;
import dev.tlsweep.core.report.Deviation;
import dev.tlsweep.core.report.KeyExchangeParams;
import dev.tlsweep.core.report.PolicyResult;
import dev.tlsweep.core.report.ProtocolReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Judges an endpoint's protocol reports against a {@link PolicyProfile}. Pure.
 *
 * <p>Semantics: what the endpoint accepts beyond the policy always fails (as sslyze's Mozilla check
 * does). What the policy enables and the endpoint does not is a failing deviation for load-balancer
 * policies (they serve exactly their list) and an advisory one for Mozilla's configurations (which
 * list what to enable). Versions that were not probed are not compared. Missing suites are only
 * reported for versions the endpoint accepts, so a missing version is not reported twice.
 */
public final class PolicyChecker {

    /** OpenSSL reports 253 bits for X25519; allow for it as sslyze does. */
    private static final int ECDH_SLACK = 3;

    private PolicyChecker() {
    }

    /**
     * Checks one endpoint against one policy.
     *
     * @param leaves the leaf of every analysed chain (empty: the certificate rules are not checked)
     */
    public static PolicyResult check(PolicyProfile policy, List<ProtocolReport> protocols,
            List<CertificateInfo> leaves) {
        List<Deviation> out = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        // Only versions whose probes completed can be missing: an incomplete one is unknown, not refused.
        Set<ProtocolVersion> probed = EnumSet.noneOf(ProtocolVersion.class);
        Set<ProtocolVersion> incomplete = EnumSet.noneOf(ProtocolVersion.class);
        Set<ProtocolVersion> accepted = EnumSet.noneOf(ProtocolVersion.class);
        Set<CipherSuite> suites = new LinkedHashSet<>();
        Set<CipherSuite> tls13 = new LinkedHashSet<>();
        for (ProtocolReport p : protocols) {
            if (p.run().completed()) {
                probed.add(p.version());
            } else {
                incomplete.add(p.version());
            }
            if (p.accepted()) {
                accepted.add(p.version());
            }
            for (AcceptedSuite a : p.suites()) {
                if (p.version() == ProtocolVersion.TLSv1_3) {
                    tls13.add(a.suite());
                } else if (p.version() != ProtocolVersion.SSLv2) {
                    suites.add(a.suite());
                }
            }
        }
        boolean missingFails = policy.exact();
        String advisory = missingFails ? "" : " (advisory: the policy enables it, the server does not)";

        Set<ProtocolVersion> extraVersions = EnumSet.copyOf(accepted);
        extraVersions.removeAll(policy.versions());
        add(out, Kind.EXTRA_VERSION, true, labels(extraVersions), "versions accepted that the policy does not enable");
        Set<ProtocolVersion> missingVersions = EnumSet.noneOf(ProtocolVersion.class);
        for (ProtocolVersion v : policy.versions()) {
            if (probed.contains(v) && !accepted.contains(v)) {
                missingVersions.add(v);
            }
        }
        add(out, Kind.MISSING_VERSION, missingFails, labels(missingVersions),
                "versions the policy enables that the server refuses" + advisory);
        Set<ProtocolVersion> notProbed = EnumSet.copyOf(policy.versions());
        notProbed.removeAll(probed);
        notProbed.removeAll(incomplete);
        if (!notProbed.isEmpty()) {
            notChecked.add("versions not probed: " + String.join(", ", labels(notProbed)));
        }
        if (!incomplete.isEmpty()) {
            notChecked.add("versions whose probes did not complete (missing versions and suites not judged): "
                    + String.join(", ", labels(incomplete)));
        }

        boolean anyOld = accepted.stream().anyMatch(v -> v != ProtocolVersion.TLSv1_3 && v != ProtocolVersion.SSLv2);
        boolean oldComplete = incomplete.stream().noneMatch(v -> v != ProtocolVersion.TLSv1_3 && v != ProtocolVersion.SSLv2);
        boolean policyOld = policy.versions().stream().anyMatch(v -> v != ProtocolVersion.TLSv1_3);
        add(out, Kind.EXTRA_SUITE, true, names(minus(suites, policy.suites())),
                "TLS 1.0-1.2 suites accepted that the policy does not enable");
        if (anyOld && policyOld && oldComplete) {
            add(out, Kind.MISSING_SUITE, missingFails, names(minus(policy.suites(), suites)),
                    "TLS 1.0-1.2 suites the policy enables that the server refuses" + advisory);
        }
        add(out, Kind.EXTRA_TLS13_SUITE, true, names(minus(tls13, policy.tls13Suites())),
                "TLS 1.3 suites accepted that the policy does not enable");
        if (accepted.contains(ProtocolVersion.TLSv1_3) && probed.contains(ProtocolVersion.TLSv1_3)
                && policy.versions().contains(ProtocolVersion.TLSv1_3)) {
            add(out, Kind.MISSING_TLS13_SUITE, missingFails, names(minus(policy.tls13Suites(), tls13)),
                    "TLS 1.3 suites the policy enables that the server refuses" + advisory);
        }

        keyExchange(out, policy, protocols);
        if (policy.serverPreference()) {
            List<String> clientOrder = new ArrayList<>();
            for (ProtocolReport p : protocols) {
                if (p.accepted() && p.version() != ProtocolVersion.TLSv1_3 && Boolean.FALSE.equals(p.serverPreference())) {
                    clientOrder.add(p.version().label());
                }
            }
            add(out, Kind.NO_SERVER_PREFERENCE, true, clientOrder,
                    "the policy requires the server's cipher order, but the server follows the client's at");
        }
        certificate(out, notChecked, policy, leaves);
        out.sort(Comparator.comparing((Deviation d) -> !d.failing()));
        boolean compliant = out.stream().noneMatch(Deviation::failing);
        return new PolicyResult(policy.id(), compliant, out, notChecked);
    }

    private static void keyExchange(List<Deviation> out, PolicyProfile policy, List<ProtocolReport> protocols) {
        Set<String> smallDh = new LinkedHashSet<>();
        Set<String> smallEc = new LinkedHashSet<>();
        for (ProtocolReport p : protocols) {
            for (AcceptedSuite a : p.suites()) {
                KeyExchangeParams k = a.keyExchange();
                if (k == null || k.group().equals("rsa-export")) {
                    continue;
                }
                boolean finiteField = k.group().equals("dh") || k.group().startsWith("ffdhe");
                if (finiteField && policy.minDhBits() > 0 && k.bits() < policy.minDhBits()) {
                    smallDh.add(a.suite().ianaName() + " (" + k.bits() + " bits)");
                } else if (!finiteField && policy.minEcdhBits() > 0 && k.bits() + ECDH_SLACK < policy.minEcdhBits()) {
                    smallEc.add(a.suite().ianaName() + " (" + k.group() + ", " + k.bits() + " bits)");
                }
            }
        }
        add(out, Kind.DH_TOO_SMALL, true, List.copyOf(smallDh),
                "DH parameters smaller than the policy's " + policy.minDhBits() + " bits");
        add(out, Kind.ECDH_TOO_SMALL, true, List.copyOf(smallEc),
                "ECDH groups smaller than the policy's " + policy.minEcdhBits() + " bits");
    }

    private static void certificate(List<Deviation> out, List<String> notChecked, PolicyProfile policy,
            List<CertificateInfo> leaves) {
        boolean hasRules = policy.minRsaBits() > 0 || policy.maxLifetimeDays() > 0
                || !policy.certificateTypes().isEmpty() || !policy.certificateSignatures().isEmpty();
        if (!hasRules) {
            return;
        }
        if (leaves.isEmpty()) {
            notChecked.add("key size, certificate lifetime, certificate type and signature: "
                    + "no certificate analysed");
            return;
        }
        OptionalInt smallestRsa = leaves.stream().filter(l -> "RSA".equals(l.keyType()))
                .mapToInt(CertificateInfo::keyBits).min();
        long longest = leaves.stream().mapToLong(CertificateInfo::lifetimeDays).max().orElse(0);
        List<String> keys = leaves.stream().map(CertificateInfo::keyName).toList();
        List<String> signatures = leaves.stream().map(CertificateInfo::signatureOpenSslName).toList();
        if (policy.minRsaBits() > 0 && smallestRsa.isPresent() && smallestRsa.getAsInt() < policy.minRsaBits()) {
            add(out, Kind.RSA_KEY_TOO_SMALL, true, List.of("RSA " + smallestRsa.getAsInt()),
                    "a leaf RSA key is smaller than the policy's " + policy.minRsaBits() + " bits");
        }
        if (policy.maxLifetimeDays() > 0 && longest > policy.maxLifetimeDays()) {
            add(out, Kind.CERTIFICATE_LIFETIME, true, List.of(longest + " days"),
                    "the leaf certificate is valid longer than the policy's " + policy.maxLifetimeDays() + " days");
        }
        if (!policy.certificateTypes().isEmpty()
                && keys.stream().noneMatch(t -> policy.certificateTypes().contains(keyType(t)))) {
            add(out, Kind.CERTIFICATE_TYPE, true, keys,
                    "no leaf key is of a type the policy allows (" + String.join(", ", policy.certificateTypes()) + ")");
        }
        if (!policy.certificateSignatures().isEmpty() && signatures.stream().noneMatch(
                s -> policy.certificateSignatures().stream().anyMatch(s::equalsIgnoreCase))) {
            add(out, Kind.CERTIFICATE_SIGNATURE, true, signatures,
                    "no leaf is signed with an algorithm the policy allows");
        }
    }

    /** "RSA 2048" → rsa, "EC P-256" → ecdsa. */
    static String keyType(String leafKeyType) {
        String t = leafKeyType.toLowerCase(Locale.ROOT);
        return t.startsWith("rsa") ? "rsa" : t.startsWith("ec") ? "ecdsa" : t;
    }

    private static void add(List<Deviation> out, Kind kind, boolean failing, List<String> subjects, String message) {
        if (!subjects.isEmpty()) {
            out.add(new Deviation(kind, failing, subjects, message + ": " + String.join(", ", subjects)));
        }
    }

    private static List<CipherSuite> minus(java.util.Collection<CipherSuite> a, java.util.Collection<CipherSuite> b) {
        return a.stream().filter(s -> !b.contains(s)).toList();
    }

    private static List<String> names(List<CipherSuite> suites) {
        return suites.stream().map(CipherSuite::ianaName).toList();
    }

    private static List<String> labels(Set<ProtocolVersion> versions) {
        return versions.stream().map(ProtocolVersion::label).toList();
    }
}
