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

/** Prosody on loopback: XMPP client-to-server and server-to-server STARTTLS for the domain localhost, TLS 1.2 only. */
class ProsodyStarttlsTest {

    private static IssuedCertificate cert;
    private static LabDaemon daemon;

    @BeforeAll
    static void start() {
        assumeTrue(LabDaemon.available("prosody"), "prosody is not installed (.ci/run installs it), or not root");
        cert = StarttlsTruth.certificate();
        daemon = LabDaemon.prosody(cert, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305");
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    static Map<ProtocolVersion, java.util.List<String>> expected() {
        return Map.of(ProtocolVersion.TLSv1_2, StarttlsTruth.iana("ECDHE-RSA-AES128-GCM-SHA256",
                "ECDHE-RSA-CHACHA20-POLY1305"));
    }

    @Test
    void clientStreamsFindTheConfiguredVersionsAndSuites() throws Exception {
        int port = daemon.port("xmpp");
        StarttlsTruth.check(StarttlsTruth.scan("xmpp://127.0.0.1:" + port + " sni=localhost"), Starttls.XMPP, port,
                expected(), true, cert, "localhost");
    }

    @Test
    void serverStreamsFindTheConfiguredVersionsAndSuites() throws Exception {
        int port = daemon.port("xmpp-server");
        StarttlsTruth.check(StarttlsTruth.scan("xmpp-server://127.0.0.1:" + port + " sni=localhost"),
                Starttls.XMPP_SERVER, port, expected(), true, cert, "localhost");
    }
}
