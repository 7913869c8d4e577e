package dev.tlsweep.core.metrics;

import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Canned reports for the metrics tests. */
final class MetricsFixtures {

    private MetricsFixtures() {
    }

    /** TLS 1.0 with 3DES and RC4, TLS 1.2 with a GCM suite; two findings. */
    static EndpointReport legacy(String target) {
        List<ProtocolReport> protocols = new ArrayList<>();
        for (ProtocolVersion v : ProtocolVersion.values()) {
            protocols.add(switch (v) {
                case TLSv1_0 -> new ProtocolReport(v, RUN, true, true, List.of(suite(0x000A), suite(0x0005),
                        suite(0x002F)), null);
                case TLSv1_2 -> new ProtocolReport(v, RUN, true, true, List.of(suite(0xC02F), suite(0x000A)), null);
                default -> ProtocolReport.refused(v, RUN);
            });
        }
        return EndpointReport.builder(target, "127.0.0.1", 8443).ip("127.0.0.1").sni("localhost")
                .protocols(protocols)
                .findings(List.of(new Finding("PROTOCOL_TLS10", Severity.MEDIUM, "TLS 1.0 is accepted", "Disable it"),
                        new Finding("CIPHER_3DES", Severity.MEDIUM, "3DES", "Remove it")))
                .startedAt(Instant.ofEpochSecond(1_700_000_000)).durationMillis(1_500).hellosSent(40).build();
    }

    static final ProbeRun RUN = ProbeRun.completed(10, 3);

    static EndpointReport refused(String target) {
        return EndpointReport.unscanned(target, "127.0.0.1", 1, "127.0.0.1", null, ScanStatus.REFUSED,
                "connection refused", Instant.ofEpochSecond(1_700_000_000), 3, 1);
    }

    private static AcceptedSuite suite(int code) {
        return new AcceptedSuite(CipherSuites.byCode(code).orElseThrow(), null);
    }

    /** {@code report} with one analysed chain: the leaf expires at 2_000_000_000, the chain is incomplete. */
    /** A certificate with these names and serial, fingerprint {@code fp} repeated, valid until {@code notAfter}. */
    static CertificateInfo certificate(String subject, String issuer, String serial, String fp, long notAfter) {
        return new CertificateInfo(subject, issuer, serial, String.format("%64s", fp).replace(' ', '0'),
                "cd".repeat(32), Instant.ofEpochSecond(1_600_000_000L), Instant.ofEpochSecond(notAfter), 300, "RSA",
                2048, null, "SHA256withRSA", List.of(), List.of(), subject.equals(issuer), false, List.of());
    }

    static EndpointReport withCertificate(EndpointReport report) {
        CertificateInfo leaf = new CertificateInfo("CN=localhost,O=Lab \"quoted\"", "CN=Lab Intermediate", "0a1b",
                "ab".repeat(32), "cd".repeat(32), Instant.ofEpochSecond(1_600_000_000L),
                Instant.ofEpochSecond(2_000_000_000L), 300, "RSA", 2048, null, "SHA256withRSA",
                List.of("localhost"), List.of("127.0.0.1"), false, false, List.of());
        ChainReport chain = new ChainReport(List.of(leaf), List.of(leaf, certificate("CN=Lab Intermediate",
                "CN=Lab Root", "02", "ef", 2_100_000_000L)), false, true, false, true,
                OpenSslVerdict.of(20, 0), List.of(), null);
        return report.toBuilder().chains(List.of(chain)).build();
    }
}
