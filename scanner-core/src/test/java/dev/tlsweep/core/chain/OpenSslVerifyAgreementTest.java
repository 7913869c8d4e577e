package dev.tlsweep.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** tlsweep's OpenSSL verdict and trust agree with {@code openssl verify} on every acceptance case. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenSslVerifyAgreementTest {

    private static final Pattern ERROR = Pattern.compile("error (\\d+) at (\\d+) depth lookup: ?(.*)");

    private final TestPki pki = TestPki.create();
    private final List<ChainCases.Case> cases = ChainCases.all(pki);

    @TempDir
    Path dir;

    @BeforeAll
    void openssl() {
        assumeTrue(OpenSslServer.available(), "openssl is not installed");
    }

    Stream<ChainCases.Case> cases() {
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictMatchesOpensslVerify(ChainCases.Case c) throws Exception {
        ChainReport r = new ChainAnalyzer(TrustAnchors.of(List.of(pki.root())), List.of(), null,
                ChainPolicy.defaults(), Clock.systemUTC(), Runnable::run).analyze(c.der(), c.hostname())
                .get(10, TimeUnit.SECONDS);
        Path root = pki.writeRoot(dir.resolve("root.pem"));
        Path leaf = Files.writeString(dir.resolve("leaf.pem"), Der.pem(c.served().subList(0, 1)));
        List<String> cmd = new ArrayList<>(List.of("openssl", "verify", "-CAfile", root.toString()));
        if (c.served().size() > 1) {
            Path rest = Files.writeString(dir.resolve("untrusted.pem"),
                    Der.pem(c.served().subList(1, c.served().size())));
            cmd.addAll(List.of("-untrusted", rest.toString()));
        }
        if (c.hostname() != null) {
            cmd.addAll(List.of("-verify_hostname", c.hostname()));
        }
        cmd.add(leaf.toString());
        String out = run(cmd);
        Matcher m = ERROR.matcher(out);
        int code = 0;
        int depth = 0;
        String text = "ok";
        if (m.find()) {
            code = Integer.parseInt(m.group(1));
            depth = Integer.parseInt(m.group(2));
            text = m.group(3).strip();
        } else {
            assertThat(out).contains(": OK");
        }
        assertThat(r.openssl()).as(out).isEqualTo(new OpenSslVerdict(code, text, depth));
        boolean opensslBuiltChain = code != 2 && code != 18 && code != 19 && code != 20 && code != 21;
        assertThat(r.complete() && r.trusted()).as(out).isEqualTo(opensslBuiltChain);
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Parses DER certificates back into X509Certificates (to hand a fixed chain to a lab server). */
    static List<java.security.cert.X509Certificate> certificates(List<byte[]> ders) throws Exception {
        java.security.cert.CertificateFactory f = java.security.cert.CertificateFactory.getInstance("X.509");
        List<java.security.cert.X509Certificate> out = new ArrayList<>();
        for (byte[] der : ders) {
            out.add((java.security.cert.X509Certificate) f.generateCertificate(new java.io.ByteArrayInputStream(der)));
        }
        return out;
    }
}
