package dev.tlsweep.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.OpenSslServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.core.engine.EngineConfig;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.report.AiaFetch;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** AIA completion against a local HTTP server, and the written fullchain.pem served by openssl s_server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiaAndFixChainTest {

    private final TestPki pki = TestPki.create();
    private final AtomicInteger hits = new AtomicInteger();
    private HttpServer http;
    private ScanEngine engine;
    private String base;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        byte[] der = pki.intermediate().certificate().getEncoded();
        byte[] pem = Der.pem(List.of(pki.intermediate().certificate())).getBytes(StandardCharsets.US_ASCII);
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addCertificates(new JcaCertStore(List.of(pki.intermediate().certificate())));
        byte[] p7c = gen.generate(new CMSProcessableByteArray(new byte[0])).getEncoded();
        http.createContext("/inter.cer", ex -> reply(ex, 200, der));
        http.createContext("/inter.pem", ex -> reply(ex, 200, pem));
        http.createContext("/inter.p7c", ex -> reply(ex, 200, p7c));
        http.createContext("/big", ex -> reply(ex, 200, new byte[200_000]));
        http.createContext("/missing", ex -> reply(ex, 404, new byte[0]));
        http.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/inter.cer");
            reply(ex, 302, new byte[0]);
        });
        http.createContext("/elsewhere", ex -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.2:" + http.getAddress().getPort() + "/inter.cer");
            reply(ex, 302, new byte[0]);
        });
        http.createContext("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop");
            reply(ex, 302, new byte[0]);
        });
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();
        engine = new ScanEngine(EngineConfig.defaults().withConnectTimeout(Duration.ofSeconds(2))
                .withReadTimeout(Duration.ofSeconds(5)));
    }

    private void reply(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws java.io.IOException {
        hits.incrementAndGet();
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    @AfterAll
    void stop() throws Exception {
        http.stop(0);
        engine.close();
    }

    private AiaFetcher fetcher() {
        return new AiaFetcher(engine, 64 * 1024, AiaAccess.ANY);
    }

    @Test
    void leafOnlyWithAiaIsFixableAndTheFixedChainVerifiesWithOpenssl() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").aiaCaIssuers(base + "/inter.cer").issue();
        try (AiaFetcher aia = fetcher()) {
            ChainAnalyzer analyzer = new ChainAnalyzer(TrustAnchors.of(List.of(pki.root())), List.of(), aia,
                    ChainPolicy.defaults(), Clock.systemUTC());
            ChainReport r = analyzer.analyzeCertificates(List.of(leaf.certificate()), "localhost")
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.findingCodes()).containsExactly("CHAIN_INCOMPLETE_AIA_FIXABLE");
            assertThat(r.aiaFixable()).isTrue();
            assertThat(r.trusted()).isTrue();
            assertThat(r.complete()).isFalse();
            assertThat(r.openssl().code()).isEqualTo(20);
            assertThat(r.findings().get(0).message()).contains(base + "/inter.cer")
                    .contains("curl: `curl: (60) SSL certificate problem: unable to get local issuer certificate`");
            assertThat(Der.hex(r.fixedChain())).containsExactlyElementsOf(Der.hex(Der.of(leaf.fullChain())));

            Path written = FullChainWriter.write(dir.resolve("out"), "../localhost:443", r);
            assertThat(written).isEqualTo(dir.resolve("out").resolve(".._localhost_443".replaceFirst("^\\.", "_"))
                    .resolve("fullchain.pem"));
            assertThat(written.normalize().startsWith(dir.resolve("out"))).isTrue();

            assumeTrue(OpenSslServer.available(), "openssl is not installed");
            Path root = pki.writeRoot(dir.resolve("root.pem"));
            try (OpenSslServer server = OpenSslServer.builder().certificate(leaf)
                    .servedChain(OpenSslVerifyAgreementTest.certificates(r.fixedChain()).subList(1, r.fixedChain().size())).start()) {
                String out = OpenSslVerifyAgreementTest.run(List.of("sh", "-c", "openssl s_client -connect 127.0.0.1:"
                        + server.port() + " -CAfile " + root + " -verify_return_error </dev/null"));
                assertThat(out).contains("Verify return code: 0 (ok)");
            }
            // The written file itself parses back to the fixed chain.
            PemBundle back = PemBundle.parse(written);
            assertThat(back.problems()).isEmpty();
            assertThat(back.certificates()).containsExactlyElementsOf(leaf.fullChain());
        }
    }

    @Test
    void pemPkcs7AndRedirectBodiesAreAccepted() throws Exception {
        try (AiaFetcher aia = fetcher()) {
            for (String path : List.of("/inter.pem", "/inter.p7c", "/redirect")) {
                List<X509Certificate> certs = aia.fetch(URI.create(base + path)).get(10, TimeUnit.SECONDS);
                assertThat(certs).as(path).containsExactly(pki.intermediate().certificate());
            }
        }
    }

    @Test
    void failuresAreTypedAndCached() throws Exception {
        try (AiaFetcher aia = fetcher()) {
            for (String path : List.of("/big", "/missing", "/loop")) {
                assertThatThrownBy(() -> aia.fetch(URI.create(base + path)).get(10, TimeUnit.SECONDS))
                        .as(path).isInstanceOf(ExecutionException.class);
            }
            assertThatThrownBy(() -> aia.fetch(URI.create("https://127.0.0.1/x")).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> aia.fetch(URI.create("http://ca.invalid/x")).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("cannot resolve ca.invalid");
            int before = hits.get();
            aia.fetch(URI.create(base + "/inter.cer")).get(10, TimeUnit.SECONDS);
            aia.fetch(URI.create(base + "/inter.cer")).get(10, TimeUnit.SECONDS);
            assertThat(hits.get() - before).isEqualTo(1);
            assertThatThrownBy(() -> aia.fetch(URI.create(base + "/missing")).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void fetchesGoThroughTheEngineAndItsLimits() throws Exception {
        try (AiaFetcher aia = fetcher()) {
            long before = engine.stats().connectionsOpened();
            aia.fetch(URI.create(base + "/inter.pem")).get(10, TimeUnit.SECONDS);
            assertThat(engine.stats().connectionsOpened() - before).isEqualTo(1);
        }
    }

    @Test
    void anExporterFetchesFromPublicAddressesOnlyAndTheReportSaysSo() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").aiaCaIssuers(base + "/inter.cer").issue();
        int before = hits.get();
        try (AiaFetcher aia = new AiaFetcher(engine, 64 * 1024, AiaAccess.PUBLIC)) {
            ChainReport r = new ChainAnalyzer(TrustAnchors.of(List.of(pki.root())), List.of(), aia,
                    ChainPolicy.defaults(), Clock.systemUTC()).analyzeCertificates(List.of(leaf.certificate()), null)
                    .get(10, TimeUnit.SECONDS);
            assertThat(hits.get()).as("no request reached the private address").isEqualTo(before);
            assertThat(r.findingCodes()).containsExactly("CHAIN_INCOMPLETE");
            assertThat(r.aia()).extracting(AiaFetch::outcome).containsExactly(AiaFetch.REFUSED);
            assertThat(r.aia().get(0).detail()).contains("127.0.0.1").contains("not a public address");
        }
        // What the operator allows is fetched.
        try (AiaFetcher aia = new AiaFetcher(engine, 64 * 1024, AiaAccess.PUBLIC.or((host, addresses) ->
                host.equals("127.0.0.1") ? null : "not allowed"))) {
            assertThat(aia.fetch(URI.create(base + "/inter.cer")).get(10, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() throws Exception {
        try (AiaFetcher aia = fetcher()) {
            assertThatThrownBy(() -> aia.fetch(URI.create(base + "/elsewhere")).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AiaFetcher.AiaRefused.class)
                    .hasMessageContaining("another host (127.0.0.2)");
        }
    }

    @Test
    void aFailureIsRememberedForABoundedTime() throws Exception {
        try (AiaFetcher forever = fetcher();
                AiaFetcher brief = new AiaFetcher(engine, 64 * 1024, AiaAccess.ANY,
                        java.util.concurrent.ForkJoinPool.commonPool(), 10, Duration.ZERO)) {
            for (AiaFetcher aia : List.of(forever, brief)) {
                int before = hits.get();
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> aia.fetch(URI.create(base + "/missing")).get(10, TimeUnit.SECONDS))
                            .isInstanceOf(ExecutionException.class);
                }
                assertThat(hits.get() - before).isEqualTo(aia == brief ? 2 : 1);
            }
        }
    }

    @Test
    void publicMeansNotPrivateLoopbackLinkLocalSharedOrReserved() throws Exception {
        for (String a : List.of("127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.1.2.3", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1")) {
            assertThat(AiaAccess.isPublic(InetAddress.getByName(a))).as(a).isFalse();
        }
        for (String a : List.of("8.8.8.8", "93.184.216.34", "2001:4860:4860::8888", "::ffff:8.8.8.8")) {
            assertThat(AiaAccess.isPublic(InetAddress.getByName(a))).as(a).isTrue();
        }
    }

    @Test
    void unreachableAiaLeavesTheChainIncompleteAndSaysWhy() throws Exception {
        IssuedCertificate leaf = pki.leaf("localhost").aiaCaIssuers(base + "/missing").issue();
        try (AiaFetcher aia = fetcher()) {
            ChainReport r = new ChainAnalyzer(TrustAnchors.of(List.of(pki.root())), List.of(), aia,
                    ChainPolicy.defaults(), Clock.systemUTC()).analyzeCertificates(List.of(leaf.certificate()), null)
                    .get(10, TimeUnit.SECONDS);
            assertThat(r.findingCodes()).containsExactly("CHAIN_INCOMPLETE");
            assertThat(r.findings().get(0).message()).contains("HTTP 404");
            assertThat(r.aia()).extracting(AiaFetch::outcome).containsExactly(AiaFetch.FAILED);
            assertThat(r.fixedChain()).isNull();
        }
    }

    @Test
    void endpointNamesCannotEscapeTheDirectory() {
        for (String name : List.of("..", "../../etc", "/abs/path", "a/b\\c", "[::1]:443", "")) {
            String safe = FullChainWriter.safeName(name);
            assertThat(safe).doesNotContain("/").doesNotContain("\\").isNotEqualTo("..").doesNotStartWith(".")
                    .isNotEmpty();
        }
        assertThat(new ArrayList<>(List.of(FullChainWriter.safeName("example.com_443")))).containsExactly(
                "example.com_443");
    }
}
