package dev.tlsweep.core.report;

import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Report records for offline tests: small, valid, built in one line. */
public final class Reports {

    /** A completed probe run. */
    public static final ProbeRun DONE = ProbeRun.completed(5, 2);

    private Reports() {
    }

    /** An endpoint that was scanned: {@code accepted} versions with one suite each, the others refused. */
    public static EndpointReport scanned(String target, List<ProtocolVersion> accepted, String... findingCodes) {
        List<ProtocolReport> protocols = new ArrayList<>();
        for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3)) {
            protocols.add(accepted.contains(v) ? accepted(v) : ProtocolReport.refused(v, DONE));
        }
        List<Finding> findings = new ArrayList<>();
        for (String c : findingCodes) {
            findings.add(new Finding(c, Severity.MEDIUM, c + " seen", null));
        }
        return EndpointReport.builder(target, host(target), 443).ip("192.0.2.1").protocols(protocols)
                .findings(findings).startedAt(Instant.parse("2026-01-01T00:00:00Z")).durationMillis(100).hellosSent(20)
                .build();
    }

    /** An endpoint that could not be scanned. */
    public static EndpointReport unscanned(String target, ScanStatus status, String error) {
        return EndpointReport.unscanned(target, host(target), 443, "192.0.2.1", null, status, error,
                Instant.parse("2026-01-01T00:00:00Z"), 10, 1);
    }

    /** {@code report} with one chain whose served certificates have these days left (the first is the leaf). */
    public static EndpointReport withDaysLeft(EndpointReport report, long... daysLeft) {
        List<CertificateInfo> served = new ArrayList<>();
        for (int i = 0; i < daysLeft.length; i++) {
            served.add(certificate("CN=c" + i, daysLeft[i]));
        }
        ChainReport chain = new ChainReport(served, served, true, true, false, true, OpenSslVerdict.of(0, 0),
                List.of(), null);
        return report.toBuilder().chains(List.of(chain)).build();
    }

    /** A certificate with this subject and days left (notAfter is that far from 2026-01-01). */
    public static CertificateInfo certificate(String subject, long daysLeft) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new CertificateInfo(subject, "CN=issuer", "0a", Integer.toHexString(subject.hashCode()) + "ff", "00",
                now.minusSeconds(86_400 * 30), now.plusSeconds(86_400 * daysLeft), daysLeft, "RSA", 2048, null,
                "SHA256withRSA", List.of("example.test"), List.of(), false, false, List.of());
    }

    /** A version accepted with one suite, completed. */
    public static ProtocolReport accepted(ProtocolVersion v) {
        int code = v == ProtocolVersion.TLSv1_3 ? 0x1301 : 0xC02F;
        if (v == ProtocolVersion.TLSv1_0) {
            code = 0xC013;
        }
        return new ProtocolReport(v, DONE, true, null,
                List.of(new AcceptedSuite(CipherSuites.byCode(code).orElseThrow(), null)), null);
    }

    private static String host(String target) {
        int colon = target.lastIndexOf(':');
        return colon > 0 ? target.substring(0, colon) : target;
    }
}
