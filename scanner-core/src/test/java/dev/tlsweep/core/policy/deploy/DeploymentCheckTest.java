package dev.tlsweep.core.policy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainPolicy;
import dev.tlsweep.core.chain.PemBundle;
import dev.tlsweep.core.chain.TrustAnchors;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentCheckTest {

    private static final TestPki PKI = TestPki.create();
    private static final DeployRules RULES = DeployRules.load();
    private static final DeploymentCheck CHECK = new DeploymentCheck(RULES, Clock.systemUTC());
    private static final Map<KeyType, IssuedCertificate> LEAVES = new EnumMap<>(KeyType.class);

    @TempDir
    static Path dir;

    @BeforeAll
    static void issue() {
        for (KeyType k : List.of(KeyType.RSA_2048, KeyType.RSA_3072, KeyType.RSA_4096, KeyType.EC_P256,
                KeyType.EC_P384, KeyType.EC_P521)) {
            LEAVES.put(k, PKI.leaf("www.example.test").keyType(k).issue());
        }
    }

    /**
     * The reference's table (tls-conventions.md B2): ACM imports all seven; ALB uses all of them; NLB
     * all but RSA 4096; CLB takes RSA 4096 and EC only from IAM (so it accepts them, through IAM); IAM
     * stores all of them. Columns: key, acm, iam, alb, nlb, clb, CLB import paths that work.
     */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(KeyType.RSA_2048, true, true, true, true, true, List.of("acm", "iam")),
                Arguments.of(KeyType.RSA_3072, true, true, true, true, true, List.of("acm", "iam")),
                Arguments.of(KeyType.RSA_4096, true, true, true, false, true, List.of("iam")),
                Arguments.of(KeyType.EC_P256, true, true, true, true, true, List.of("iam")),
                Arguments.of(KeyType.EC_P384, true, true, true, true, true, List.of("iam")),
                Arguments.of(KeyType.EC_P521, true, true, true, true, true, List.of("iam")));
    }

    @ParameterizedTest(name = "{0}: acm={1} iam={2} alb={3} nlb={4} clb={5} via {6}")
    @MethodSource("table")
    void keyTypeVerdictsFollowTheReferenceTable(KeyType key, boolean acm, boolean iam, boolean alb, boolean nlb,
            boolean clb, List<String> clbVia) throws Exception {
        Files files = files(LEAVES.get(key), key.name());
        Map<String, DeploymentVerdict> v = verdicts(files);
        assertThat(v.get("acm").accepted()).as("acm %s", v.get("acm")).isEqualTo(acm);
        assertThat(v.get("iam").accepted()).as("iam %s", v.get("iam")).isEqualTo(iam);
        assertThat(v.get("alb").accepted()).as("alb %s", v.get("alb")).isEqualTo(alb);
        assertThat(v.get("nlb").accepted()).as("nlb %s", v.get("nlb")).isEqualTo(nlb);
        assertThat(v.get("clb").accepted()).as("clb %s", v.get("clb")).isEqualTo(clb);
        assertThat(v.get("clb").acceptedVia()).isEqualTo(clbVia);
        for (DeploymentVerdict d : v.values()) {
            if (d.accepted()) {
                assertThat(d.reasons()).filteredOn(r -> r.rejects() && d.acceptedVia().containsAll(r.paths()))
                        .isEmpty();
            }
        }
        if (!nlb) {
            DeploymentVerdict.Reason r = v.get("nlb").rejections().get(0);
            assertThat(r.code()).isEqualTo(DeploymentCheck.UNSUPPORTED_KEY);
            assertThat(r.platformWords()).startsWith("UnsupportedCertificate: ").contains("supported key size");
            assertThat(r.message()).contains("RSA 4096").contains("RSA_4096");
            assertThat(r.confidence()).isEqualTo(Confidence.SECOND_HAND);
        }
        if (clbVia.equals(List.of("iam"))) {
            assertThat(v.get("clb").reasons()).anySatisfy(r -> {
                assertThat(r.code()).isEqualTo(DeploymentCheck.UNSUPPORTED_KEY);
                assertThat(r.paths()).containsExactly("acm");
                assertThat(r.fix()).contains("through IAM");
                assertThat(r.confidence()).isEqualTo(Confidence.SRC_2023);
            });
        }
    }

    @Test
    void rsa1024IsAcceptedEverywhere() throws Exception {
        Map<String, DeploymentVerdict> v = verdicts(files(PKI.leaf("www.example.test").keyType(KeyType.RSA_1024)
                .issue(), "rsa1024"));
        assertThat(v.values()).allMatch(DeploymentVerdict::accepted);
    }

    @Test
    void encryptedKeyIsRejectedEverywhere() throws Exception {
        IssuedCertificate leaf = LEAVES.get(KeyType.RSA_2048);
        Files f = files(leaf, "enc");
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS8Generator(leaf.key(), new JceOpenSSLPKCS8EncryptorBuilder(
                    PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .setPassword("secret".toCharArray()).build()));
        }
        java.nio.file.Files.writeString(f.key, w.toString());
        Map<String, DeploymentVerdict> v = verdicts(f);
        for (DeploymentVerdict d : v.values()) {
            assertThat(d.accepted()).as(d.platform().id()).isFalse();
            assertThat(d.rejections()).extracting(DeploymentVerdict.Reason::code)
                    .contains(DeploymentCheck.ENCRYPTED_KEY);
        }
    }

    @Test
    void chainContainingTheLeafIsRejectedWithIamWords() throws Exception {
        IssuedCertificate leaf = LEAVES.get(KeyType.RSA_2048);
        Files f = files(leaf, "leafinchain");
        java.nio.file.Files.copy(f.dir.resolve("fullchain.pem"), f.chain,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, DeploymentVerdict> v = verdicts(f);
        assertThat(v.get("acm").codes()).contains(DeploymentCheck.LEAF_IN_CHAIN);
        DeploymentVerdict.Reason iam = v.get("iam").rejections().get(0);
        assertThat(iam.code()).isEqualTo(DeploymentCheck.LEAF_IN_CHAIN);
        assertThat(iam.platformWords()).startsWith("MalformedCertificate: Unable to validate certificate chain.");
        assertThat(v.get("alb").accepted()).isFalse();
    }

    @Test
    void chainOutOfOrderIsRejected() throws Exception {
        IssuedCertificate upper = PKI.newIntermediate("upper intermediate", KeyType.EC_P256);
        IssuedCertificate lower = PKI.newIntermediate("lower intermediate", KeyType.EC_P256, upper);
        IssuedCertificate leaf = PKI.leaf("www.example.test").keyType(KeyType.EC_P256).issuedBy(lower).issue();
        Files f = files(leaf, "order");
        String text = java.nio.file.Files.readString(f.chain);
        int second = text.indexOf("-----BEGIN", 1);
        java.nio.file.Files.writeString(f.chain, text.substring(second) + text.substring(0, second));
        Map<String, DeploymentVerdict> v = verdicts(f);
        for (String id : List.of("acm", "iam", "alb", "nlb", "clb")) {
            assertThat(v.get(id).accepted()).as(id).isFalse();
            assertThat(v.get(id).rejections()).extracting(DeploymentVerdict.Reason::code)
                    .contains(DeploymentCheck.CHAIN_ORDER);
        }
    }

    @Test
    void keyOfAnotherCertificateIsAMismatch() throws Exception {
        Files f = files(LEAVES.get(KeyType.RSA_2048), "mismatch");
        files(LEAVES.get(KeyType.RSA_3072), "other");
        java.nio.file.Files.copy(dir.resolve("other").resolve("key.pem"), f.key,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, DeploymentVerdict> v = verdicts(f);
        DeploymentVerdict.Reason iam = v.get("iam").rejections().get(0);
        assertThat(iam.code()).isEqualTo(DeploymentCheck.KEY_MISMATCH);
        assertThat(iam.platformWords()).startsWith("KeyPairMismatch");
        assertThat(v.get("acm").accepted()).isFalse();
    }

    @Test
    void trailingWhitespaceIsMalformedPem() throws Exception {
        Files f = files(LEAVES.get(KeyType.EC_P384), "ws");
        List<String> lines = java.nio.file.Files.readAllLines(f.cert);
        lines.set(2, lines.get(2) + "  ");
        java.nio.file.Files.write(f.cert, lines);
        Map<String, DeploymentVerdict> v = verdicts(f);
        DeploymentVerdict.Reason iam = v.get("iam").rejections().get(0);
        assertThat(iam.code()).isEqualTo(DeploymentCheck.MALFORMED_PEM);
        assertThat(iam.message()).contains("cert.pem:3").contains("PEM_STRAY_WHITESPACE");
        assertThat(iam.platformWords()).isEqualTo("MalformedCertificate: Unable to parse certificate. Please ensure "
                + "the certificate is in PEM format.");
        assertThat(v.get("acm").accepted()).isFalse();
    }

    @Test
    void expiredCertificateCannotBeImportedIntoAcmAndIamOnlyWarns() throws Exception {
        IssuedCertificate old = PKI.leaf("www.example.test").notBefore(Instant.now().minus(Duration.ofDays(100)))
                .validFor(Duration.ofDays(10)).issue();
        Map<String, DeploymentVerdict> v = verdicts(files(old, "expired"));
        assertThat(v.get("acm").accepted()).isFalse();
        assertThat(v.get("acm").rejections().get(0).code()).isEqualTo(DeploymentCheck.NOT_VALID_NOW);
        assertThat(v.get("iam").accepted()).isTrue();
        assertThat(v.get("iam").codes()).contains(DeploymentCheck.NOT_VALID_NOW);
        assertThat(v.get("alb").acceptedVia()).containsExactly("iam");
    }

    @Test
    void missingChainIsAcceptedWithAWarningAndNoKeyIsANote() throws Exception {
        Files f = files(LEAVES.get(KeyType.RSA_2048), "nochain");
        PemInputs in = new PemInputs(PemBundle.parse(f.cert), null, null);
        ChainReport report = analyze(in, f);
        DeploymentVerdict d = CHECK.check(RULES.platform("acm").orElseThrow(), in, report);
        assertThat(d.accepted()).isTrue();
        assertThat(d.codes()).containsExactly(DeploymentCheck.CHAIN_INCOMPLETE, DeploymentCheck.KEY_NOT_CHECKED);
    }

    @Test
    void selectAcceptsCommasAndNamesUnknownTargets() {
        assertThat(RULES.select(List.of("alb,NLB", "alb"))).extracting(Platform::id).containsExactly("alb", "nlb");
        assertThatThrownBy(() -> RULES.select(List.of("elb"))).hasMessage(
                "target: elb (expected: one of acm, iam, alb, nlb, clb)");
    }

    @Test
    void badRuleLinesNameTheLine() {
        assertThatThrownBy(() -> DeployRules.parse("platform\tx\t-\tX\nkeys\tx\t*\tRSA_999\tsrc\ts\n", "t.tsv"))
                .hasMessageStartingWith("t.tsv line 2: key: RSA_999");
        assertThatThrownBy(() -> DeployRules.parse("platform\tx\tnope\tX\n", "t.tsv"))
                .hasMessageContaining("via nope");
    }

    private record Files(Path dir, Path cert, Path chain, Path key, Path root) {
    }

    private static Files files(IssuedCertificate c, String name) {
        Path d = c.writeTo(dir.resolve(name));
        return new Files(d, d.resolve("cert.pem"), d.resolve("chain.pem"), d.resolve("key.pem"), d.resolve("root.pem"));
    }

    private static Map<String, DeploymentVerdict> verdicts(Files f) throws Exception {
        PemInputs in = new PemInputs(PemBundle.parse(f.cert), PemBundle.parse(f.chain), PemBundle.parse(f.key));
        ChainReport report = analyze(in, f);
        Map<String, DeploymentVerdict> out = new java.util.LinkedHashMap<>();
        for (DeploymentVerdict v : CHECK.check(RULES.platforms(), in, report)) {
            out.put(v.platform().id(), v);
            String text = v.toString();
            assertThat(text).doesNotContain("PRIVATE KEY-----");
        }
        return out;
    }

    private static ChainReport analyze(PemInputs in, Files f) throws Exception {
        TrustAnchors anchors = TrustAnchors.fromPem(f.root);
        return new ChainAnalyzer(anchors, List.of(), null, ChainPolicy.defaults(), Clock.systemUTC(), Runnable::run)
                .analyzeCertificates(in.served(), null).get();
    }
}
