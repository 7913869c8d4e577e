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

/** vsftpd on loopback: FTP AUTH TLS, TLS 1.2 with configured suites and TLS 1.3 with OpenSSL's. */
class VsftpdStarttlsTest {

    private static IssuedCertificate cert;
    private static LabDaemon daemon;

    @BeforeAll
    static void start() {
        assumeTrue(LabDaemon.available("vsftpd"), "vsftpd is not installed (.ci/run installs it), or not root");
        cert = StarttlsTruth.certificate();
        daemon = LabDaemon.vsftpd(cert, "ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA256");
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void ftpFindsTheConfiguredVersionsAndSuites() throws Exception {
        int port = daemon.port("ftp");
        StarttlsTruth.check(StarttlsTruth.scan("ftp://127.0.0.1:" + port), Starttls.FTP, port, new TreeMap<>(Map.of(
                ProtocolVersion.TLSv1_2, StarttlsTruth.iana("ECDHE-RSA-AES256-GCM-SHA384", "AES128-SHA256"),
                ProtocolVersion.TLSv1_3, StarttlsTruth.OPENSSL_TLS13)), false, cert, null);
    }
}
