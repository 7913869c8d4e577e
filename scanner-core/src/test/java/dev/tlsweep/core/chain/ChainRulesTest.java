package dev.tlsweep.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.TestPki;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The chain rules one at a time, on paths the path builder makes from test certificates: no network. */
class ChainRulesTest {

    private static final TestPki PKI = TestPki.create();
    private static final Clock CLOCK = Clock.systemUTC();

    private static ChainRules.Input input(List<X509Certificate> served, String host) throws Exception {
        PathBuilder builder = new PathBuilder(TrustAnchors.of(List.of(PKI.root())), List.of(), null, Runnable::run);
        PathBuilder.Built b = builder.build(served, host, CLOCK.instant(), SignatureChecks.standard())
                .get(5, TimeUnit.SECONDS);
        List<CertificateInfo> servedInfo = new ArrayList<>();
        for (X509Certificate c : b.served()) {
            servedInfo.add(Certificates.info(c, CLOCK));
        }
        List<CertificateInfo> pathInfo = new ArrayList<>();
        for (PathBuilder.Node n : b.path()) {
            pathInfo.add(Certificates.info(n.cert(), CLOCK));
        }
        return new ChainRules.Input(b, servedInfo, pathInfo, OpenSslVerdict.of(0, 0), ChainPolicy.defaults(), false);
    }

    private static List<String> apply(BiConsumer<ChainRules.Input, List<Finding>> rule, ChainRules.Input in) {
        List<Finding> out = new ArrayList<>();
        rule.accept(in, out);
        return out.stream().map(Finding::code).toList();
    }

    @Test
    void theLeafIsFoundWhereverItIsServedAndTheOrderRuleNamesIt() throws Exception {
        IssuedCertificate leaf = PKI.leaf("localhost").issue();
        ChainRules.Input in = input(List.of(PKI.intermediate().certificate(), leaf.certificate()), "localhost");
        assertThat(in.built().leafIndex()).isEqualTo(1);
        assertThat(in.built().trusted()).isTrue();
        assertThat(apply(ChainRules::order, in)).containsExactly("CHAIN_WRONG_ORDER");
        assertThat(apply(ChainRules::trust, in)).isEmpty();
    }

    @Test
    void aMissingIntermediateIsIncompleteAndNothingElse() throws Exception {
        ChainRules.Input in = input(List.of(PKI.leaf("localhost").issue().certificate()), "localhost");
        assertThat(in.built().trusted()).isFalse();
        assertThat(apply(ChainRules::trust, in)).containsExactly("CHAIN_INCOMPLETE");
        assertThat(apply(ChainRules::order, in)).isEmpty();
        assertThat(apply(ChainRules::extras, in)).isEmpty();
        assertThat(ChainRules.fixedChain(in.built())).isNull();
    }

    @Test
    void aServedRootAndARepeatedLeafAreExtras() throws Exception {
        IssuedCertificate leaf = PKI.leaf("localhost").issue();
        ChainRules.Input in = input(List.of(leaf.certificate(), PKI.intermediate().certificate(), PKI.root(),
                leaf.certificate()), "localhost");
        assertThat(apply(ChainRules::extras, in)).containsExactlyInAnyOrder("CHAIN_LEAF_REPEATED",
                "CHAIN_CONTAINS_ROOT");
        assertThat(Der.hex(ChainRules.fixedChain(in.built()))).containsExactlyElementsOf(
                Der.hex(Der.of(List.of(leaf.certificate(), PKI.intermediate().certificate()))));
    }

    @Test
    void validityNameKeyAndLifetimeRulesEachSeeOnlyTheirProblem() throws Exception {
        Instant now = Instant.now();
        IssuedCertificate expired = PKI.leaf("localhost").notBefore(now.minus(Duration.ofDays(100)))
                .notAfter(now.minus(Duration.ofDays(1))).issue();
        ChainRules.Input old = input(expired.fullChain(), "localhost");
        assertThat(apply(ChainRules::validity, old)).containsExactly("CERT_EXPIRED");
        assertThat(apply(ChainRules::name, old)).isEmpty();

        ChainRules.Input wrongHost = input(PKI.leaf("localhost").issue().fullChain(), "example.test");
        assertThat(apply(ChainRules::name, wrongHost)).containsExactly("CERT_HOSTNAME_MISMATCH");
        assertThat(ChainRules.hostnameValid(wrongHost.built())).isFalse();
        assertThat(apply(ChainRules::validity, wrongHost)).isEmpty();

        ChainRules.Input weak = input(PKI.leaf("localhost").keyType(dev.tlsweep.lab.KeyType.RSA_1024).issue()
                .fullChain(), "localhost");
        assertThat(apply(ChainRules::keys, weak)).containsExactly("CERT_WEAK_KEY");

        ChainRules.Input longLived = input(PKI.leaf("localhost").validFor(Duration.ofDays(800)).issue().fullChain(),
                "localhost");
        assertThat(apply(ChainRules::lifetime, longLived)).containsExactly("CERT_LONG_LIFETIME");
        assertThat(apply(ChainRules::signatures, longLived)).isEmpty();
    }
}
