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

/** OpenLDAP slapd (GnuTLS) on loopback: the StartTLS extended operation, TLS 1.2 only, a GnuTLS priority string. */
class SlapdStarttlsTest {

    private static IssuedCertificate cert;
    private static LabDaemon daemon;

    @BeforeAll
    static void start() {
        assumeTrue(LabDaemon.available("slapd"), "slapd is not installed (.ci/run installs it), or not root");
        cert = StarttlsTruth.certificate();
        daemon = LabDaemon.slapd(cert, "NONE:+VERS-TLS1.2:+ECDHE-RSA:+RSA:+AES-256-GCM:+AES-128-GCM:+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL:%SERVER_PRECEDENCE");
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void ldapFindsTheConfiguredVersionsAndSuites() throws Exception {
        int port = daemon.port("ldap");
        StarttlsTruth.check(StarttlsTruth.scan("ldap://127.0.0.1:" + port), Starttls.LDAP, port, Map.of(
                ProtocolVersion.TLSv1_2, StarttlsTruth.iana("ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256",
                        "AES256-GCM-SHA384", "AES128-GCM-SHA256")), false, cert, null);
    }
}
