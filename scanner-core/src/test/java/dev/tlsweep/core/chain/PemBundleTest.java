package dev.tlsweep.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemBundleTest {

    private static final TestPki PKI = TestPki.create();
    private static final IssuedCertificate LEAF = PKI.leaf("localhost").issue();

    @TempDir
    Path dir;

    static String pem(X509Certificate... certs) {
        return Der.pem(List.of(certs));
    }

    static String keyPem(IssuedCertificate c) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(c.key().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    static List<String> codes(List<PemBundle.Problem> problems) {
        return problems.stream().map(p -> p.code().code()).toList();
    }

    static PemBundle parse(String text) throws ChainInputException {
        return PemBundle.parse(text.getBytes(StandardCharsets.ISO_8859_1), "test.pem");
    }

    @Test
    void cleanFileHasNoProblems() throws Exception {
        PemBundle b = parse(pem(LEAF.certificate()) + keyPem(LEAF));
        assertThat(b.problems()).isEmpty();
        assertThat(b.certificates()).containsExactly(LEAF.certificate());
        assertThat(b.checkKey(LEAF.certificate())).isEmpty();
        assertThat(b.checkSingleCertificate()).isEmpty();
    }

    @Test
    void strayWhitespaceAtLineEndNamesTheLine() throws Exception {
        String text = pem(LEAF.certificate()).replaceFirst("\n", "  \n");
        PemBundle.Problem p = parse(text).problems().get(0);
        assertThat(p.code()).isEqualTo(FindingCode.PEM_STRAY_WHITESPACE);
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.toFinding().message()).startsWith("test.pem:1: whitespace at the end").contains("strict PEM readers");
        assertThat(codes(parse("\n\n\n" + pem(LEAF.certificate())).problems())).containsExactly("PEM_STRAY_WHITESPACE");
    }

    @Test
    void textAroundBlocks() throws Exception {
        PemBundle b = parse("Bag Attributes\n    localKeyID: 01\nsubject=CN=localhost\n" + pem(LEAF.certificate()));
        assertThat(codes(b.problems())).contains("PEM_TEXT_AROUND_BLOCK");
        assertThat(b.problems().stream().filter(p -> p.code() == FindingCode.PEM_TEXT_AROUND_BLOCK).findFirst().get()
                .message()).contains("before the first").contains("lines 1–3");
        assertThat(b.certificates()).hasSize(1);
    }

    @Test
    void missingBeginAndMissingEnd() throws Exception {
        String full = pem(LEAF.certificate());
        String noBegin = full.substring(full.indexOf('\n') + 1);
        assertThat(codes(parse(noBegin).problems())).contains("PEM_MISSING_BEGIN");
        String noEnd = full.substring(0, full.indexOf("-----END"));
        PemBundle b = parse(noEnd);
        assertThat(codes(b.problems())).containsExactly("PEM_MISSING_END");
        assertThat(b.problems().get(0).line()).isEqualTo(1);
    }

    @Test
    void mangledBoundaryAndMismatchedLabels() throws Exception {
        String full = pem(LEAF.certificate());
        PemBundle mangled = parse(full.replace("-----BEGIN CERTIFICATE-----", "----BEGIN CERTIFICATE-----"));
        assertThat(codes(mangled.problems())).containsExactly("PEM_MANGLED_BOUNDARY");
        assertThat(mangled.certificates()).hasSize(1);
        PemBundle mismatch = parse(full.replace("-----END CERTIFICATE-----", "-----END PRIVATE KEY-----"));
        assertThat(codes(mismatch.problems())).containsExactly("PEM_LABEL_MISMATCH");
    }

    @Test
    void badBase64() throws Exception {
        String full = pem(LEAF.certificate());
        String[] lines = full.split("\n");
        lines[3] = lines[3].substring(0, 10) + "*" + lines[3].substring(11);
        PemBundle b = parse(String.join("\n", lines) + "\n");
        assertThat(codes(b.problems())).containsExactly("PEM_BAD_BASE64");
        assertThat(b.problems().get(0).line()).isEqualTo(4);
        assertThat(b.problems().get(0).message()).contains("'*' at column 11");
        String cut = full.replace(lines[2] + "\n", lines[2].substring(0, 7) + "\n");
        assertThat(codes(parse(cut).problems())).containsAnyOf("PEM_BAD_BASE64", "PEM_NOT_A_CERTIFICATE");
    }

    @Test
    void derWherePemIsExpected() throws Exception {
        PemBundle b = PemBundle.parse(LEAF.certificate().getEncoded(), "cert.der");
        assertThat(codes(b.problems())).containsExactly("PEM_DER_NOT_PEM");
        assertThat(b.certificates()).containsExactly(LEAF.certificate());
        assertThatThrownBy(() -> PemBundle.parse(new byte[] {0x30, (byte) 0x82, 1, 2, 3}, "junk.der"))
                .isInstanceOf(ChainInputException.class).hasMessageStartingWith("junk.der: ");
        assertThatThrownBy(() -> parse("hello\n")).isInstanceOf(ChainInputException.class)
                .hasMessageContaining("no PEM block");
    }

    @Test
    void severalCertificatesWhereOneIsExpected() throws Exception {
        PemBundle b = parse(pem(LEAF.certificate(), PKI.intermediate().certificate()));
        assertThat(codes(b.checkSingleCertificate())).containsExactly("PEM_SEVERAL_CERTIFICATES");
    }

    @Test
    void encryptedKeysBothForms() throws Exception {
        JceOpenSSLPKCS8EncryptorBuilder enc = new JceOpenSSLPKCS8EncryptorBuilder(
                org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC);
        enc.setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        enc.setPassword("secret".toCharArray());
        PemObject o = new JcaPKCS8Generator(LEAF.key(), enc.build()).generate();
        java.io.StringWriter sw = new java.io.StringWriter();
        try (org.bouncycastle.util.io.pem.PemWriter w = new org.bouncycastle.util.io.pem.PemWriter(sw)) {
            w.writeObject(o);
        }
        PemBundle pkcs8 = parse(sw.toString());
        assertThat(codes(pkcs8.problems())).containsExactly("PEM_ENCRYPTED_KEY");
        assertThat(pkcs8.encryptedKeyCount()).isEqualTo(1);
        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assertThat(codes(parse(legacy).problems())).containsExactly("PEM_ENCRYPTED_KEY");
    }

    @Test
    void keyThatDoesNotMatchTheCertificate() throws Exception {
        IssuedCertificate otherKey = PKI.leaf("localhost").keyType(KeyType.EC_P256).issue();
        PemBundle key = parse(keyPem(otherKey));
        assertThat(codes(key.checkKey(LEAF.certificate()))).containsExactly("PEM_KEY_MISMATCH");
        assertThat(parse(keyPem(otherKey)).checkKey(otherKey.certificate())).isEmpty();
    }

    @Test
    void chainContainingTheLeafOutOfOrderAndUnrelated() throws Exception {
        IssuedCertificate inter2 = PKI.newIntermediate("second", KeyType.EC_P256, PKI.intermediate());
        IssuedCertificate leaf = PKI.leaf("localhost").issuedBy(inter2).issue();
        X509Certificate unrelated = TestPki.create("other", KeyType.EC_P256, KeyType.EC_P256).intermediate()
                .certificate();
        assertThat(codes(parse(pem(leaf.certificate(), inter2.certificate(), PKI.intermediate().certificate()))
                .checkChain(leaf.certificate()))).containsExactly("PEM_CHAIN_CONTAINS_LEAF");
        assertThat(codes(parse(pem(PKI.intermediate().certificate(), inter2.certificate()))
                .checkChain(leaf.certificate()))).containsExactly("PEM_CHAIN_OUT_OF_ORDER");
        assertThat(codes(parse(pem(inter2.certificate(), unrelated, PKI.intermediate().certificate()))
                .checkChain(leaf.certificate()))).containsExactly("PEM_CHAIN_UNRELATED");
    }

    @Test
    void noProblemOrRenderingEverContainsKeyMaterial() throws Exception {
        String key = keyPem(LEAF);
        String body = Base64.getEncoder().encodeToString(LEAF.key().getEncoded());
        List<String> keyLines = key.lines().filter(l -> !l.startsWith("-----")).toList();
        List<String> variants = List.of(key, key.replaceFirst("\n", "  \n"), "junk\n" + key,
                key.replace("-----END PRIVATE KEY-----", "-----END CERTIFICATE-----"),
                key.substring(0, key.indexOf("-----END")), key.replace(keyLines.get(2), keyLines.get(2) + "*%"),
                pem(LEAF.certificate()) + key);
        for (String v : variants) {
            PemBundle b = parse(v);
            StringBuilder all = new StringBuilder(b.toString());
            for (PemBundle.Problem p : b.problems()) {
                all.append(p).append(p.toFinding());
            }
            for (PemBundle.Problem p : b.checkKey(PKI.root())) {
                all.append(p).append(p.toFinding());
            }
            String text = all.toString();
            assertThat(text).doesNotContain(body);
            for (String l : keyLines) {
                assertThat(text).doesNotContain(l.substring(0, Math.min(16, l.length())));
            }
        }
        Path file = Files.writeString(dir.resolve("k.pem"), key);
        assertThat(PemBundle.parse(file).keyCount()).isEqualTo(1);
        assertThatThrownBy(() -> PemBundle.parse(dir.resolve("missing.pem"))).isInstanceOf(ChainInputException.class)
                .hasMessageContaining("missing.pem");
    }
}
