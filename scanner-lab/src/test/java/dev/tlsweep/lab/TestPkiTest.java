package dev.tlsweep.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestPkiTest {

    private TestPki pki;

    @BeforeAll
    void createPki() {
        pki = TestPki.create();
    }

    private static void validate(X509Certificate root, List<X509Certificate> path) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
    }

    @Test
    void defaultChainVerifiesAgainstTheRoot() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost", "127.0.0.1").issue();

        validate(pki.root(), leaf.fullChain());
        assertThat(pki.root().getSubjectX500Principal().getName()).isEqualTo("CN=tlsweep lab root");
        assertThat(pki.intermediate().certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=tlsweep lab intermediate");
        assertThat(leaf.issuers()).containsExactly(pki.intermediate().certificate());
        assertThat(leaf.root()).isEqualTo(pki.root());
        assertThat(leaf.fullChain()).containsExactly(leaf.certificate(), pki.intermediate().certificate());
        assertThat(leaf.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(pki.intermediate().certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(leaf.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        Collection<List<?>> sans = leaf.certificate().getSubjectAlternativeNames();
        assertThat(sans).containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = "RSA_4096", mode = EnumSource.Mode.EXCLUDE)
    void leafKeysHaveTheRequestedTypeAndSize(KeyType type) throws Exception {
        IssuedCertificate leaf = pki.leaf("keys.test").keyType(type).issue();

        if (type.isRsa()) {
            assertThat(((RSAPublicKey) leaf.certificate().getPublicKey()).getModulus().bitLength())
                    .isEqualTo(type.bits());
        } else {
            assertThat(((ECPublicKey) leaf.certificate().getPublicKey()).getParams().getCurve().getField()
                    .getFieldSize()).isEqualTo(type.bits());
        }
        assertThat(leaf.key().getAlgorithm()).isEqualTo(type.algorithm());
        validate(pki.root(), leaf.fullChain());
    }

    @Test
    void ecdsaPkiSignsWithEcdsa() throws Exception {
        TestPki ec = TestPki.create("ec lab", KeyType.EC_P256, KeyType.EC_P384);
        IssuedCertificate leaf = ec.leaf("ec.test").keyType(KeyType.EC_P256).issue();

        validate(ec.root(), leaf.fullChain());
        assertThat(ec.root().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(ec.root().getSubjectX500Principal().getName()).isEqualTo("CN=ec lab root");
    }

    @Test
    void sha1SignedLeaf() {
        IssuedCertificate leaf = pki.leaf("sha1.test").signatureAlgorithm("SHA1withRSA").issue();

        assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA1withRSA");
    }

    @Test
    void expiredAndNotYetValid() {
        Instant now = Instant.now();
        IssuedCertificate expired = pki.leaf("expired.test")
                .notBefore(now.minus(Duration.ofDays(30))).notAfter(now.minus(Duration.ofDays(1))).issue();
        IssuedCertificate future = pki.leaf("future.test")
                .notBefore(now.plus(Duration.ofDays(1))).validFor(Duration.ofDays(30)).issue();

        assertThatThrownBy(() -> expired.certificate().checkValidity()).isInstanceOf(CertificateExpiredException.class);
        assertThatThrownBy(() -> future.certificate().checkValidity())
                .isInstanceOf(CertificateNotYetValidException.class);
        assertThat(future.certificate().getNotAfter().toInstant())
                .isEqualTo(future.certificate().getNotBefore().toInstant().plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> validate(pki.root(), expired.fullChain()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void commonNameOnlyHasNoSubjectAltName() throws Exception {
        IssuedCertificate leaf = pki.leaf("cn-only.test").commonNameOnly(true).issue();

        assertThat(leaf.certificate().getSubjectAlternativeNames()).isNull();
        assertThat(leaf.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=cn-only.test");
    }

    @Test
    void aiaCaIssuersIsPresent() {
        IssuedCertificate leaf = pki.leaf("aia.test").aiaCaIssuers("http://127.0.0.1:8080/intermediate.cer")
                .aiaOcsp("http://127.0.0.1:8080/ocsp").issue();

        byte[] ext = leaf.certificate().getExtensionValue("1.3.6.1.5.5.7.1.1");
        assertThat(ext).isNotNull();
        AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                ASN1OctetString.getInstance(ext).getOctets());
        List<String> seen = new ArrayList<>();
        for (AccessDescription d : aia.getAccessDescriptions()) {
            assertThat(d.getAccessLocation().getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
            seen.add(d.getAccessMethod().getId() + " " + d.getAccessLocation().getName());
        }
        assertThat(seen).containsExactly(
                AccessDescription.id_ad_caIssuers.getId() + " http://127.0.0.1:8080/intermediate.cer",
                AccessDescription.id_ad_ocsp.getId() + " http://127.0.0.1:8080/ocsp");
    }

    @Test
    void selfSignedLeaf() throws Exception {
        IssuedCertificate leaf = pki.leaf("self.test").keyType(KeyType.EC_P256).selfSigned(true).issue();

        X509Certificate cert = leaf.certificate();
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        cert.verify(cert.getPublicKey());
        assertThat(leaf.isSelfSigned()).isTrue();
        assertThat(leaf.issuers()).isEmpty();
        assertThat(leaf.root()).isEqualTo(cert);
        assertThatThrownBy(() -> validate(pki.root(), leaf.fullChain())).isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void leafIssuedByTheRootDirectlyAndSerial() throws Exception {
        IssuedCertificate leaf = pki.leaf("direct.test").issuedBy(null).serial(BigInteger.valueOf(4242)).issue();

        assertThat(leaf.issuers()).isEmpty();
        assertThat(leaf.certificate().getSerialNumber()).isEqualTo(BigInteger.valueOf(4242));
        validate(pki.root(), leaf.fullChain());
    }

    @Test
    void deeperChainsAndCrossSigning() throws Exception {
        IssuedCertificate second = pki.newIntermediate("second intermediate", KeyType.EC_P256, pki.intermediate());
        IssuedCertificate leaf = pki.leaf("deep.test").issuedBy(second).issue();

        assertThat(leaf.issuers()).containsExactly(second.certificate(), pki.intermediate().certificate());
        validate(pki.root(), leaf.fullChain());

        TestPki other = TestPki.create("other lab", KeyType.EC_P256, KeyType.EC_P256);
        IssuedCertificate otherLeaf = other.leaf("other.test").issue();
        assertThatThrownBy(() -> validate(pki.root(), otherLeaf.fullChain()))
                .isInstanceOf(CertPathValidatorException.class);
        IssuedCertificate cross = pki.crossSign(other);
        List<X509Certificate> path = new ArrayList<>(otherLeaf.fullChain());
        path.add(cross.certificate());
        validate(pki.root(), path);
    }

    @Test
    void leafKeysAreCachedPerTypeUnlessAFreshOneIsAsked() {
        IssuedCertificate a = pki.leaf("a.test").keyType(KeyType.EC_P256).issue();
        IssuedCertificate b = pki.leaf("b.test").keyType(KeyType.EC_P256).issue();
        IssuedCertificate c = pki.leaf("c.test").keyType(KeyType.EC_P256).freshKey().issue();

        assertThat(b.certificate().getPublicKey()).isEqualTo(a.certificate().getPublicKey());
        assertThat(c.certificate().getPublicKey()).isNotEqualTo(a.certificate().getPublicKey());
        assertThat(a.certificate().getPublicKey()).isNotEqualTo(pki.intermediate().certificate().getPublicKey());
    }

    @Test
    void writesPemFiles(@TempDir Path dir) throws Exception {
        IssuedCertificate leaf = pki.leaf("files.test").issue();

        Path out = leaf.writeTo(dir.resolve("leaf"));
        Path rootFile = pki.writeRoot(dir.resolve("ca.pem"));

        assertThat(parse(out.resolve("cert.pem"))).containsExactly(leaf.certificate());
        assertThat(parse(out.resolve("chain.pem"))).containsExactlyElementsOf(leaf.issuers());
        assertThat(parse(out.resolve("fullchain.pem"))).containsExactlyElementsOf(leaf.fullChain());
        assertThat(parse(out.resolve("root.pem"))).containsExactly(pki.root());
        assertThat(parse(rootFile)).containsExactly(pki.root());
        assertThat(Files.readString(out.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> pki.leaf("x.test").validFor(Duration.ZERO))
                .hasMessage("validFor: PT0S (expected: > 0)");
        assertThatThrownBy(() -> pki.leaf("x.test").serial(BigInteger.ZERO)).hasMessage("serial: 0 (expected: > 0)");
        assertThatThrownBy(() -> TestPki.create(" ", KeyType.EC_P256, KeyType.EC_P256))
                .hasMessage("name: ' ' (expected: not blank)");
    }

    private static List<X509Certificate> parse(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        }
    }
}
