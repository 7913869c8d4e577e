package dev.tlsweep.core.chain;

import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The acceptance cases of the chain issue, as served chains with their expected finding codes. */
final class ChainCases {

    record Case(String name, List<X509Certificate> served, String hostname, Set<String> expected,
            boolean expectTrusted) {
        List<byte[]> der() {
            return Der.of(served);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> all(TestPki pki) {
        X509Certificate inter = pki.intermediate().certificate();
        IssuedCertificate leaf = pki.leaf("localhost", "127.0.0.1").issue();
        TestPki other = TestPki.create("unrelated", KeyType.EC_P256, KeyType.EC_P256);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("full chain", leaf.fullChain(), "localhost", Set.of(), true));
        cases.add(new Case("leaf only", List.of(leaf.certificate()), "localhost", Set.of("CHAIN_INCOMPLETE"), false));
        cases.add(new Case("intermediate before leaf", List.of(inter, leaf.certificate()), null,
                Set.of("CHAIN_WRONG_ORDER"), true));
        cases.add(new Case("unrelated extra", List.of(leaf.certificate(), inter, other.intermediate().certificate()),
                "localhost", Set.of("CHAIN_EXTRA_CERT"), true));
        cases.add(new Case("root included", List.of(leaf.certificate(), inter, pki.root()), "localhost",
                Set.of("CHAIN_CONTAINS_ROOT"), true));
        cases.add(new Case("leaf repeated", List.of(leaf.certificate(), leaf.certificate(), inter), "localhost",
                Set.of("CHAIN_LEAF_REPEATED"), true));
        Instant now = Instant.now();
        IssuedCertificate expired = pki.leaf("localhost").notBefore(now.minus(Duration.ofDays(100)))
                .notAfter(now.minus(Duration.ofDays(2))).issue();
        cases.add(new Case("expired", expired.fullChain(), "localhost", Set.of("CERT_EXPIRED"), true));
        IssuedCertificate future = pki.leaf("localhost").notBefore(now.plus(Duration.ofDays(10))).issue();
        cases.add(new Case("not yet valid", future.fullChain(), "localhost", Set.of("CERT_NOT_YET_VALID"), true));
        IssuedCertificate soon = pki.leaf("localhost").notBefore(now.minus(Duration.ofDays(80)))
                .notAfter(now.plus(Duration.ofDays(5))).issue();
        cases.add(new Case("expires soon", soon.fullChain(), "localhost", Set.of("CERT_EXPIRES_SOON"), true));
        IssuedCertificate self = pki.leaf("localhost").selfSigned(true).issue();
        cases.add(new Case("self-signed", List.of(self.certificate()), "localhost", Set.of("CERT_SELF_SIGNED"), false));
        cases.add(new Case("name not covered", leaf.fullChain(), "www.example.org",
                Set.of("CERT_HOSTNAME_MISMATCH"), true));
        IssuedCertificate sha1 = pki.leaf("localhost").signatureAlgorithm("SHA1withRSA").issue();
        cases.add(new Case("SHA-1 signed", sha1.fullChain(), "localhost", Set.of("CERT_WEAK_SIGNATURE"), true));
        cases.add(new Case("RSA 1024", pki.leaf("localhost").keyType(KeyType.RSA_1024).issue().fullChain(),
                "localhost", Set.of("CERT_WEAK_KEY"), true));
        cases.add(new Case("RSA 2048", pki.leaf("localhost").keyType(KeyType.RSA_2048).issue().fullChain(),
                "localhost", Set.of(), true));
        cases.add(new Case("RSA 4096", pki.leaf("localhost").keyType(KeyType.RSA_4096).issue().fullChain(),
                "localhost", Set.of(), true));
        cases.add(new Case("EC P-256", pki.leaf("localhost").keyType(KeyType.EC_P256).issue().fullChain(),
                "localhost", Set.of(), true));
        cases.add(new Case("EC P-384", pki.leaf("localhost").keyType(KeyType.EC_P384).issue().fullChain(),
                "localhost", Set.of(), true));
        cases.add(new Case("CN only", pki.leaf("localhost").commonNameOnly(true).issue().fullChain(), "localhost",
                Set.of("CERT_CN_ONLY"), true));
        cases.add(new Case("long lifetime", pki.leaf("localhost").validFor(Duration.ofDays(800)).issue().fullChain(),
                "localhost", Set.of("CERT_LONG_LIFETIME"), true));
        // A private CA's chain served as it should be (leaf, intermediate), its root not in the trust store: the
        // issuer is unknown, not a missing intermediate.
        cases.add(new Case("untrusted root", other.leaf("localhost").issue().fullChain().stream().toList(),
                "localhost", Set.of("CERT_ISSUER_UNKNOWN"), false));
        List<X509Certificate> withOtherRoot = new ArrayList<>(other.leaf("localhost").issue().fullChain());
        withOtherRoot.add(other.root());
        cases.add(new Case("private root served", withOtherRoot, "localhost",
                Set.of("CERT_UNTRUSTED", "CHAIN_CONTAINS_ROOT"), false));
        return cases;
    }

    private ChainCases() {
    }
}
