package dev.tlsweep.core.scan.starttls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabDaemon;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Postfix on loopback: SMTP (port 25's role: TLS 1.2 only) and submission (587's: TLS 1.2 and 1.3), through STARTTLS. */
class PostfixStarttlsTest {

    private static IssuedCertificate cert;
    private static LabDaemon postfix;

    @BeforeAll
    static void start() {
        assumeTrue(LabDaemon.available("postfix"), "postfix is not installed (.ci/run installs it), or not root");
        cert = StarttlsTruth.certificate();
        postfix = LabDaemon.postfix(cert, "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256",
                "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384");
    }

    @AfterAll
    static void stop() {
        if (postfix != null) {
            postfix.close();
        }
    }

    @Test
    void smtpFindsTheConfiguredVersionsAndSuites() throws Exception {
        int port = postfix.port("smtp");
        StarttlsTruth.check(StarttlsTruth.scan("smtp://127.0.0.1:" + port), Starttls.SMTP, port,
                Map.of(ProtocolVersion.TLSv1_2, StarttlsTruth.iana("ECDHE-RSA-AES256-GCM-SHA384",
                        "ECDHE-RSA-AES128-GCM-SHA256")), true, cert, null);
    }

    /** A listener without TLS: Postfix neither offers nor accepts STARTTLS, and says so. */
    @Test
    void aListenerWithoutTlsRefusesTheUpgradeInItsOwnWords() throws Exception {
        int port = postfix.port("plain");
        dev.tlsweep.core.report.EndpointReport r = StarttlsTruth.scan("smtp://127.0.0.1:" + port);
        org.assertj.core.api.Assertions.assertThat(r.status())
                .isEqualTo(dev.tlsweep.core.report.ScanStatus.STARTTLS_REFUSED);
        org.assertj.core.api.Assertions.assertThat(r.error()).isEqualTo(
                "STARTTLS: 502 5.5.1 Error: command not implemented (the EHLO reply did not offer STARTTLS)");
        org.assertj.core.api.Assertions.assertThat(r.protocols()).isEmpty();
        StarttlsTruth.SClient.Result c = StarttlsTruth.SClient.connect(Starttls.SMTP, port, null,
                ProtocolVersion.TLSv1_2, null);
        org.assertj.core.api.Assertions.assertThat(c.connected()).as(c.output()).isFalse();
    }

    @Test
    void submissionFindsTheConfiguredVersionsAndSuites() throws Exception {
        int port = postfix.port("submission");
        StarttlsTruth.check(StarttlsTruth.scan("submission://127.0.0.1:" + port), Starttls.SMTP, port,
                new java.util.TreeMap<>(Map.of(
                        ProtocolVersion.TLSv1_2, StarttlsTruth.iana("ECDHE-RSA-CHACHA20-POLY1305",
                                "ECDHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384"),
                        ProtocolVersion.TLSv1_3, StarttlsTruth.OPENSSL_TLS13)), true, cert, null);
    }
}
