package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.SupportedGroup;
import dev.tlsweep.lab.GnutlsServer;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The truths OpenSSL 3.0 cannot serve: post-quantum groups from the BoringSSL lab server (netty-tcnative offers
 * X25519MLKEM768), decrypted with tlsweep's hybrid key schedule; HSTS and Server headers; and GnuTLS's gnutls-serv
 * with a priority string, heartbeat support and early data.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostQuantumAndGnutlsTest {

    private static IssuedCertificate rsa;

    @BeforeAll
    static void pki() {
        rsa = TestPki.create().leaf("localhost", "127.0.0.1").issue();
    }

    @Test
    void theBoringSslServersPostQuantumGroupsInItsOrder() throws Exception {
        try (LabServer s = LabServer.builder().protocols("TLSv1.3").certificate(rsa)
                .groups("X25519MLKEM768", "X25519", "P-256")
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .header("Server", "lab/1.2.3").start()) {
            EndpointReport r = Scans.scan(s.port(), ScanOptions.defaults());
            ProtocolReport tls13 = Scans.protocol(r, ProtocolVersion.TLSv1_3);
            assertThat(tls13.groups().accepted()).extracting(SupportedGroup::name)
                    .containsExactly("X25519MLKEM768", "x25519", "secp256r1");
            assertThat(tls13.groups().preference()).isEqualTo("server");
            CheckResult.Flag large = (CheckResult.Flag) r.checks().get(Check.LARGE_CLIENT_HELLO).orElseThrow();
            assertThat(large.value()).isFalse();
            assertThat(large.note()).contains("took the X25519MLKEM768 share")
                    .contains("decrypted with tlsweep's hybrid key schedule");
            CheckResult.Hsts hsts = (CheckResult.Hsts) r.checks().get(Check.HSTS).orElseThrow();
            assertThat(hsts.supported()).isTrue();
            assertThat(hsts.maxAge()).isEqualTo(31_536_000L);
            assertThat(hsts.includeSubDomains()).isTrue();
            assertThat(hsts.preload()).isFalse();
            assertThat(((CheckResult.Text) r.checks().get(Check.SERVER_HEADER).orElseThrow()).value())
                    .isEqualTo("lab/1.2.3");
            assertThat(Scans.findingCodes(r)).contains("SERVER_VERSION_DISCLOSED").doesNotContain("NO_HSTS");
        }
    }

    @Test
    void gnutlsServesItsPriorityStringHeartbeatAndEarlyData() throws Exception {
        assumeTrue(GnutlsServer.available(), "gnutls-serv is not installed (.ci/run installs gnutls-bin)");
        try (GnutlsServer s = GnutlsServer.start(rsa, "NORMAL:%SERVER_PRECEDENCE:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.3"
                + ":-GROUP-ALL:+GROUP-SECP384R1:+GROUP-X25519", "--heartbeat", "--earlydata")) {
            EndpointReport r = Scans.scan(s.port(), ScanOptions.defaults(),
                    Scans.fastConfig().withReadTimeout(java.time.Duration.ofSeconds(3)));
            for (ProtocolVersion v : java.util.List.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3)) {
                ProtocolReport p = Scans.protocol(r, v);
                assertThat(p.groups().accepted()).extracting(SupportedGroup::name).as("%s", v)
                        .containsExactly("secp384r1", "x25519");
            }
            CheckResult.Flag heartbleed = (CheckResult.Flag) r.checks().get(Check.HEARTBLEED).orElseThrow();
            assertThat(heartbleed.value()).isFalse();
            assertThat(heartbleed.note()).as("GnuTLS answers the heartbeat extension").doesNotContain("does not answer");
            CheckResult.EarlyData early = (CheckResult.EarlyData) r.checks().get(Check.EARLY_DATA).orElseThrow();
            assertThat(early.supported()).as("--earlydata: %s", early.run().error()).isTrue();
            assertThat(Scans.findingCodes(r)).contains("EARLY_DATA_ACCEPTED");
        }
    }
}
