package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Acceptance: elimination and {@code --exhaustive} give the same result on every lab configuration. */
class EliminationMatchesExhaustiveTest {

    @Test
    void sameVersionsSuitesAndOrderEverywhere() throws Exception {
        IssuedCertificate rsa = TestPki.create().leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        List<AutoCloseable> servers = new java.util.ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        try {
            LabServer boring = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2", "TLSv1.3")
                    .ciphers("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                            "TLS_RSA_WITH_AES_128_GCM_SHA256")
                    .serverPreference(true).certificate(rsa).start();
            servers.add(boring);
            ports.put("netty-boringssl", boring.port());
            LabServer jdk = LabServer.builder().provider(TlsProvider.JDK).protocols("TLSv1.2", "TLSv1.3")
                    .ciphers("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_256_CBC_SHA256")
                    .serverPreference(true).certificate(rsa).start();
            servers.add(jdk);
            ports.put("netty-jdk", jdk.port());
            CannedResponder canned = CannedResponder.builder()
                    .version(0x0002, 0x0700C0, 0x010080)
                    .version(0x0300, 0x000A, 0x0005, 0x0003)
                    .version(0x0301, 0xC013, 0x0033, 0x000A)
                    .version(0x0303, 0xC02F, 0x009E, 0xC013, 0x0033, 0x000A, 0x0018)
                    .serverPreference(true).start();
            servers.add(canned);
            ports.put("canned", canned.port());
            if (OpenSslServer.available()) {
                OpenSslServer openssl = OpenSslServer.builder().certificate(rsa).protocols("tls1", "tls1_1", "tls1_2", "tls1_3")
                        .cipher("ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:CAMELLIA128-SHA:NULL-SHA256:@SECLEVEL=0")
                        .ciphersuites("TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256")
                        .serverPreference(true).start();
                servers.add(openssl);
                ports.put("openssl", openssl.port());
            }
            for (Map.Entry<String, Integer> e : ports.entrySet()) {
                EndpointReport elimination = Scans.scan(e.getValue(), Scans.SUITES_ONLY);
                EndpointReport exhaustive = Scans.scan(e.getValue(), Scans.SUITES_ONLY.withExhaustive(true));
                assertThat(Scans.codesByVersion(elimination)).as(e.getKey()).isNotEmpty();
                assertThat(Scans.codesByVersion(exhaustive).keySet()).as(e.getKey())
                        .isEqualTo(Scans.codesByVersion(elimination).keySet());
                for (ProtocolReport p : elimination.protocols()) {
                    ProtocolReport q = Scans.protocol(exhaustive, p.version());
                    assertThat(codes(q)).as(e.getKey() + " " + p.version()).isEqualTo(codes(p));
                    assertThat(q.serverPreference()).as(e.getKey() + " " + p.version())
                            .isEqualTo(p.serverPreference());
                    if (Boolean.TRUE.equals(p.serverPreference()) && p.version() != ProtocolVersion.SSLv2) {
                        assertThat(order(q)).as(e.getKey() + " order " + p.version()).isEqualTo(order(p));
                    }
                }
                assertThat(exhaustive.hellosSent()).isGreaterThan(elimination.hellosSent());
            }
        } finally {
            for (AutoCloseable s : servers) {
                s.close();
            }
        }
    }

    private static Set<Integer> codes(ProtocolReport p) {
        return new HashSet<>(order(p));
    }

    private static List<Integer> order(ProtocolReport p) {
        return p.suites().stream().map(a -> a.suite().code()).toList();
    }
}
