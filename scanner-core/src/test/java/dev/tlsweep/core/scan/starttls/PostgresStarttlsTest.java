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

/** PostgreSQL 15 on loopback: the SSLRequest, TLS 1.2 only with configured suites in the server's order. */
class PostgresStarttlsTest {

    private static IssuedCertificate cert;
    private static LabDaemon daemon;

    @BeforeAll
    static void start() {
        assumeTrue(LabDaemon.available("postgresql"), "postgresql is not installed (.ci/run installs it), or not root");
        cert = StarttlsTruth.certificate();
        daemon = LabDaemon.postgresql(cert, "ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA");
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void postgresFindsTheConfiguredVersionsAndSuites() throws Exception {
        int port = daemon.port("postgres");
        StarttlsTruth.check(StarttlsTruth.scan("postgres://127.0.0.1:" + port), Starttls.POSTGRES, port, Map.of(
                ProtocolVersion.TLSv1_2, StarttlsTruth.iana("ECDHE-RSA-AES256-GCM-SHA384", "DHE-RSA-AES128-GCM-SHA256",
                        "ECDHE-RSA-AES128-SHA")), true, cert, null);
    }
}
