package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainCommandTest {

    private static final TestPki PKI = TestPki.create();

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path files(IssuedCertificate c) {
        return c.writeTo(dir.resolve("site"));
    }

    @Test
    void aCertificateFileWithoutAReadableCertificateStillGetsItsHygieneFindings() throws Exception {
        Path d = files(PKI.leaf("localhost").issue());
        String pem = java.nio.file.Files.readString(d.resolve("cert.pem"));
        Path truncated = d.resolve("truncated.pem");
        java.nio.file.Files.writeString(truncated, pem.substring(0, pem.length() / 2));
        Result r = run("chain", truncated.toString());
        assertThat(r.code()).isEqualTo(Main.NONCOMPLIANT);
        assertThat(r.out()).contains("PEM_MISSING_END");
        assertThat(r.err()).contains("no certificate in the file could be read");
    }

    @Test
    void goodChainExitsZeroAndPrintsTheTree() {
        Path d = files(PKI.leaf("localhost").issue());
        Result r = run("chain", d.resolve("cert.pem").toString(), "--chain", d.resolve("chain.pem").toString(),
                "--key", d.resolve("key.pem").toString(), "--host", "localhost", "--ca-file",
                d.resolve("root.pem").toString(), "--no-color");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Certificate chain  valid: trusted, complete").contains("served (2):")
                .contains("path (3, leaf first):").contains("CN=tlsweep lab root").contains("days left").contains("key RSA 2048");
    }

    @Test
    void leafOnlyExitsFourAndFixChainWritesTheFullChainFromTheBundle() throws Exception {
        IssuedCertificate leaf = PKI.leaf("localhost").issue();
        Path d = files(leaf);
        Result r = run("chain", d.resolve("cert.pem").toString(), "--ca-file", d.resolve("root.pem").toString(),
                "--ca-only", "--intermediates", d.resolve("chain.pem").toString(), "--fix-chain",
                dir.resolve("fixed").toString(), "--no-color");
        assertThat(r.code()).isEqualTo(ChainCommand.PROBLEMS);
        assertThat(r.out()).contains("CHAIN_INCOMPLETE").contains("wrote ");
        assertThat(Files.readString(dir.resolve("fixed").resolve("cert").resolve("fullchain.pem")))
                .isEqualTo(Files.readString(d.resolve("fullchain.pem")));
    }

    @Test
    void jsonHasCertificatesAndFindings() {
        Path d = files(PKI.leaf("localhost").issue());
        Result r = run("chain", d.resolve("cert.pem").toString(), "--host", "other.example", "--ca-file",
                d.resolve("root.pem").toString(), "--json");
        assertThat(r.code()).isEqualTo(ChainCommand.PROBLEMS);
        assertThat(r.out()).startsWith("{\"certificates\":{\"served\":[").contains("\"trusted\":false")
                .contains("\"openssl\":{\"code\":20").contains("CERT_HOSTNAME_MISMATCH");
    }

    @Test
    void mismatchedKeyIsReportedWithoutKeyMaterial() throws Exception {
        IssuedCertificate leaf = PKI.leaf("localhost").issue();
        IssuedCertificate other = PKI.leaf("localhost").keyType(KeyType.EC_P256).issue();
        Path d = files(leaf);
        Path otherDir = other.writeTo(dir.resolve("other"));
        Path key = otherDir.resolve("key.pem");
        Files.writeString(key, "  \n" + Files.readString(key));
        Result r = run("chain", d.resolve("cert.pem").toString(), "--chain", d.resolve("chain.pem").toString(),
                "--key", key.toString(), "--ca-file", d.resolve("root.pem").toString(), "--no-color");
        assertThat(r.code()).isEqualTo(ChainCommand.PROBLEMS);
        assertThat(r.out()).contains("PEM_KEY_MISMATCH").contains("PEM_STRAY_WHITESPACE").contains(key + ":");
        String keyBase64 = Base64.getEncoder().encodeToString(other.key().getEncoded());
        String all = r.out() + r.err();
        assertThat(all).doesNotContain(keyBase64.substring(0, 40)).doesNotContain("PRIVATE KEY-----\nMI");
        for (String line : Files.readAllLines(key)) {
            if (!line.isBlank() && !line.startsWith("-----")) {
                assertThat(all).doesNotContain(line);
            }
        }
    }

    @Test
    void unreadableInputExitsTwoAndNamesTheFile() throws Exception {
        Result r = run("chain", dir.resolve("nope.pem").toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("nope.pem");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        Result j = run("chain", junk.toString());
        assertThat(j.code()).isEqualTo(Main.USAGE);
        assertThat(j.err()).contains("junk.pem").contains("no PEM block");
    }
}
