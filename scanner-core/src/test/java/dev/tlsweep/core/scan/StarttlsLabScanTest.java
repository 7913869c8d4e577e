package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.reach.Transport;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.PreambleFront;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The upgrades no Debian package serves here — LMTP, NNTP, ManageSieve, IRC, RDP — against the lab's scripted
 * fronts (written from the specifications, not from tlsweep's dialogs) before one canned TLS server: the versions
 * and suites found through each are the server's; a server that refuses STARTTLS or hangs in the middle of the
 * preamble gets its status and its words, and no TLS verdict.
 */
class StarttlsLabScanTest {

    private static CannedResponder tls;
    private static Schema schema;

    /** Every report here matches the committed schema, its new members and statuses included. */
    private static EndpointReport valid(EndpointReport r) {
        assertThat(schema.validate(ReportJson.toLine(r), InputFormat.JSON)).as(ReportJson.toLine(r)).isEmpty();
        return r;
    }

    @BeforeAll
    static void start() throws Exception {
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                // The schema's $id is relative (tlsweep/1/...), which the validator does not take as a base URI.
                Files.readString(Path.of("..", "docs", "schema", "endpoint-report.schema.json"))
                        .replace("\"$id\": \"tlsweep/1/endpoint-report\",", ""), InputFormat.JSON);
        tls = CannedResponder.builder()
                .version(0x0303, 0xC030, 0xC02F, 0x009C)
                .version(0x0304, 0x1302, 0x1301)
                .serverPreference(true).start();
    }

    @AfterAll
    static void stop() {
        if (tls != null) {
            tls.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"lmtp", "nntp", "sieve", "irc", "rdp"})
    void theSuitesThroughEachUpgradeAreTheServers(String protocol) throws Exception {
        PreambleFront.Script script = switch (protocol) {
            case "lmtp" -> PreambleFront.Script.lmtp();
            case "nntp" -> PreambleFront.Script.nntp();
            case "sieve" -> PreambleFront.Script.sieve();
            case "irc" -> PreambleFront.Script.irc();
            default -> PreambleFront.Script.rdp();
        };
        try (PreambleFront front = PreambleFront.start(tls.address(), script)) {
            EndpointReport r = valid(Scans.scan(TargetParser.parse(protocol + "://127.0.0.1:" + front.port() + " sni=localhost"),
                    ScanOptions.defaults()));
            assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
            assertThat(r.starttls()).isEqualTo(Starttls.fromLabel(protocol).orElseThrow());
            assertThat(r.transport()).isEqualTo(Transport.TCP);
            assertThat(Scans.codesByVersion(r)).containsExactly(
                    Map.entry(ProtocolVersion.TLSv1_2, List.of(0xC030, 0xC02F, 0x009C)),
                    Map.entry(ProtocolVersion.TLSv1_3, List.of(0x1302, 0x1301)));
            assertThat(r.protocols()).allSatisfy(p -> assertThat(p.run().completed()).as(p.version().label()).isTrue());
            assertThat(front.mismatches()).isEmpty();
            assertThat(front.forwarded()).isEqualTo(r.hellosSent());
            // (The protocol's connections at once are measured exactly by the engine's UpgradeTest: a front notices a
            // close only some time after the scanner has opened the next connection.)
        }
    }

    /**
     * A TLS 1.3-only server behind the upgrade: its certificate comes from a real handshake (BoringSSL through
     * Netty's SslHandler), which the engine also starts only after the preamble.
     */
    @Test
    void aRealHandshakeAfterTheUpgradeCapturesATls13OnlyChain() throws Exception {
        dev.tlsweep.lab.IssuedCertificate cert = dev.tlsweep.lab.TestPki.create().leaf("localhost", "127.0.0.1").issue();
        try (dev.tlsweep.lab.LabServer tls13 = dev.tlsweep.lab.LabServer.builder()
                .provider(dev.tlsweep.lab.TlsProvider.BORINGSSL).protocols("TLSv1.3").certificate(cert).start();
                PreambleFront front = PreambleFront.start(tls13.address(), PreambleFront.Script.smtp())) {
            EndpointReport r = valid(Scans.scan(TargetParser.parse("smtp://127.0.0.1:" + front.port() + " sni=localhost"),
                    ScanOptions.defaults()));
            assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
            assertThat(Scans.codesByVersion(r).keySet()).containsExactly(ProtocolVersion.TLSv1_3);
            assertThat(r.served().chains()).singleElement().satisfies(c -> {
                assertThat(c.version()).isEqualTo(ProtocolVersion.TLSv1_3);
                assertThat(c.certificates().get(0)).isEqualTo(cert.certificate().getEncoded());
            });
            assertThat(front.mismatches()).isEmpty();
        }
    }

    @Test
    void aRefusedUpgradeIsItsOwnStatusInTheServersWords() throws Exception {
        try (PreambleFront front = PreambleFront.start(tls.address(), PreambleFront.Script.smtpRefusing())) {
            EndpointReport r = valid(Scans.scan(TargetParser.parse("smtp://127.0.0.1:" + front.port()), ScanOptions.defaults()));
            assertThat(r.status()).isEqualTo(ScanStatus.STARTTLS_REFUSED);
            assertThat(r.error()).isEqualTo("STARTTLS: 454 4.7.0 TLS not available due to local problem");
            assertThat(r.protocols()).isEmpty();
            assertThat(r.findings()).isEmpty();
            assertThat(r.starttls()).isEqualTo(Starttls.SMTP);
            assertThat(front.forwarded()).isZero();
        }
    }

    @Test
    void aPreambleThatHangsTimesOutAsSuch() throws Exception {
        try (PreambleFront front = PreambleFront.start(tls.address(), PreambleFront.Script.smtpHanging())) {
            EndpointReport r = valid(Scans.scan(TargetParser.parse("smtp://127.0.0.1:" + front.port()), ScanOptions.defaults()));
            assertThat(r.status()).isEqualTo(ScanStatus.STARTTLS_TIMEOUT);
            assertThat(r.error()).contains("during the smtp preamble, waiting for the reply to EHLO");
            assertThat(r.protocols()).isEmpty();
        }
    }

    @Test
    void aPlainScanOfAMailPortSaysHowToReachItsTls() throws Exception {
        try (PreambleFront front = PreambleFront.start(tls.address(), PreambleFront.Script.smtpRefusing())) {
            EndpointReport r = valid(Scans.scan(TargetParser.parse("127.0.0.1:" + front.port()), ScanOptions.defaults()));
            assertThat(r.status()).isEqualTo(ScanStatus.NOT_TLS);
            assertThat(r.error()).isEqualTo("not TLS: the server answered '220 lab.example ESMTP' to a ClientHello (a"
                    + " greeting of smtp: to scan the TLS it starts, scan smtp://127.0.0.1:" + front.port() + ")");
        }
    }

    @Test
    void aServerThatIsNotTheProtocolIsAnUpgradeError() throws Exception {
        // The canned TLS server itself, named as an IMAP server: it waits for a ClientHello, says nothing, and the
        // IMAP greeting never comes; a TLS server that talks first would be a protocol error.
        try (PreambleFront front = PreambleFront.start(tls.address(), PreambleFront.Script.of("http").send(
                "HTTP/1.1 400 Bad Request\r\n\r\n").close())) {
            EndpointReport r = valid(Scans.scan(TargetParser.parse("imap://127.0.0.1:" + front.port()), ScanOptions.defaults()));
            assertThat(r.status()).isEqualTo(ScanStatus.STARTTLS_ERROR);
            assertThat(r.error()).contains("not an IMAP greeting: 'HTTP/1.1 400 Bad Request'");
        }
    }

    /**
     * PostgreSQL 17's direct TLS: no plaintext, but a server that ends every handshake whose ClientHello does not
     * offer ALPN {@code postgresql} (the canned server does as PostgreSQL does). Named so, every hello offers it and
     * the server's suites are found; scanned as plain TLS, the same server refuses every hello.
     */
    @Test
    void postgresDirectTlsOffersItsAlpnInEveryHello() throws Exception {
        try (CannedResponder pg = CannedResponder.builder().version(0x0303, 0xC030, 0xC02F).version(0x0304, 0x1301)
                .serverPreference(true).quirk(dev.tlsweep.lab.CannedQuirk.REQUIRE_ALPN_POSTGRESQL).start()) {
            EndpointReport r = valid(Scans.scan(TargetParser.parse("postgres://127.0.0.1:" + pg.port()
                    + "/app?sslnegotiation=direct sni=localhost"), ScanOptions.defaults()));
            assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
            assertThat(r.starttls()).isEqualTo(Starttls.POSTGRES_DIRECT);
            assertThat(Scans.codesByVersion(r)).containsExactly(
                    Map.entry(ProtocolVersion.TLSv1_2, List.of(0xC030, 0xC02F)),
                    Map.entry(ProtocolVersion.TLSv1_3, List.of(0x1301)));
            assertThat(TargetParser.parse("postgres-direct://db.example").starttls()).isEqualTo(Starttls.POSTGRES_DIRECT);

            EndpointReport plain = Scans.scan(TargetParser.parse("127.0.0.1:" + pg.port() + " sni=localhost"),
                    ScanOptions.defaults());
            assertThat(Scans.codesByVersion(plain)).isEmpty();
        }
    }

    @Test
    void aQuicTargetWhereNothingListensIsRefused() throws Exception {
        int port;
        try (java.net.DatagramSocket free = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        EndpointReport r = valid(Scans.scan(TargetParser.parse("quic://127.0.0.1:" + port), ScanOptions.defaults()));
        assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.REFUSED);
        assertThat(r.transport()).isEqualTo(Transport.QUIC);
        assertThat(r.error()).isEqualTo("nothing listens on UDP port " + port + " of 127.0.0.1 (ICMP port unreachable)");
        assertThat(r.quic().accepted()).isEmpty();
        // the validator does catch a report outside the schema
        assertThat(schema.validate(ReportJson.toLine(r).replace("\"transport\":\"quic\"", "\"transport\":\"sctp\""),
                InputFormat.JSON)).isNotEmpty();
        assertThat(r.protocols()).extracting(ProtocolReport::version).isEmpty();
    }
}
