package dev.tlsweep.core.policy;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.Flag;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The judgements every scan makes, whatever policy the user chose: obsolete protocol versions, broken
 * or weak cipher suites, and missing TLS 1.3 or forward secrecy. Pure; the codes are listed in
 * docs/FINDINGS.md.
 */
public final class BaselineFindings {

    private BaselineFindings() {
    }

    /**
     * The findings for an endpoint's protocol reports. Claims of absence (no version, no TLS 1.3, no
     * forward secrecy) are made only from versions whose probes completed; each incomplete version gets
     * its own {@code ENUMERATION_INCOMPLETE}.
     */
    public static List<Finding> judge(List<ProtocolReport> protocols) {
        List<Finding> out = new ArrayList<>();
        boolean allCompleted = true;
        for (ProtocolReport p : protocols) {
            if (!p.run().completed()) {
                allCompleted = false;
                out.add(new Finding(FindingCode.ENUMERATION_INCOMPLETE, Severity.MEDIUM,
                        p.version().label() + " could not be probed to the end, so "
                                + (p.accepted() ? "its suite list may be incomplete" : "whether it is accepted is unknown")
                                + ": " + p.run().error(),
                        "Scan again with fewer connections (--per-endpoint, --per-ip) or a --rate limit, or from a"
                                + " network the endpoint does not throttle",
                        List.of(p.version().label())));
            }
        }
        boolean anyAccepted = protocols.stream().anyMatch(ProtocolReport::accepted);
        if (!anyAccepted) {
            if (allCompleted) {
                out.add(new Finding(FindingCode.NO_PROTOCOL_ACCEPTED, Severity.HIGH,
                        "The server refused every protocol version and cipher suite offered",
                        "Check that the endpoint is meant to serve TLS and that its TLS configuration loads"));
            }
            return out;
        }
        version(out, protocols, ProtocolVersion.SSLv2, FindingCode.PROTOCOL_SSLV2, Severity.CRITICAL,
                "SSLv2 is accepted: it is broken (DROWN) and no current client uses it");
        version(out, protocols, ProtocolVersion.SSLv3, FindingCode.PROTOCOL_SSLV3, Severity.HIGH,
                "SSLv3 is accepted: it is broken (POODLE) and no current client uses it");
        version(out, protocols, ProtocolVersion.TLSv1_0, FindingCode.PROTOCOL_TLS10, Severity.MEDIUM,
                "TLS 1.0 is accepted: deprecated by RFC 8996, refused by current browsers and PCI DSS");
        version(out, protocols, ProtocolVersion.TLSv1_1, FindingCode.PROTOCOL_TLS11, Severity.MEDIUM,
                "TLS 1.1 is accepted: deprecated by RFC 8996, refused by current browsers");
        if (protocols.stream().anyMatch(p -> p.version() == ProtocolVersion.TLSv1_3 && p.refused())) {
            out.add(new Finding(FindingCode.NO_TLS13, Severity.LOW, "TLS 1.3 is not supported",
                    "Enable TLS 1.3 (OpenSSL 1.1.1+, and every current load-balancer policy offers it)"));
        }
        suites(out, protocols, s -> s.has(Flag.NULL_CIPHER), FindingCode.CIPHER_NULL, Severity.CRITICAL,
                "Suites without encryption (NULL) are accepted");
        suites(out, protocols, s -> s.has(Flag.ANONYMOUS), FindingCode.CIPHER_ANONYMOUS, Severity.HIGH,
                "Anonymous suites (no server authentication, open to man-in-the-middle) are accepted");
        suites(out, protocols, s -> s.has(Flag.EXPORT), FindingCode.CIPHER_EXPORT, Severity.CRITICAL,
                "Export-grade suites (40/56-bit, FREAK and Logjam) are accepted");
        suites(out, protocols, s -> s.has(Flag.RC4), FindingCode.CIPHER_RC4, Severity.HIGH,
                "RC4 suites are accepted (RFC 7465 prohibits them)");
        suites(out, protocols, s -> s.has(Flag.DES) && !s.has(Flag.EXPORT),
                FindingCode.CIPHER_DES, Severity.HIGH, "Single-DES suites (56-bit) are accepted");
        suites(out, protocols, s -> s.has(Flag.TRIPLE_DES), FindingCode.CIPHER_3DES, Severity.MEDIUM,
                "3DES suites are accepted: a 64-bit block cipher open to SWEET32 (CVE-2016-2183)");
        List<CipherSuite> accepted = protocols.stream().flatMap(p -> p.suites().stream())
                .map(AcceptedSuite::suite).toList();
        boolean anyFs = accepted.stream().anyMatch(s -> s.has(Flag.FORWARD_SECRECY));
        if (!accepted.isEmpty() && !anyFs && allCompleted) {
            out.add(new Finding(FindingCode.NO_FORWARD_SECRECY, Severity.HIGH,
                    "No accepted suite has forward secrecy: recorded traffic can be decrypted with the server's key",
                    "Enable ECDHE suites (e.g. ECDHE-RSA-AES128-GCM-SHA256) and prefer them"));
        } else {
            suites(out, protocols, s -> !s.has(Flag.FORWARD_SECRECY) && !s.has(Flag.SCSV),
                    FindingCode.CIPHER_NO_FORWARD_SECRECY, Severity.LOW, "Suites without forward secrecy are accepted");
        }
        return out;
    }

    private static boolean accepts(List<ProtocolReport> protocols, ProtocolVersion v) {
        return protocols.stream().anyMatch(p -> p.version() == v && p.accepted());
    }

    private static void version(List<Finding> out, List<ProtocolReport> protocols, ProtocolVersion v, FindingCode code,
            Severity severity, String message) {
        if (accepts(protocols, v)) {
            out.add(new Finding(code, severity, message, "Disable " + v.label() + " in the server's TLS configuration",
                    List.of(v.label())));
        }
    }

    private static void suites(List<Finding> out, List<ProtocolReport> protocols, Predicate<CipherSuite> bad,
            FindingCode code, Severity severity, String message) {
        Set<String> names = new LinkedHashSet<>();
        for (ProtocolReport p : protocols) {
            for (AcceptedSuite a : p.suites()) {
                if (bad.test(a.suite())) {
                    names.add(a.suite().ianaName());
                }
            }
        }
        if (!names.isEmpty()) {
            out.add(new Finding(code, severity, message + ": " + String.join(", ", names),
                    "Remove them from the server's cipher list", List.copyOf(names)));
        }
    }
}
