package dev.tlsweep.core.policy;

import dev.tlsweep.core.registry.NamedGroup;
import dev.tlsweep.core.registry.NamedGroups;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.registry.SignatureScheme;
import dev.tlsweep.core.registry.SignatureSchemes;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.Checks;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.KeyExchangeParams;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.report.SupportedGroup;
import dev.tlsweep.core.report.SupportedSignatureAlgorithm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The findings of the key-exchange groups, signature algorithms and checks of a report, whatever policy was chosen:
 * weak finite-field groups and small curves, SHA-1 and MD5 signatures, and every vulnerable or missing behaviour the
 * checks found. Pure; only completed results raise findings (a check that could not finish claims nothing). The codes
 * are documented in docs/FINDINGS.md.
 */
public final class DepthFindings {

    /** Below this many seconds an HSTS max-age is short: 180 days. */
    static final long SHORT_HSTS_SECONDS = 180L * 24 * 3600;

    private static final Pattern VERSION_IN_SERVER = Pattern.compile(".*[/ ]v?\\d+(\\.\\d+)+.*");

    private DepthFindings() {
    }

    /** The findings of {@code report}'s groups, signature algorithms and checks. */
    public static List<Finding> judge(EndpointReport report) {
        List<Finding> out = new ArrayList<>();
        groups(report.protocols(), out);
        signatures(report.protocols(), out);
        checks(report.checks(), out);
        return out;
    }

    // ---- groups ----

    private static void groups(List<ProtocolReport> protocols, List<Finding> out) {
        Map<String, Integer> weakDh = new LinkedHashMap<>();
        Map<String, Integer> smallCurves = new LinkedHashMap<>();
        for (ProtocolReport p : protocols) {
            if (!p.accepted()) {
                continue;
            }
            for (AcceptedSuite a : p.suites()) {
                KeyExchangeParams kx = a.keyExchange();
                if (kx != null) {
                    classify(kx.group(), kx.bits(), weakDh, smallCurves);
                }
            }
            if (p.groups() != null && p.groups().run().completed()) {
                for (SupportedGroup g : p.groups().accepted()) {
                    classify(g.name(), g.bits(), weakDh, smallCurves);
                }
            }
        }
        if (!weakDh.isEmpty()) {
            int smallest = weakDh.values().stream().min(Integer::compare).orElse(0);
            out.add(new Finding(FindingCode.WEAK_DH, smallest < 1024 ? Severity.HIGH : Severity.MEDIUM,
                    "DHE suites use finite-field groups below 2048 bits: " + describe(weakDh),
                    "Use an RFC 7919 group of at least 2048 bits (ffdhe2048), or drop the DHE suites for ECDHE",
                    List.copyOf(weakDh.keySet())));
        }
        if (!smallCurves.isEmpty()) {
            int smallest = smallCurves.values().stream().min(Integer::compare).orElse(0);
            out.add(new Finding(FindingCode.SMALL_ECDHE_GROUP, smallest < 224 ? Severity.HIGH : Severity.MEDIUM,
                    "Curves below 256 bits are accepted for ECDHE: " + describe(smallCurves),
                    "Accept only x25519, secp256r1 and larger curves", List.copyOf(smallCurves.keySet())));
        }
    }

    private static void classify(String name, int bits, Map<String, Integer> weakDh, Map<String, Integer> small) {
        Optional<NamedGroup> named = NamedGroups.byName(name);
        boolean finiteField = named.map(g -> g.kind() == NamedGroup.Kind.FFDHE).orElse(true) && !name.equals("rsa-export");
        if (named.isPresent() && named.get().kind() == NamedGroup.Kind.EC) {
            if (bits > 0 && bits < 256) {
                small.putIfAbsent(name, bits);
            }
        } else if (finiteField && bits > 0 && bits < 2048) {
            weakDh.putIfAbsent(name.equals("dh") ? "dh" + bits : name, bits);
        }
    }

    private static String describe(Map<String, Integer> groups) {
        List<String> out = new ArrayList<>();
        groups.forEach((name, bits) -> out.add(name + " (" + bits + " bits)"));
        return String.join(", ", out);
    }

    // ---- signature algorithms ----

