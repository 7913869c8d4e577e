package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: tlsweep's versions and suites agree with Debian's {@code sslscan} run against the same
 * servers. sslscan is linked against the system OpenSSL 3, which cannot speak SSLv2 or SSLv3, so the
 * comparison covers TLS 1.0 to 1.3.
 */
class SslscanAgreementTest {

    private static final Pattern CIPHER = Pattern.compile(
            "<cipher status=\"(?:preferred|accepted)\" sslversion=\"([^\"]+)\"[^>]*? id=\"0x([0-9A-Fa-f]+)\"");

    @Test
    void sameVersionsAndSuitesAsSslscan() throws Exception {
        assumeTrue(OpenSslServer.available() && onPath("sslscan"), "sslscan or openssl missing (.ci/run installs them)");
        IssuedCertificate rsa = TestPki.create().leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        IssuedCertificate ec = TestPki.create().leaf("localhost", "127.0.0.1").keyType(KeyType.EC_P256).issue();
        List<AutoCloseable> servers = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            OpenSslServer legacy = OpenSslServer.builder().certificate(rsa).protocols("tls1", "tls1_1", "tls1_2")
                    .cipher("ECDHE-RSA-AES128-SHA:AES256-SHA:CAMELLIA128-SHA:DHE-RSA-AES128-GCM-SHA256:NULL-SHA256:@SECLEVEL=0")
                    .serverPreference(true).start();
            servers.add(legacy);
            ports.add(legacy.port());
            OpenSslServer modern = OpenSslServer.builder().certificate(ec).protocols("tls1_2", "tls1_3")
                    .cipher("ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256")
                    .ciphersuites("TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256")
                    .serverPreference(false).start();
            servers.add(modern);
            ports.add(modern.port());
            LabServer boring = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2", "TLSv1.3")
                    .ciphers("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA")
                    .serverPreference(true).certificate(rsa).start();
            servers.add(boring);
            ports.add(boring.port());
            for (int port : ports) {
                EndpointReport ours = Scans.scan(port, Scans.SUITES_ONLY);
                Map<String, Set<Integer>> mine = new TreeMap<>();
                Scans.codesByVersion(ours).forEach((v, codes) -> {
                    if (v != ProtocolVersion.SSLv2 && v != ProtocolVersion.SSLv3) {
                        mine.put(v.label(), new TreeSet<>(codes));
                    }
                });
                assertThat(mine).as("port " + port).isNotEmpty().isEqualTo(sslscan(port));
            }
        } finally {
            for (AutoCloseable s : servers) {
                s.close();
            }
        }
    }

    /** sslscan's accepted suites per version, from its XML output. */
    private static Map<String, Set<Integer>> sslscan(int port) throws Exception {
        Process p = new ProcessBuilder("sslscan", "--no-colour", "--no-fallback", "--no-renegotiation",
                "--no-compression", "--no-heartbleed", "--no-groups", "--xml=-", "127.0.0.1:" + port)
                .redirectErrorStream(true).start();
        String xml = readAll(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sslscan finished").isTrue();
        Map<String, Set<Integer>> out = new TreeMap<>();
        Matcher m = CIPHER.matcher(xml);
        while (m.find()) {
            String version = m.group(1);
            out.computeIfAbsent(version, k -> new TreeSet<>()).add(Integer.parseInt(m.group(2), 16));
        }
        return out;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (new java.io.File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
