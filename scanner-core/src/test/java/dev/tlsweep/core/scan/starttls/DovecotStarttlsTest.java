package dev.tlsweep.core.scan.starttls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabDaemon;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dovecot on loopback: IMAP STARTTLS and POP3 STLS, TLS 1.2 and 1.3 with configured suites. */
class DovecotStarttlsTest {

    private static IssuedCertificate cert;
    private static LabDaemon daemon;

    @BeforeAll
    static void start() {
        assumeTrue(LabDaemon.available("dovecot"), "dovecot is not installed (.ci/run installs it), or not root");
        cert = StarttlsTruth.certificate();
        daemon = LabDaemon.dovecot(cert, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:AES256-GCM-SHA384", "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256");
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    static Map<ProtocolVersion, java.util.List<String>> expected() {
        return new TreeMap<>(Map.of(
                ProtocolVersion.TLSv1_2, StarttlsTruth.iana("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305",
                        "AES256-GCM-SHA384"),
                ProtocolVersion.TLSv1_3, java.util.List.of("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256")));
    }

    @Test
    void imapFindsTheConfiguredVersionsAndSuites() throws Exception {
        int port = daemon.port("imap");
        StarttlsTruth.check(StarttlsTruth.scan("imap://127.0.0.1:" + port), Starttls.IMAP, port, expected(), true, cert,
                null);
    }

    @Test
    void pop3FindsTheConfiguredVersionsAndSuites() throws Exception {
        int port = daemon.port("pop3");
        StarttlsTruth.check(StarttlsTruth.scan("pop3://127.0.0.1:" + port), Starttls.POP3, port, expected(), true, cert,
                null);
    }
}