    private static void signatures(List<ProtocolReport> protocols, List<Finding> out) {
        Set<String> weak = new LinkedHashSet<>();
        boolean md5 = false;
        Set<String> pkcs1In13 = new LinkedHashSet<>();
        for (ProtocolReport p : protocols) {
            if (p.signatureAlgorithms() == null || !p.signatureAlgorithms().run().completed()) {
                continue;
            }
            for (SupportedSignatureAlgorithm s : p.signatureAlgorithms().accepted()) {
                Optional<SignatureScheme> scheme = SignatureSchemes.byCode(s.code());
                if (p.version() == ProtocolVersion.TLSv1_3) {
                    if (scheme.map(x -> x.algorithm() == SignatureScheme.Algorithm.RSA_PKCS1).orElse(false)) {
                        pkcs1In13.add(s.name());
                    }
                } else if (scheme.map(SignatureScheme::weakHash).orElse(false)) {
                    weak.add(s.name());
                    md5 |= scheme.get().hash() == SignatureScheme.Hash.MD5;
                }
            }
        }
        if (!weak.isEmpty()) {
            // MD5: transcript collisions are practical (SLOTH, CVE-2015-7575); SHA-1 only for a client offering nothing else
            out.add(new Finding(FindingCode.WEAK_SIGNATURE_ALGORITHM, md5 ? Severity.HIGH : Severity.LOW,
                    "At TLS 1.2 the server signs its key exchange with " + String.join(", ", weak)
                            + " when a client offers it",
                    "Remove the SHA-1 and MD5 signature algorithms from the server's list", List.copyOf(weak)));
        }
        if (!pkcs1In13.isEmpty()) {
            out.add(new Finding(FindingCode.RSA_PKCS1_IN_TLS13, Severity.MEDIUM, "The server signs the TLS 1.3"
                    + " CertificateVerify with " + String.join(", ", pkcs1In13) + ", which RFC 8446 forbids there",
                    "Update the TLS stack: TLS 1.3 handshake signatures use RSA-PSS", List.copyOf(pkcs1In13)));
        }
    }

    // ---- checks ----

