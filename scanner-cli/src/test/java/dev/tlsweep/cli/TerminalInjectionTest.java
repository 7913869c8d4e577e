package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab certificate whose names hold terminal escapes, fake report lines and a bidi override, served by a
 * canned server and read from a file: what {@code scan} and {@code chain} print shows them as inert escapes.
 * Before, the subject cleared the screen, retitled the window and printed a fake "accepted" line.
 */
class TerminalInjectionTest {

    /** Clear the screen, move home, set the window title, ring, then a fake line of the report. */
    static final String HOSTILE = "evil\u001b[2J\u001b[H\u001b]0;owned\u0007\u001b[32m\n  TLSv1.3  accepted  "
            + "\u202egnp.exe\u2028\u0085\u009b1A";

    @TempDir
    static Path dir;

    static IssuedCertificate leaf;
    static TestPki pki;
    static CannedResponder server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create("lab\u001b[5m" + "\r\u200b", KeyType.RSA_2048, KeyType.RSA_2048);
        leaf = pki.leaf("www.example.test", "x\u001b[1m.example.test").commonName(HOSTILE).issue();
        List<byte[]> chain = new ArrayList<>();
        chain.add(leaf.certificate().getEncoded());
        chain.add(pki.intermediate().certificate().getEncoded());
        server = CannedResponder.builder().version(0x0303, 0xC02F, 0xC013).certificateChain(chain).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertInert(Result r) {
        String all = r.out() + r.err();
        assertThat(all).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
                .doesNotContain("\u2028").doesNotContain("\r");
        assertThat(all.lines()).noneMatch(l -> l.startsWith("  TLSv1.3  accepted  "));
        HostileOutput.assertTerminalSafe(all);
    }

    @Test
    void scanPrintsHostileSubjectsAsEscapes() {
        Path root = pki.writeRoot(dir.resolve("root.pem"));
        Result r = run("scan", "--no-progress", "--no-color", "--protocols", "tls1.2", "--ca-file", root.toString(),
                "--timeout", "3", "127.0.0.1:" + server.port() + " sni=www.example.test");
        assertThat(r.out()).contains("CN=evil\\x1b[2J\\x1b[H\\x1b]0\\;owned\\x07\\x1b[32m\\n  TLSv1.3  accepted  "
                + "\\u202egnp.exe\\u2028\\x85\\x9b1A").contains("issuer CN=lab\\x1b[5m\\r\\u200b intermediate");
        assertInert(r);
    }

    @Test
    void chainPrintsHostileSubjectsAsEscapesInTheTreeAndTheFindings() {
        Path site = leaf.writeTo(dir.resolve("site"));
        Result r = run("chain", site.resolve("cert.pem").toString(), "--chain", site.resolve("chain.pem").toString(),
                "--host", "other.example.test", "--no-color", "--target", "acm");
        assertThat(r.out()).contains("CN=evil\\x1b[2J").contains("CERT_HOSTNAME_MISMATCH")
                .contains("x\\x1b[1m.example.test");
        assertInert(r);
        Result json = run("chain", site.resolve("cert.pem").toString(), "--json");
        assertThat(json.out()).contains("\\u001B[2J"); // JSON keeps the name exactly, escaped as JSON escapes it
        assertThat(json.out()).doesNotContain("\u001b");
    }
}
