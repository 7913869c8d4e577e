package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tlsweep.core.chain.AiaAccess;
import dev.tlsweep.core.chain.AiaFetcher;
import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainPolicy;
import dev.tlsweep.core.chain.FullChainWriter;
import dev.tlsweep.core.chain.TrustAnchors;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of the chain work on live endpoints: lab servers (Netty/BoringSSL, the JDK, and
 * {@code openssl s_server}) serving each chain problem are reported with exactly the expected chain
 * findings, and tlsweep's verdict agrees with {@code openssl s_client -verify_return_error -CAfile
 * <lab root>} on the same endpoint.
 */
class ServedChainScanTest {

    private static final Pattern VERIFY_CODE = Pattern.compile("Verify return code: (\\d+)");

    private static TestPki pki;
    private static TestPki unrelated;
    private static X509Certificate inter;

    @TempDir
    static Path dir;

    @BeforeAll
    static void pki() {
        pki = TestPki.create();
        unrelated = TestPki.create("unrelated", KeyType.EC_P256, KeyType.EC_P256);
        inter = pki.intermediate().certificate();
    }

    @Test
    void fullChainOnBoringSsl() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        try (LabServer s = boring(leaf, List.of(inter))) {
            expect(s.port(), "localhost", Set.of(), true);
        }
    }

    @Test
    void leafOnlyOnOpenSsl() throws Exception {
        assumeTrue(OpenSslServer.available());
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        try (OpenSslServer s = OpenSslServer.builder().certificate(leaf).servedChain(List.of()).start()) {
            expect(s.port(), "localhost", Set.of("CHAIN_INCOMPLETE"), true);
        }
    }

    @Test
    void leafOnlyFixedThroughAiaAndByFixChain() throws Exception {
        assumeTrue(OpenSslServer.available());
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] der = inter.getEncoded();
        http.createContext("/inter.cer", exchange -> {
            exchange.sendResponseHeaders(200, der.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(der);
            }
        });
        http.start();
        try {
            IssuedCertificate leaf = pki.leaf("localhost")
                    .aiaCaIssuers("http://127.0.0.1:" + http.getAddress().getPort() + "/inter.cer").issue();
            try (OpenSslServer s = OpenSslServer.builder().certificate(leaf).servedChain(List.of()).start()) {
                EndpointReport r = expect(s.port(), "localhost", Set.of("CHAIN_INCOMPLETE_AIA_FIXABLE"), true);
                ChainReport chain = r.chains().get(0);
                assertThat(chain.aiaFixable()).isTrue();
                assertThat(chain.trusted()).isTrue();
                assertThat(chain.complete()).isFalse();
                // --fix-chain: the written fullchain.pem, served by s_server, verifies.
                Path written = FullChainWriter.write(dir, "aia", chain);
                assertThat(written.getFileName().toString()).isEqualTo("fullchain.pem");
                try (OpenSslServer fixed = OpenSslServer.builder()
                        .certificate(leaf).servedChain(List.of(inter)).start()) {
                    assertThat(Files.readString(written)).contains("BEGIN CERTIFICATE");
                    String out = sClient(fixed.port(), "localhost");
                    assertThat(out).contains("Verify return code: 0 (ok)");
                }
                try (OpenSslServer fromFile = OpenSslServer.builder().certificate(leaf)
                        .servedChain(chainOf(written)).start()) {
                    assertThat(sClient(fromFile.port(), "localhost")).contains("Verify return code: 0 (ok)");
                }
            }
        } finally {
            http.stop(0);
        }
    }

    @Test
    void intermediateBeforeLeaf() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        try (CannedResponder s = CannedResponder.builder().version(0x0303, 0xC02F)
                .certificateChain(List.of(inter.getEncoded(), leaf.certificate().getEncoded())).start()) {
            EndpointReport r = scan(s.port(), "localhost");
            assertThat(chainCodes(r)).containsExactlyInAnyOrder("CHAIN_WRONG_ORDER");
        }
    }

    @Test
    void unrelatedExtraCertificate() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        try (LabServer s = boring(leaf, List.of(inter, unrelated.intermediate().certificate()))) {
            expect(s.port(), "localhost", Set.of("CHAIN_EXTRA_CERT"), false);
        }
    }

    @Test
    void rootIncluded() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").issue();
        try (LabServer s = boring(leaf, List.of(inter, pki.root()))) {
            expect(s.port(), "localhost", Set.of("CHAIN_CONTAINS_ROOT"), true);
        }
    }

    @Test
    void expiredAndNotYetValid() throws Exception {
        Instant now = Instant.now();
        IssuedCertificate expired = pki.leaf("localhost").notBefore(now.minus(Duration.ofDays(100)))
                .notAfter(now.minus(Duration.ofDays(2))).issue();
        try (LabServer s = boring(expired, List.of(inter))) {
            expect(s.port(), "localhost", Set.of("CERT_EXPIRED"), true);
        }
        IssuedCertificate future = pki.leaf("localhost").notBefore(now.plus(Duration.ofDays(10))).issue();
        try (LabServer s = boring(future, List.of(inter))) {
            expect(s.port(), "localhost", Set.of("CERT_NOT_YET_VALID"), true);
        }
    }

    @Test
    void selfSigned() throws Exception {
        IssuedCertificate self = pki.leaf("localhost").selfSigned(true).issue();
        try (LabServer s = boring(self, List.of())) {
            expect(s.port(), "localhost", Set.of("CERT_SELF_SIGNED"), true);
        }
    }

    @Test
    void nameNotCovered() throws Exception {
        IssuedCertificate leaf = pki.leaf("www.example.org").issue();
        try (LabServer s = boring(leaf, List.of(inter))) {
            expect(s.port(), "localhost", Set.of("CERT_HOSTNAME_MISMATCH"), true);
        }
    }

    @Test
    void weakSignatureAndKeys() throws Exception {
        IssuedCertificate sha1 = pki.leaf("localhost").signatureAlgorithm("SHA1withRSA").issue();
        try (LabServer s = boring(sha1, List.of(inter))) {
            expect(s.port(), "localhost", Set.of("CERT_WEAK_SIGNATURE"), false);
        }
        IssuedCertificate rsa1024 = pki.leaf("localhost").keyType(KeyType.RSA_1024).issue();
        try (LabServer s = boring(rsa1024, List.of(inter))) {
            expect(s.port(), "localhost", Set.of("CERT_WEAK_KEY"), false);
        }
    }

    @Test
    void strongKeysHaveNoFindings() throws Exception {
        for (KeyType type : List.of(KeyType.RSA_2048, KeyType.RSA_4096, KeyType.EC_P256, KeyType.EC_P384)) {
            IssuedCertificate leaf = pki.leaf("localhost").keyType(type).issue();
            try (LabServer s = boring(leaf, List.of(inter))) {
                EndpointReport r = expect(s.port(), "localhost", Set.of(), true);
                assertThat(r.chains().get(0).served().get(0).keyBits()).as(type.name()).isEqualTo(type.bits());
            }
        }
    }

    @Test
    void tls13OnlyServer() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").keyType(KeyType.EC_P256).issue();
        try (LabServer s = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.3")
                .certificate(leaf).servedChain(List.of(inter)).start()) {
            EndpointReport r = expect(s.port(), "localhost", Set.of(), true);
            assertThat(r.served().chains().get(0).version()).isEqualTo(ProtocolVersion.TLSv1_3);
        }
    }

    @Test
    void rsaAndEcdsaCertificatesOnOneServer() throws Exception {
        IssuedCertificate rsa = pki.leaf("localhost").keyType(KeyType.RSA_2048).issue();
        IssuedCertificate ec = pki.leaf("localhost").keyType(KeyType.EC_P256).issue();
        try (LabServer s = LabServer.builder().provider(TlsProvider.JDK).protocols("TLSv1.2", "TLSv1.3")
                .certificates(rsa, ec).start()) {
            EndpointReport r = scan(s.port(), "localhost");
            assertThat(r.served().chains()).extracting(c -> c.keyType()).containsExactlyInAnyOrder("RSA", "ECDSA");
            assertThat(r.chains()).hasSize(2).allSatisfy(c -> {
                assertThat(c.trusted()).isTrue();
                assertThat(c.hostnameValid()).isTrue();
            });
            assertThat(chainCodes(r)).isEmpty();
        }
    }

    @Test
    void twoNamesWithDifferentCertificatesBySni() throws Exception {
        IssuedCertificate a = pki.leaf("a.example").issue();
        IssuedCertificate b = pki.leaf("b.example").freshKey().issue();
        try (LabServer s = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2", "TLSv1.3")
                .certificate(a).sni("a.example", a).sni("b.example", b).start()) {
            EndpointReport ra = scan(s.port(), "a.example");
            EndpointReport rb = scan(s.port(), "b.example");
            assertThat(ra.chains().get(0).served().get(0).dnsNames()).containsExactly("a.example");
            assertThat(rb.chains().get(0).served().get(0).dnsNames()).containsExactly("b.example");
            assertThat(ra.chains().get(0).hostnameValid()).isTrue();
            assertThat(rb.chains().get(0).hostnameValid()).isTrue();
            assertThat(rb.chains().get(0).served().get(0).sha256()).isNotEqualTo(ra.chains().get(0).served().get(0).sha256());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static LabServer boring(IssuedCertificate leaf, List<X509Certificate> chain) {
        return LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2", "TLSv1.3")
                .certificate(leaf).servedChain(chain).start();
    }

    /**
     * Scans, checks the chain finding codes, and compares tlsweep's OpenSSL verdict (and whether the
     * served chain alone reaches the root) with {@code openssl s_client} on the same endpoint.
     */
    private static EndpointReport expect(int port, String sni, Set<String> codes, boolean compareWithSClient)
            throws Exception {
        EndpointReport r = scan(port, sni);
        assertThat(r.status()).isEqualTo(ScanStatus.OK);
        assertThat(r.chains()).isNotEmpty();
        assertThat(chainCodes(r)).as(r.findings().toString()).containsExactlyInAnyOrderElementsOf(codes);
        if (compareWithSClient && OpenSslServer.available()) {
            String out = sClient(port, sni);
            Matcher m = VERIFY_CODE.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            int code = Integer.parseInt(m.group(1));
            ChainReport chain = r.chains().get(0);
            assertThat(chain.openssl().code()).as("OpenSSL verify code\n" + out).isEqualTo(code);
            boolean openSslBuildsPath = !Set.of(2, 18, 19, 20, 21).contains(code);
            assertThat(chain.complete() && chain.trusted()).as("path to the root from the served chain")
                    .isEqualTo(openSslBuildsPath);
        }
        return r;
    }

    private static EndpointReport scan(int port, String sni) throws Exception {
        try (ScanEngine engine = new ScanEngine(Scans.fastConfig());
                AiaFetcher aia = new AiaFetcher(engine, 64 * 1024, AiaAccess.ANY)) {
            ChainAnalyzer analyzer = new ChainAnalyzer(TrustAnchors.of(List.of(pki.root())), List.of(), aia,
                    ChainPolicy.defaults(), Clock.systemUTC());
            Scanner scanner = Scanner.builder(engine).analyzer(analyzer).options(ScanOptions.defaults()
                    .withVersions(EnumSet.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3))).build();
            return scanner.scan(new Target("127.0.0.1:" + port, "127.0.0.1", port, sni)).get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> chainCodes(EndpointReport r) {
        return r.findings().stream().map(Finding::code)
                .filter(c -> c.startsWith("CHAIN_") || c.startsWith("CERT_")).distinct().collect(Collectors.toList());
    }

    /** {@code openssl s_client -verify_return_error -CAfile <lab root>}, checking the name like tlsweep does. */
    private static String sClient(int port, String name) throws Exception {
        Path root = dir.resolve("root.pem");
        if (!Files.exists(root)) {
            pki.writeRoot(root);
        }
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", name, "-verify_return_error", "-CAfile", root.toString(), "-verify_hostname", name,
                "-auth_level", "0", "-cipher", "DEFAULT:@SECLEVEL=0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<X509Certificate> chainOf(Path fullchain) throws Exception {
        var cf = java.security.cert.CertificateFactory.getInstance("X.509");
        List<X509Certificate> all = new ArrayList<>();
        try (var in = Files.newInputStream(fullchain)) {
            for (var c : cf.generateCertificates(in)) {
                all.add((X509Certificate) c);
            }
        }
        return all.subList(1, all.size()); // what follows the leaf
    }
}