    private static void checks(Checks checks, List<Finding> out) {
        flag(checks, Check.HEARTBLEED, true).ifPresent(f -> out.add(new Finding(FindingCode.HEARTBLEED,
                Severity.CRITICAL, "The server answers a heartbeat request claiming 16,384 bytes of payload and carrying"
                        + " none with a response that long: its memory leaks (Heartbleed, CVE-2014-0160)",
                "Update OpenSSL, restart every process using it, then replace the key and certificate and revoke the"
                        + " old one")));
        flag(checks, Check.CCS_INJECTION, true).ifPresent(f -> out.add(new Finding(FindingCode.CCS_INJECTION,
                Severity.HIGH, "The server accepts a ChangeCipherSpec before the key exchange (CCS injection,"
                        + " CVE-2014-0224)", "Update OpenSSL (0.9.8za, 1.0.0m, 1.0.1h and later)")));
        checks.get(Check.ROBOT).filter(r -> r.run().completed() && r instanceof CheckResult.Robot robot
                && Boolean.TRUE.equals(robot.vulnerable())).ifPresent(r -> {
                    String oracle = ((CheckResult.Robot) r).oracle();
                    out.add(new Finding(FindingCode.ROBOT, "weak".equals(oracle) ? Severity.MEDIUM : Severity.HIGH,
                            "The server's reactions to RSA key exchanges are a " + oracle + " Bleichenbacher oracle"
                                    + " (ROBOT): " + r.note(),
                            "Disable the RSA key-exchange suites (TLS_RSA_*), and update the TLS stack or load"
                                    + " balancer"));
                });
        flag(checks, Check.COMPRESSION, true).ifPresent(f -> out.add(new Finding(FindingCode.TLS_COMPRESSION,
                Severity.HIGH, "The server compresses TLS records with DEFLATE when a client offers it (CRIME)",
                "Disable TLS compression")));
        flag(checks, Check.SECURE_RENEGOTIATION, false).ifPresent(f -> out.add(new Finding(
                FindingCode.NO_SECURE_RENEGOTIATION, Severity.MEDIUM, "The server does not answer renegotiation_info"
                        + " (RFC 5746)", "Update the TLS stack to one that implements RFC 5746")));
        checks.get(Check.CLIENT_RENEGOTIATION).filter(r -> r.run().completed() && r instanceof CheckResult.Renegotiation x
                && Boolean.TRUE.equals(x.allowed())).ifPresent(r -> {
                    boolean secure = Boolean.TRUE.equals(((CheckResult.Renegotiation) r).secure());
                    out.add(secure
                            ? new Finding(FindingCode.CLIENT_RENEGOTIATION, Severity.LOW, "The server renegotiates at"
                                    + " a client's request (a denial-of-service lever)",
                                    "Disable client-initiated renegotiation")
                            : new Finding(FindingCode.INSECURE_RENEGOTIATION, Severity.HIGH, "The server renegotiates"
                                    + " at a client's request without RFC 5746 (CVE-2009-3555)",
                                    "Disable renegotiation, or update the TLS stack to one that implements RFC 5746"));
                });
        flag(checks, Check.FALLBACK_SCSV, false).ifPresent(f -> out.add(new Finding(FindingCode.NO_FALLBACK_SCSV,
                Severity.LOW, "The server negotiated a lower version to a hello carrying TLS_FALLBACK_SCSV (" + f.note()
                        + ")", "Update the TLS stack to one that implements RFC 7507")));
        flag(checks, Check.EXTENDED_MASTER_SECRET, false).ifPresent(f -> out.add(new Finding(
                FindingCode.NO_EXTENDED_MASTER_SECRET, Severity.LOW, "The server does not answer"
                        + " extended_master_secret (RFC 7627)", "Update the TLS stack to one that implements RFC 7627")));
        checks.get(Check.EARLY_DATA).filter(r -> r.run().completed() && r instanceof CheckResult.EarlyData e
                && Boolean.TRUE.equals(e.supported())).ifPresent(r -> out.add(new Finding(FindingCode.EARLY_DATA_ACCEPTED,
                        Severity.LOW, "The server's TLS 1.3 tickets allow " + ((CheckResult.EarlyData) r)
                                .maxEarlyDataSize() + " bytes of early data (0-RTT), which can be replayed",
                        "Make sure only idempotent requests may use early data, or disable it")));
        checks.get(Check.VERSION_INTOLERANCE).filter(r -> r.run().completed() && r instanceof CheckResult.Flag x
                && Boolean.TRUE.equals(x.value()) && x.detail() != null && x.detail().contains("unknown-version"))
                .ifPresent(r -> out.add(new Finding(FindingCode.VERSION_INTOLERANCE, Severity.MEDIUM, r.note(),
                        "Update the TLS stack (or the middlebox in front of it): unknown versions must be ignored")));
        checks.get(Check.LARGE_CLIENT_HELLO).filter(r -> r.run().completed() && r instanceof CheckResult.Flag x
                && Boolean.TRUE.equals(x.value())).ifPresent(r -> {
                    boolean size = "size".equals(((CheckResult.Flag) r).detail());
                    out.add(size
                            ? new Finding(FindingCode.HELLO_SIZE_INTOLERANCE, Severity.MEDIUM, r.note(),
                                    "Update the server or the middlebox in front of it that reads only the first segment"
                                            + " of a ClientHello")
                            : new Finding(FindingCode.PQ_KEY_SHARE_INTOLERANCE, Severity.MEDIUM, r.note(),
                                    "Update the TLS stack so that unknown groups in key_share are ignored"));
                });
        checks.get(Check.SUITE_SELECTION).filter(r -> r.run().completed() && r instanceof CheckResult.SuiteSelection x
                && Boolean.TRUE.equals(x.wrongVersion())).ifPresent(r -> out.add(new Finding(
                        FindingCode.SUITE_VERSION_MISMATCH, Severity.MEDIUM, r.note(),
                        "Update the TLS stack: a server must only pick suites defined for the negotiated version",
                        ((CheckResult.SuiteSelection) r).suites())));
        checks.get(Check.HSTS).filter(r -> r.run().completed() && r instanceof CheckResult.Hsts).ifPresent(r -> {
            CheckResult.Hsts h = (CheckResult.Hsts) r;
            if (h.header() == null) {
                out.add(new Finding(FindingCode.NO_HSTS, Severity.LOW, "The HTTPS endpoint sends no"
                        + " Strict-Transport-Security header", "Send Strict-Transport-Security: max-age=63072000;"
                        + " includeSubDomains"));
            } else if (h.maxAge() < SHORT_HSTS_SECONDS) {
                out.add(new Finding(FindingCode.HSTS_SHORT_MAX_AGE, Severity.LOW, "Strict-Transport-Security max-age is "
                        + (h.maxAge() < 0 ? "missing or invalid" : h.maxAge() + " seconds") + " ('" + h.header() + "')",
                        "Send Strict-Transport-Security with max-age=63072000 (two years)"));
            }
        });
        checks.get(Check.SERVER_HEADER).filter(r -> r.run().completed() && r instanceof CheckResult.Text t
                && t.value() != null && VERSION_IN_SERVER.matcher(t.value()).matches()).ifPresent(r -> out.add(
                        new Finding(FindingCode.SERVER_VERSION_DISCLOSED, Severity.INFO, "The HTTP Server header is '"
                                + ((CheckResult.Text) r).value() + "'", "Send a Server header without a version")));
    }

    /** The completed flag result of {@code check} when its value is {@code expected}. */
    private static Optional<CheckResult> flag(Checks checks, Check check, boolean expected) {
        return checks.get(check).filter(r -> r.run().completed() && r instanceof CheckResult.Flag f
                && Boolean.valueOf(expected).equals(f.value()));
    }
}
