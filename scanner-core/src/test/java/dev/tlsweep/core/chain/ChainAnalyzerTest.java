package dev.tlsweep.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.OpenSslVerdict;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.TestPki;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainAnalyzerTest {

    private final TestPki pki = TestPki.create();
    private final List<ChainCases.Case> cases = ChainCases.all(pki);

    ChainAnalyzer analyzer(List<X509Certificate> extra, IssuerFetcher aia) {
        return new ChainAnalyzer(TrustAnchors.of(List.of(pki.root())), extra, aia, ChainPolicy.defaults(),
                Clock.systemUTC(), Runnable::run);
    }

    Stream<ChainCases.Case> cases() {
        return cases.stream();
    }

    static ChainReport get(java.util.concurrent.CompletableFuture<ChainReport> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseHasExactlyTheExpectedFindings(ChainCases.Case c) throws Exception {
        ChainReport r = get(analyzer(List.of(), null).analyze(c.der(), c.hostname()));
        assertThat(new HashSet<>(r.findingCodes())).as(r.findings().toString()).isEqualTo(c.expected());
        assertThat(r.trusted()).isEqualTo(c.expectTrusted());
        assertThat(r.served()).hasSize(c.served().size());
        for (Finding f : r.findings()) {
            assertThat(f.message()).contains("Affected: ");
            assertThat(f.fix()).isNotBlank();
        }
    }

    @Test
    void fullChainIsCompleteTrustedAndFixedChainHasNoRoot() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        ChainReport r = get(analyzer(List.of(), null).analyzeCertificates(leaf.fullChain(), "LOCALHOST."));
        assertThat(r.complete()).isTrue();
        assertThat(r.trusted()).isTrue();
        assertThat(r.hostnameValid()).isTrue();
        assertThat(r.openssl()).isEqualTo(new OpenSslVerdict(0, "ok", 0));
        assertThat(r.path()).hasSize(3);
        assertThat(r.path().get(2).subject()).isEqualTo("CN=tlsweep lab root");
        assertThat(Der.hex(r.fixedChain())).containsExactlyElementsOf(Der.hex(Der.of(leaf.fullChain())));
        CertificateInfo info = r.served().get(0);
        assertThat(info.keyType()).isEqualTo("RSA");
        assertThat(info.keyBits()).isEqualTo(2048);
        assertThat(info.signatureAlgorithm()).isEqualTo("SHA256withRSA");
        assertThat(info.dnsNames()).containsExactly("localhost");
        assertThat(info.serialHex()).isEqualTo(
                java.util.HexFormat.of().formatHex(leaf.certificate().getSerialNumber().toByteArray()));
        assertThat(info.sha256()).hasSize(64).isLowerCase();
        assertThat(info.daysLeft()).isBetween(88L, 90L);
    }

    @Test
    void leafOnlyIsIncompleteWithOpenSslTwentyAndTheWordsOfEachClient() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        ChainReport r = get(analyzer(List.of(), null).analyzeCertificates(List.of(leaf.certificate()), null));
        assertThat(r.complete()).isFalse();
        assertThat(r.fixedChain()).isNull();
        assertThat(r.openssl()).isEqualTo(new OpenSslVerdict(20, "unable to get local issuer certificate", 0));
        String m = r.findings().get(0).message();
        assertThat(m).contains("OpenSSL: `verify error:num=20:unable to get local issuer certificate`")
                .contains("curl: `curl: (60) SSL certificate problem: unable to get local issuer certificate`")
                .contains("PKIX path building failed")
                .contains("Verify return code: 21 (unable to verify the first certificate)");
    }

    @Test
    void intermediatesBundleCompletesTheChain() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        ChainReport r = get(analyzer(List.of(pki.intermediate().certificate()), null)
                .analyzeCertificates(List.of(leaf.certificate()), "localhost"));
        assertThat(r.findingCodes()).containsExactly("CHAIN_INCOMPLETE");
        assertThat(r.trusted()).isTrue();
        assertThat(r.complete()).isFalse();
        assertThat(r.aiaFixable()).isFalse();
        assertThat(Der.hex(r.fixedChain())).containsExactlyElementsOf(Der.hex(Der.of(leaf.fullChain())));
    }

    @Test
    void wrongOrderOfIntermediatesIsMediumAndPathIsRebuilt() throws Exception {
        IssuedCertificate inter2 = pki.newIntermediate("second", dev.tlsweep.lab.KeyType.EC_P256,
                pki.intermediate());
        IssuedCertificate leaf = pki.leaf("localhost").issuedBy(inter2).issue();
        ChainReport r = get(analyzer(List.of(), null).analyzeCertificates(
                List.of(leaf.certificate(), pki.intermediate().certificate(), inter2.certificate()), "localhost"));
        assertThat(r.findingCodes()).containsExactly("CHAIN_WRONG_ORDER");
        assertThat(r.findings().get(0).severity()).isEqualTo(dev.tlsweep.core.report.Severity.MEDIUM);
        assertThat(Der.hex(r.fixedChain())).containsExactlyElementsOf(Der.hex(Der.of(leaf.fullChain())));
        assertThat(r.openssl().code()).isZero();
    }

    @Test
    void unparseableCertificateIsAFindingNotAFailure() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        ChainReport r = get(analyzer(List.of(), null).analyze(List.of(leaf.certificate().getEncoded(),
                new byte[] {0x30, 0x03, 1, 2, 3}, pki.intermediate().certificate().getEncoded()), "localhost"));
        assertThat(r.findingCodes()).containsExactly("CERT_UNPARSEABLE");
        assertThat(r.trusted()).isTrue();
        ChainReport empty = get(analyzer(List.of(), null).analyze(List.of(), null));
        assertThat(empty.findingCodes()).containsExactly("CHAIN_EMPTY");
    }

    @Test
    void systemAnchorsDoNotTrustTheLab() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        ChainAnalyzer a = new ChainAnalyzer(TrustAnchors.system(), List.of(), null, ChainPolicy.defaults(),
                Clock.systemUTC());
        ChainReport r = get(a.analyzeCertificates(leaf.fullChain(), "localhost"));
        assertThat(r.trusted()).isFalse();
        assertThat(r.findingCodes()).containsExactly("CERT_ISSUER_UNKNOWN");
        ChainReport plus = get(new ChainAnalyzer(TrustAnchors.system().plus(TrustAnchors.of(List.of(pki.root()))),
                List.of(), null, ChainPolicy.defaults(), Clock.systemUTC()).analyzeCertificates(leaf.fullChain(),
                "localhost"));
        assertThat(plus.trusted()).isTrue();
    }

    @Test
    void crossSignedPathReachesTheAnchorItTrusts() throws Exception {
        TestPki newer = TestPki.create("newer", dev.tlsweep.lab.KeyType.EC_P256, dev.tlsweep.lab.KeyType.EC_P256);
        IssuedCertificate cross = pki.crossSign(newer);
        IssuedCertificate leaf = newer.leaf("localhost").issue();
        List<X509Certificate> served = new java.util.ArrayList<>(leaf.fullChain());
        served.add(cross.certificate());
        ChainReport r = get(analyzer(List.of(), null).analyzeCertificates(served, "localhost"));
        assertThat(r.trusted()).isTrue();
        assertThat(r.findingCodes()).isEmpty();
        assertThat(r.path()).hasSize(4);
    }

    @Test
    void findingCodesAreAllDocumented() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "FINDINGS.md"));
        Set<String> codes = new HashSet<>();
        for (ChainCases.Case c : cases) {
            codes.addAll(c.expected());
        }
        codes.addAll(List.of("CHAIN_INCOMPLETE_AIA_FIXABLE", "CERT_UNPARSEABLE", "CHAIN_EMPTY"));
        for (String code : codes) {
            assertThat(doc).as(code).contains("`" + code + "`");
        }
    }
}
