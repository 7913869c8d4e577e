package dev.tlsweep.core.scan.starttls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ReportReader;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every real-server STARTTLS test checks: tlsweep's scan through the upgrade finds exactly the versions and
 * suites the server was configured with (in its order), completed, with the certificate served; and {@code openssl
 * s_client -starttls}, the independent client, agrees: each suite found negotiates alone, and a version or a suite
 * the server was not given does not.
 */
final class StarttlsTruth {

    private StarttlsTruth() {
    }

    /** An RSA certificate for {@code localhost} and 127.0.0.1. */
    static IssuedCertificate certificate() {
        return TestPki.create().leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
    }

    /** The IANA names of OpenSSL suite names, in order. */
    static List<String> iana(String... opensslNames) {
        List<String> out = new ArrayList<>();
        for (String n : opensslNames) {
            out.add(CipherSuites.byName(n).map(CipherSuite::ianaName).orElseThrow(() -> new AssertionError(n)));
        }
        return out;
    }

    /** OpenSSL 3's default TLS 1.3 suites, in its order. */
    static final List<String> OPENSSL_TLS13 = List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256");

    /** Scans {@code target} (a URL) with short timeouts; the report's JSON must read back to itself. */
    static EndpointReport scan(String target) throws Exception {
        EngineConfig config = EngineConfig.defaults().withConnectTimeout(Duration.ofSeconds(3))
                .withReadTimeout(Duration.ofSeconds(3)).withMaxRetries(1).withRetryBackoff(Duration.ofMillis(50));
        try (ScanEngine engine = new ScanEngine(config)) {
            EndpointReport r = new Scanner(engine, ScanOptions.defaults()).scan(TargetParser.parse(target))
                    .get(120, TimeUnit.SECONDS);
            String json = ReportJson.toLine(r);
            assertThat(ReportJson.toLine(ReportReader.readLine(json).report())).isEqualTo(json);
            return r;
        }
    }

    /**
     * Checks the report against the configuration: status ok, the upgrade named, exactly {@code expected} (version
     * to IANA suite names, in order when {@code ordered}) accepted and every version completed, the certificate
     * served; then asks {@code openssl s_client} the same questions.
     */
    static void check(EndpointReport r, Starttls protocol, int port, Map<ProtocolVersion, List<String>> expected,
            boolean ordered, IssuedCertificate cert, String xmppHost) throws Exception {
        assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
        assertThat(r.starttls()).isEqualTo(protocol);
        assertThat(r.protocols()).allSatisfy(p -> assertThat(p.run().completed())
                .as(p.version().label() + ": " + p.run().error()).isTrue());
        Map<ProtocolVersion, List<String>> found = new LinkedHashMap<>();
        for (ProtocolReport p : r.protocols()) {
            if (p.accepted()) {
                found.put(p.version(), p.suites().stream().map(AcceptedSuite::suite).map(CipherSuite::ianaName).toList());
            }
        }
        assertThat(found.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<ProtocolVersion, List<String>> e : expected.entrySet()) {
            if (ordered && e.getKey() != ProtocolVersion.TLSv1_3) {
                assertThat(found.get(e.getKey())).as(e.getKey().label()).containsExactlyElementsOf(e.getValue());
                assertThat(protocolReport(r, e.getKey()).serverPreference()).isTrue();
            } else {
                assertThat(found.get(e.getKey())).as(e.getKey().label()).containsExactlyInAnyOrderElementsOf(e.getValue());
            }
        }
        assertThat(r.served().chains()).isNotEmpty();
        assertThat(r.served().chains().get(0).certificates().get(0)).isEqualTo(cert.certificate().getEncoded());

        // The independent check: openssl s_client -starttls, one suite at a time.
        for (Map.Entry<ProtocolVersion, List<String>> e : expected.entrySet()) {
            for (String suite : e.getValue()) {
                SClient.Result c = SClient.connect(protocol, port, xmppHost, e.getKey(), suite);
                assertThat(c.protocol()).as(c.output()).isEqualTo(e.getKey().label());
                assertThat(c.suite()).as(c.output()).isEqualTo(suite);
            }
        }
        for (ProtocolVersion v : List.of(ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_3)) {
            if (!expected.containsKey(v)) {
                SClient.Result c = SClient.connect(protocol, port, xmppHost, v, null);
                assertThat(c.connected()).as(v.label() + " refused by the server: " + c.output()).isFalse();
            }
        }
        SClient.Result other = SClient.connect(protocol, port, xmppHost, ProtocolVersion.TLSv1_2,
                "TLS_RSA_WITH_AES_128_CBC_SHA");
        assertThat(other.connected()).as("a suite not configured: " + other.output()).isFalse();
    }

    private static ProtocolReport protocolReport(EndpointReport r, ProtocolVersion v) {
        return r.protocols().stream().filter(p -> p.version() == v).findFirst().orElseThrow();
    }

    /** {@code openssl s_client -starttls}. */
    static final class SClient {

        record Result(boolean connected, String protocol, String suite, String output) {
        }

        private SClient() {
        }

        /** Connects with only {@code version} and (when not null) only {@code suite} (IANA name) offered. */
        static Result connect(Starttls protocol, int port, String xmppHost, ProtocolVersion version, String suite)
                throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-brief", "-connect", "127.0.0.1:" + port,
                    "-starttls", protocol.label(), "-no-CAfile", "-no-CApath", "-no-CAstore"));
            if (xmppHost != null) {
                cmd.addAll(List.of("-xmpphost", xmppHost));
            }
            cmd.add(switch (version) {
                case TLSv1_3 -> "-tls1_3";
                case TLSv1_2 -> "-tls1_2";
                case TLSv1_1 -> "-tls1_1";
                default -> throw new IllegalArgumentException(version.label());
            });
            if (version == ProtocolVersion.TLSv1_1) {
                cmd.addAll(List.of("-cipher", "DEFAULT:@SECLEVEL=0"));
            }
            if (suite != null) {
                if (version == ProtocolVersion.TLSv1_3) {
                    cmd.addAll(List.of("-ciphersuites", suite));
                } else {
                    cmd.addAll(List.of("-cipher", CipherSuites.byName(suite).orElseThrow().opensslName()
                            + (version == ProtocolVersion.TLSv1_2 ? "" : ":@SECLEVEL=0")));
                }
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String v = field(out, "Protocol version: ");
            String c = field(out, "Ciphersuite: ");
            String iana = c == null ? null : CipherSuites.byName(c).map(CipherSuite::ianaName).orElse(c);
            return new Result(out.contains("CONNECTION ESTABLISHED") && v != null, v, iana, String.join(" ", cmd) + "\n" + out);
        }

        private static String field(String out, String name) {
            for (String line : out.split("\n")) {
                if (line.startsWith(name)) {
                    return line.substring(name.length()).strip();
                }
            }
            return null;
        }
    }
}
