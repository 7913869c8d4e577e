package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.chain.ChainAnalyzer;
import dev.tlsweep.core.chain.ChainPolicy;
import dev.tlsweep.core.chain.TrustAnchors;
import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import dev.tlsweep.lab.TlsProvider;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: an endpoint that serves another certificate than the managed one (a CDN or WAF in
 * front), or the old one while a renewal exists, is reported as such.
 */
class ExpectedCertificateScanTest {

    @TempDir
    Path dir;

    @Test
    void servedVersusExpectedCertificate() throws Exception {
        TestPki pki = TestPki.create();
        Instant now = Instant.now();
        IssuedCertificate served = pki.leaf("www.example.test").notBefore(now.minus(Duration.ofDays(80)))
                .notAfter(now.plus(Duration.ofDays(10))).issue();
        IssuedCertificate renewed = pki.leaf("www.example.test").freshKey().notBefore(now.minus(Duration.ofDays(1)))
                .notAfter(now.plus(Duration.ofDays(89))).issue();
        IssuedCertificate cdn = pki.leaf("www.example.test").freshKey().notBefore(now.minus(Duration.ofDays(200)))
                .notAfter(now.plus(Duration.ofDays(100))).issue();
        Path renewedPem = pem(renewed, "renewed.pem");
        Path cdnPem = pem(cdn, "cdn.pem");
        String servedSha = sha256(served);
        try (LabServer s = LabServer.builder().provider(TlsProvider.BORINGSSL).protocols("TLSv1.2", "TLSv1.3")
                .certificate(served).servedChain(List.of(pki.intermediate().certificate())).start()) {
            String base = "127.0.0.1:" + s.port() + " sni=www.example.test";
            assertThat(codes(scan(base + " expect-sha256=" + servedSha, pki))).doesNotContain(
                    "CERT_NOT_EXPECTED", "CERT_RENEWAL_NOT_DEPLOYED");
            assertThat(codes(scan(base + " expect-serial=" + served.certificate().getSerialNumber().toString(16), pki)))
                    .doesNotContain("CERT_NOT_EXPECTED");
            EndpointReport other = scan(base + " expect-sha256=" + sha256(cdn), pki);
            assertThat(codes(other)).contains("CERT_NOT_EXPECTED").doesNotContain("CERT_RENEWAL_NOT_DEPLOYED");
            assertThat(message(other, "CERT_NOT_EXPECTED")).contains(servedSha).contains("CDN");
            EndpointReport older = scan(base + " expect-cert=" + cdnPem, pki);
            assertThat(codes(older)).contains("CERT_NOT_EXPECTED").doesNotContain("CERT_RENEWAL_NOT_DEPLOYED");
            EndpointReport notDeployed = scan(base + " expect-cert=" + renewedPem, pki);
            assertThat(codes(notDeployed)).contains("CERT_RENEWAL_NOT_DEPLOYED").doesNotContain("CERT_NOT_EXPECTED");
            assertThat(message(notDeployed, "CERT_RENEWAL_NOT_DEPLOYED"))
                    .contains(new BigInteger(1, served.certificate().getSerialNumber().toByteArray()).toString(16));
            EndpointReport unreadable = scan(base + " expect-cert=" + dir.resolve("missing.pem"), pki);
            assertThat(codes(unreadable)).contains("EXPECTED_CERT_UNREADABLE");
        }
    }

    /** expect-cert= naming /dev/zero once read 6 GB, a FIFO hung the run, a 42 MB file ran out of memory. */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void specialAndHugeExpectedFilesAreRefusedUnreadWithAFindingThatNamesThem() throws Exception {
        TestPki pki = TestPki.create();
        Path fifo = dir.resolve("expected.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0,
                "mkfifo is not installed");
        Path huge = dir.resolve("huge.pem");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(huge,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), 42L * 1000 * 1000); // sparse
        }
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0xC02F).start()) {
            String base = "127.0.0.1:" + server.port();
            for (String[] c : new String[][] {{"/dev/zero", "is a character device, not a regular file"},
                {fifo.toString(), "is a FIFO, not a regular file"}, {huge.toString(), "is 40.1 MiB (expected: a PEM "
                    + "file of at most 1 MiB)"}, {dir.toString(), "is a directory"}}) {
                EndpointReport r = scan(base + " expect-cert=" + c[0], pki);
                assertThat(codes(r)).as(c[0]).contains("EXPECTED_CERT_UNREADABLE");
                assertThat(message(r, "EXPECTED_CERT_UNREADABLE")).as(c[0]).contains(c[0]).contains(c[1]);
            }
        }
    }

    private static EndpointReport scan(String line, TestPki pki) throws Exception {
        try (ScanEngine engine = new ScanEngine(Scans.fastConfig())) {
            ChainAnalyzer analyzer = new ChainAnalyzer(TrustAnchors.of(List.of(pki.root())), List.of(), null,
                    ChainPolicy.defaults(), Clock.systemUTC());
            Scanner scanner = Scanner.builder(engine).analyzer(analyzer)
                    .options(ScanOptions.defaults().withVersions(EnumSet.of(ProtocolVersion.TLSv1_2))).build();
            return scanner.scan(TargetParser.parse(line)).get(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> codes(EndpointReport r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    private static String message(EndpointReport r, String code) {
        return r.findings().stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow().message();
    }

    private static String sha256(IssuedCertificate c) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.certificate().getEncoded()));
    }

    private Path pem(IssuedCertificate c, String name) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return p;
    }
}
