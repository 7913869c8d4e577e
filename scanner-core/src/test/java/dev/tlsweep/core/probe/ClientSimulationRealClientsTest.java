package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainPolicy;
import dev.tlsweep.core.chain.TrustAnchors;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.policy.PolicyLab;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ClientProfile;
import dev.tlsweep.core.registry.ClientProfiles;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.ClientResult;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.scan.ScanOptions;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated outcome of a client profile equals the real client's on the same lab server: openssl
 * s_client (OpenSSL 3.0 defaults, and restricted to an OpenSSL 1.0.2-like configuration), this JDK's
 * SSLSocket (the Java 17 profile), curl (the Debian 12 curl profile) and Python's default SSL context. The
 * servers differ in versions and suites, and in the certificate they serve: an RSA 1024 leaf, a SHA-1
 * signature, a missing intermediate — which the handshake gets past and the client then judges. The
 * simulation runs through the whole scanner (probe, chain analysis, judges), as {@code --simulate-clients}.
 */
class ClientSimulationRealClientsTest {

    /** What a client ended with: connected with a version and suite, or not. */
    record Outcome(boolean connected, ProtocolVersion version, String suite) {
        static final Outcome FAILED = new Outcome(false, null, null);
    }

    private static TestPki pki;
    private static IssuedCertificate rsa;
    private static IssuedCertificate weak;
    private static IssuedCertificate sha1;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        assumeTrue(OpenSslServer.available(), "openssl is not installed (.ci/run installs it)");
        pki = TestPki.create();
        rsa = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        weak = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_1024).issue();
        sha1 = pki.leaf("localhost", "127.0.0.1").signatureAlgorithm("SHA1withRSA").issue();
    }

    private static List<OpenSslServer.Builder> servers() {
        return List.of(
                // a current server: TLS 1.2 and 1.3, OpenSSL's defaults
                OpenSslServer.builder().certificate(rsa).protocols("tls1_2", "tls1_3").serverPreference(true),
                // TLS 1.2 only, CBC suites only
                OpenSslServer.builder().certificate(rsa).protocols("tls1_2").serverPreference(true)
                        .cipher("ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:AES256-SHA"),
                // TLS 1.3 only
                OpenSslServer.builder().certificate(rsa).protocols("tls1_3").serverPreference(true),
                // a legacy server: TLS 1.0 only, ECDHE preferred
                OpenSslServer.builder().certificate(rsa).protocols("tls1").serverPreference(true)
                        .cipher("ECDHE-RSA-AES128-SHA:AES128-SHA:DES-CBC3-SHA:@SECLEVEL=0"),
                // TLS 1.0 only with RSA key exchange: no ServerKeyExchange to sign
                OpenSslServer.builder().certificate(rsa).protocols("tls1").serverPreference(true)
                        .cipher("AES128-SHA:@SECLEVEL=0"),
                // certificates the handshake gets past and clients judge: RSA 1024, SHA-1, no intermediate
                OpenSslServer.builder().certificate(weak).protocols("tls1_2", "tls1_3").serverPreference(true)
                        .cipher("DEFAULT:@SECLEVEL=0"),
                OpenSslServer.builder().certificate(sha1).protocols("tls1_2", "tls1_3").serverPreference(true)
                        .cipher("DEFAULT:@SECLEVEL=0"),
                OpenSslServer.builder().certificate(rsa).servedChain(List.of()).protocols("tls1_2", "tls1_3")
                        .serverPreference(true));
    }

    @Test
    void opensslThreeProfileMatchesSClientDefaults() throws Exception {
        compare("openssl-3.0", port -> sClient(port));
    }

    @Test
    void openssl102ProfileMatchesARestrictedSClient() throws Exception {
        ClientProfile p = ClientProfiles.byId("openssl-1.0.2").orElseThrow();
        String ciphers = String.join(":", p.suites().stream().map(c -> CipherSuites.byCode(c).orElseThrow().opensslName())
                .toList()) + ":@SECLEVEL=0";
        compare("openssl-1.0.2", port -> sClient(port, "-no_tls1_3", "-cipher", ciphers));
    }

    @Test
    void java17ProfileMatchesThisJdk() throws Exception {
        compare("java-17", ClientSimulationRealClientsTest::jdk);
    }

    @Test
    void curlProfileMatchesCurl() throws Exception {
        assumeTrue(new File("/usr/bin/curl").canExecute(), "curl is not installed (.ci/run installs it)");
        compare("curl-debian12", ClientSimulationRealClientsTest::curl);
    }

    @Test
    void pythonProfileMatchesPython() throws Exception {
        assumeTrue(new File("/usr/bin/python3").canExecute(), "python3 is not installed");
        compare("python-3.11", ClientSimulationRealClientsTest::python);
    }

    @Test
    void java17ProfileIsThisJdksDefaults() throws Exception {
        ClientProfile p = ClientProfiles.byId("java-17").orElseThrow();
        var params = SSLContext.getDefault().getDefaultSSLParameters();
        assertThat(p.versions().stream().map(ProtocolVersion::label).toList())
                .containsExactly(params.getProtocols());
        List<String> jdk = Arrays.stream(params.getCipherSuites())
                .filter(s -> !s.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")).toList();
        assertThat(p.suites().stream().map(c -> CipherSuites.byCode(c).orElseThrow().ianaName()).toList())
                .as("the java-17 profile drifted from this JDK's defaults").isEqualTo(jdk);
    }

    interface RealClient {
        Outcome connect(int port) throws Exception;
    }

    private void compare(String profileId, RealClient client) throws Exception {
        ClientProfile profile = ClientProfiles.byId(profileId).orElseThrow();
        List<String> mismatches = new ArrayList<>();
        int connected = 0;
        int failed = 0;
        for (OpenSslServer.Builder b : servers()) {
            try (OpenSslServer s = b.start(); ScanEngine engine = new ScanEngine(PolicyLab.fastConfig())) {
                ChainAnalyzer analyzer = new ChainAnalyzer(TrustAnchors.of(List.of(pki.root())), List.of(), null,
                        ChainPolicy.defaults(), Clock.systemUTC());
                EndpointReport r = Scanner.builder(engine).analyzer(analyzer).options(ScanOptions.defaults()
                        .withVersions(EnumSet.of(ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_2,
                                ProtocolVersion.TLSv1_3)).withClients(List.of(profile))
                        .withGroups(false).withChecks(false)).build() // the simulation needs only the suites
                        .scan(new Target("127.0.0.1:" + s.port(), "127.0.0.1", s.port(), "localhost"))
                        .get(60, TimeUnit.SECONDS);
                ClientResult sim = r.clients().get(0);
                Outcome simulated = sim.connected()
                        ? new Outcome(true, sim.version(), sim.suite().ianaName()) : Outcome.FAILED;
                Outcome real = client.connect(s.port());
                if (!simulated.equals(real)) {
                    mismatches.add(s.command() + ": simulated " + simulated + " (" + sim.reason() + "; " + sim.note()
                            + "), real " + real);
                }
                connected += real.connected() ? 1 : 0;
                failed += real.connected() ? 0 : 1;
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(connected).as("the client connects to at least one server").isPositive();
        assertThat(failed).as("the client fails on at least one server").isPositive();
    }

    /** {@code s_client -brief} says what it negotiated on two lines, whatever it does with the session after. */
    private static final Pattern S_CLIENT = Pattern.compile("Protocol version: (\\S+)\\s+Ciphersuite: (\\S+)");

    private static Outcome sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-brief", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost"));
        cmd.addAll(List.of(extra));
        String out = run(cmd);
        Matcher m = S_CLIENT.matcher(out);
        if (!out.contains("CONNECTION ESTABLISHED") || !m.find()) {
            return Outcome.FAILED;
        }
        return new Outcome(true, ProtocolVersion.fromLabel(m.group(1)).orElseThrow(), iana(m.group(2)));
    }

    private static final Pattern CURL = Pattern.compile("SSL connection using (\\S+) / (\\S+)");

    private static Outcome curl(int port) throws Exception {
        Path ca = pki.writeRoot(dir.resolve("root-" + port + ".pem"));
        String out = run(List.of("curl", "-sv", "--max-time", "5", "--cacert", ca.toString(), "-o", "/dev/null",
                "https://localhost:" + port + "/"));
        Matcher m = CURL.matcher(out);
        if (!m.find()) {
            return Outcome.FAILED;
        }
        return new Outcome(true, ProtocolVersion.fromLabel(m.group(1)).orElseThrow(), iana(m.group(2)));
    }

    private static Outcome python(int port) throws Exception {
        Path ca = pki.writeRoot(dir.resolve("root-py-" + port + ".pem"));
        String out = run(List.of("python3", "-c", "import ssl,socket\n"
                + "c=ssl.create_default_context(cafile='" + ca + "')\n"
                + "try:\n"
                + "  s=c.wrap_socket(socket.create_connection(('127.0.0.1'," + port + "),timeout=5),"
                + "server_hostname='localhost')\n"
                + "  print('OK', s.version(), s.cipher()[0])\n"
                + "except Exception as e:\n"
                + "  print('FAILED', e)\n"));
        Matcher m = Pattern.compile("OK (\\S+) (\\S+)").matcher(out);
        if (!m.find()) {
            return Outcome.FAILED;
        }
        return new Outcome(true, ProtocolVersion.fromLabel(m.group(1)).orElseThrow(), iana(m.group(2)));
    }

    private static Outcome jdk(int port) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, pki.trustManagerFactory().getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            var session = socket.getSession();
            return new Outcome(true, ProtocolVersion.fromLabel(session.getProtocol()).orElseThrow(),
                    session.getCipherSuite());
        } catch (javax.net.ssl.SSLException e) {
            return Outcome.FAILED;
        }
    }

    private static String iana(String name) {
        return CipherSuites.byName(name).map(CipherSuite::ianaName).orElse(name);
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Path out = Files.createTempFile(dir, "client", ".txt");
        try {
            p.getInputStream().transferTo(Files.newOutputStream(out));
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }
}
