package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate verdicts of {@code tlsweep scan} on lab servers that serve the certificates people get wrong:
 * the headline, the OpenSSL line, the findings, the JSON and the exit code say the same thing, and the OpenSSL
 * numbers are the ones {@code openssl s_client} prints against the same server.
 */
class VerdictConsistencyTest {

    private static final TestPki PKI = TestPki.create();
    private static final TestPki PRIVATE = TestPki.create("acme private", KeyType.RSA_2048, KeyType.RSA_2048);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static final List<LabServer> SERVERS = new ArrayList<>();
    private static LabServer expired;
    private static LabServer notYetValid;
    private static LabServer wrongHost;
    private static LabServer rsa1024;
    private static LabServer privateCa;
    private static Path labRoot;
    private static Path privateRoot;

    @BeforeAll
    static void start() {
        Instant now = Instant.now();
        expired = serve(PKI.leaf("localhost").notBefore(now.minus(Duration.ofDays(400)))
                .notAfter(now.minus(Duration.ofDays(10))).issue());
        notYetValid = serve(PKI.leaf("localhost").notBefore(now.plus(Duration.ofDays(5)))
                .notAfter(now.plus(Duration.ofDays(90))).issue());
        wrongHost = serve(PKI.leaf("www.example.test").issue());
        rsa1024 = serve(PKI.leaf("localhost").keyType(KeyType.RSA_1024).issue());
        privateCa = serve(PRIVATE.leaf("localhost").issue());
        labRoot = PKI.writeRoot(dir.resolve("lab-root.pem"));
        privateRoot = PRIVATE.writeRoot(dir.resolve("private-root.pem"));
    }

    private static LabServer serve(IssuedCertificate leaf) {
        LabServer s = LabServer.builder().certificate(leaf).protocols("TLSv1.2").start();
        SERVERS.add(s);
        return s;
    }

    @AfterAll
    static void stop() {
        SERVERS.forEach(LabServer::close);
    }

    record Scan(int code, String text, JsonNode report) {
        JsonNode chain() {
            return report.path("certificates").get(0);
        }

        List<String> findings() {
            List<String> out = new ArrayList<>();
            report.path("findings").forEach(f -> out.add(f.path("code").asText()));
            return out;
        }

        /** The chain's headline: the line after "Certificate chain". */
        String headline() {
            return text.lines().filter(l -> l.contains("Certificate chain")).findFirst().orElseThrow();
        }

        String opensslLine() {
            return text.lines().filter(l -> l.strip().startsWith("OpenSSL verify:")).findFirst().orElseThrow();
        }
    }

    private static Scan scan(LabServer server, Path caFile) throws Exception {
        List<String> common = new ArrayList<>(List.of("scan", "--no-progress", "--protocols", "tls1.2", "--no-groups",
                "--no-checks", "--no-aia", "--timeout", "3s"));
        if (caFile != null) {
            common.addAll(List.of("--ca-file", caFile.toString()));
        }
        String target = "localhost:" + server.port();
        StringWriter text = new StringWriter();
        List<String> t = new ArrayList<>(common);
        t.addAll(List.of("--color=never", target));
        int code = Main.run(new PrintWriter(text, true), new PrintWriter(new StringWriter(), true),
                t.toArray(String[]::new));
        StringWriter json = new StringWriter();
        List<String> j = new ArrayList<>(common);
        j.addAll(List.of("--json", target));
        int jsonCode = Main.run(new PrintWriter(json, true), new PrintWriter(new StringWriter(), true),
                j.toArray(String[]::new));
        assertThat(jsonCode).as("the same exit code with --json").isEqualTo(code);
        String line = json.toString().strip();
        Schemas.reports(line);
        return new Scan(code, text.toString(), JSON.readTree(line));
    }

    @Test
    void expiredChainIsNotValidEverywhere() throws Exception {
        Scan s = scan(expired, labRoot);
        assertThat(s.headline()).contains("NOT VALID: expired").doesNotContain("valid: trusted");
        assertThat(s.opensslLine()).contains("OpenSSL verify: 10 (certificate has expired)");
        assertThat(s.findings()).contains("CERT_EXPIRED");
        assertThat(s.chain().path("openssl").path("code").asInt()).isEqualTo(10);
        assertThat(s.code()).isEqualTo(Main.EXPIRING);
        agreesWithSClient(expired, labRoot, s);
    }

