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

/** MariaDB on loopback: the SSLRequest of the connection phase, TLS 1.2 with configured suites and TLS 1.3 with OpenSSL's. */
class MariadbStarttlsTest {

    private static IssuedCertificate cert;
    private static LabDaemon daemon;

    @BeforeAll
    static void start() {
        assumeTrue(LabDaemon.available("mariadb"), "mariadb is not installed (.ci/run installs it), or not root");
        cert = StarttlsTruth.certificate();
        daemon = LabDaemon.mariadb(cert, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384");
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void mysqlFindsTheConfiguredVersionsAndSuites() throws Exception {
        int port = daemon.port("mysql");
        StarttlsTruth.check(StarttlsTruth.scan("mysql://127.0.0.1:" + port), Starttls.MYSQL, port, new TreeMap<>(Map.of(
                ProtocolVersion.TLSv1_2, StarttlsTruth.iana("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"),
                ProtocolVersion.TLSv1_3, StarttlsTruth.OPENSSL_TLS13)), false, cert, null);
    }
}
