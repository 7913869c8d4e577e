package dev.tlsweep.core.metrics;

import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateCapture;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
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
                case TLSv1_0 -> new ProtocolReport(v, true, true, List.of(suite(0x000A), suite(0x0005), suite(0x002F)), null);
                case TLSv1_2 -> new ProtocolReport(v, true, true, List.of(suite(0xC02F), suite(0x000A)), null);
                default -> ProtocolReport.refused(v);
            });
        }
        return new EndpointReport(target, "127.0.0.1", 8443, "127.0.0.1", "localhost", ScanStatus.OK, null, protocols,
                List.of(new Finding("PROTOCOL_TLS10", Severity.MEDIUM, "TLS 1.0 is accepted", "Disable it"),
                        new Finding("CIPHER_3DES", Severity.MEDIUM, "3DES", "Remove it")),
                CertificateCapture.NONE, List.of(), Instant.ofEpochSecond(1_700_000_000), 1_500, 40);
    }

    static EndpointReport refused(String target) {
        return EndpointReport.unscanned(target, "127.0.0.1", 1, "127.0.0.1", null, ScanStatus.REFUSED,
                "connection refused", Instant.ofEpochSecond(1_700_000_000), 3, 1);
    }

    private static AcceptedSuite suite(int code) {
        return new AcceptedSuite(CipherSuites.byCode(code).orElseThrow(), null);
    }

    /** Fixed facts: the leaf expires at 2_000_000_000, chain incomplete. */
    static CertificateFacts facts() {
        return new CertificateFacts() {
            @Override public Instant earliestExpiry() { return Instant.ofEpochSecond(2_000_000_000L); }
            @Override public String leafSha256() { return "ab".repeat(32); }
            @Override public String leafSerialHex() { return "0a1b"; }
            @Override public String leafSubject() { return "CN=localhost,O=Lab \"quoted\""; }
            @Override public String leafIssuer() { return "CN=Lab Intermediate"; }
            @Override public List<String> leafSans() { return List.of("localhost", "127.0.0.1"); }
            @Override public boolean chainComplete() { return false; }
            @Override public boolean trusted() { return true; }
            @Override public boolean hostnameValid() { return true; }
        };
    }
}