    @Test
    void notYetValidChainIsNotValidEverywhere() throws Exception {
        Scan s = scan(notYetValid, labRoot);
        assertThat(s.headline()).contains("NOT VALID: not yet valid").doesNotContain("valid: trusted");
        assertThat(s.opensslLine()).contains("OpenSSL verify: 9 (certificate is not yet valid)");
        assertThat(s.findings()).contains("CERT_NOT_YET_VALID");
        agreesWithSClient(notYetValid, labRoot, s);
    }

    @Test
    void wrongHostIsNotValidEverywhere() throws Exception {
        Scan s = scan(wrongHost, labRoot);
        assertThat(s.headline()).contains("NOT VALID: name mismatch").doesNotContain("valid: trusted");
        assertThat(s.opensslLine()).contains("OpenSSL verify: 62 (hostname mismatch)");
        assertThat(s.findings()).contains("CERT_HOSTNAME_MISMATCH");
        assertThat(s.chain().path("hostnameValid").asBoolean()).isFalse();
        agreesWithSClient(wrongHost, labRoot, s);
    }

    @Test
    void rsa1024SaysWhichOpenSslRefusesIt() throws Exception {
        Scan s = scan(rsa1024, labRoot);
        assertThat(s.headline()).contains("NOT VALID: weak key");
        // openssl verify applies no security level; s_client at Debian's level 2 refuses the key (66): both said
        assertThat(s.opensslLine()).contains("OpenSSL verify: 0 (ok)")
                .contains("s_client at security level 2 (Debian's default): 66 (EE certificate key too weak)");
        assertThat(s.findings()).contains("CERT_WEAK_KEY");
        assertThat(s.chain().path("openssl").path("code").asInt()).isZero();
        assertThat(s.chain().path("opensslLevel2").path("code").asInt()).isEqualTo(66);
        agreesWithSClient(rsa1024, labRoot, s);
    }

    @Test
    void privateCaWithoutCaFileSaysTheIssuerIsNotTrustedAndPointsAtCaFile() throws Exception {
        Scan s = scan(privateCa, null);
        assertThat(s.headline()).contains("NOT VALID: issuer not in the trust store (--ca-file?)")
                .doesNotContain("incomplete");
        assertThat(s.opensslLine()).contains("OpenSSL verify: 20 (unable to get local issuer certificate)");
        assertThat(s.findings()).contains("CERT_ISSUER_UNKNOWN").doesNotContain("CHAIN_INCOMPLETE");
        assertThat(s.text()).contains("--ca-file").doesNotContain("The chain is incomplete");
        assertThat(s.code()).as("a scanned endpoint, judged").isEqualTo(Main.OK);
    }

    @Test
    void privateCaWithItsRootIsValid() throws Exception {
        Scan s = scan(privateCa, privateRoot);
        assertThat(s.headline()).contains("valid: trusted, complete").doesNotContain("NOT VALID");
        assertThat(s.opensslLine()).contains("OpenSSL verify: 0 (ok); the same from s_client at security level 2");
        assertThat(s.findings()).doesNotContain("CERT_ISSUER_UNKNOWN", "CHAIN_INCOMPLETE", "CERT_UNTRUSTED");
        agreesWithSClient(privateCa, privateRoot, s);
    }

    /** The first {@code verify error:num=N} of a real {@code openssl s_client} is our level-2 number. */
    private static void agreesWithSClient(LabServer server, Path caFile, Scan s) throws Exception {
        assumeTrue(OpenSslServer.available(), "openssl is not installed (.ci/run installs it)");
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", caFile.toString(),
                "-tls1_2").redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("openssl s_client ended").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("verify error:num=(\\d+)").matcher(out);
        int sClient = m.find() ? Integer.parseInt(m.group(1)) : 0;
        assertThat(sClient).as("s_client said:%n%s", out).isEqualTo(s.chain().path("opensslLevel2").path("code").asInt());
    }
}
