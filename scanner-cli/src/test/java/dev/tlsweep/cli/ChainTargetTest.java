package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainTargetTest {

    private static final TestPki PKI = TestPki.create();

    @TempDir
    Path dir;

    private static ChainCommandTest.Result run(String... args) {
        return ChainCommandTest.run(args);
    }

    private String[] args(Path d, String... more) {
        String[] base = {"chain", d.resolve("cert.pem").toString(), "--chain", d.resolve("chain.pem").toString(),
            "--key", d.resolve("key.pem").toString(), "--ca-file", d.resolve("root.pem").toString(), "--no-color"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void rsa2048IsAcceptedEverywhereAndExitsZero() {
        Path d = PKI.leaf("www.example.test").issue().writeTo(dir.resolve("ok"));
        ChainCommandTest.Result r = run(args(d, "--target", "alb,nlb", "--target", "clb", "--target", "acm,iam"));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Deployment").contains("  alb  would be accepted")
                .contains("  nlb  would be accepted").contains("  clb  would be accepted")
                .contains("  acm  would be accepted").contains("  iam  would be accepted")
                .doesNotContain("rejected");
    }

    @Test
    void rsa4096IsRejectedByNlbInItsWordsAndExitsFour() {
        IssuedCertificate leaf = PKI.leaf("www.example.test").keyType(KeyType.RSA_4096).issue();
        Path d = leaf.writeTo(dir.resolve("rsa4096"));
        ChainCommandTest.Result r = run(args(d, "--target", "alb,nlb,clb"));
        assertThat(r.code()).isEqualTo(ChainCommand.PROBLEMS);
        assertThat(r.out()).contains("  alb  would be accepted").contains("  nlb  would be rejected")
                .contains("rejected DEPLOY_UNSUPPORTED_KEY: UnsupportedCertificate: The certificate '<arn>' must "
                        + "have a fully-qualified domain name, a supported signature, and a supported key size. — ")
                .contains("— fix: ").contains("  clb  would be accepted through IAM only");
        assertThat(run(args(d, "--target", "alb")).code()).isZero();
    }

    @Test
    void jsonCarriesTheVerdictsAndNoKeyMaterial() throws Exception {
        IssuedCertificate leaf = PKI.leaf("www.example.test").keyType(KeyType.EC_P256).issue();
        IssuedCertificate other = PKI.leaf("www.example.test").keyType(KeyType.EC_P256).freshKey().issue();
        Path d = leaf.writeTo(dir.resolve("mismatch"));
        Path o = other.writeTo(dir.resolve("other"));
        Files.copy(o.resolve("key.pem"), d.resolve("key.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ChainCommandTest.Result r = run(args(d, "--target", "iam", "--json"));
        assertThat(r.code()).isEqualTo(ChainCommand.PROBLEMS);
        assertThat(r.out()).contains("\"deployment\":[{\"platform\":\"iam\"").contains("\"accepted\":false")
                .contains("\"code\":\"DEPLOY_KEY_MISMATCH\"").contains("\"platformWords\":\"KeyPairMismatch");
        String all = r.out() + r.err();
        assertThat(all).doesNotContain(Base64.getEncoder().encodeToString(other.key().getEncoded()).substring(0, 40));
        for (String line : Files.readAllLines(d.resolve("key.pem"))) {
            if (!line.startsWith("-----")) {
                assertThat(all).doesNotContain(line);
            }
        }
    }

    @Test
    void unknownTargetExitsTwoAndListsTheKnownOnes() {
        Path d = PKI.leaf("www.example.test").issue().writeTo(dir.resolve("x"));
        ChainCommandTest.Result r = run(args(d, "--target", "elb"));
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("target: elb (expected: one of acm, iam, alb, nlb, clb)");
    }
}
