package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.reach.Transport;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.QuicReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.report.ServedChain;
import dev.tlsweep.core.report.SupportedGroup;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.QuicServer;
import dev.tlsweep.lab.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code quic://} against ngtcp2's gtlsserver (Debian's ngtcp2-server): the TLS 1.3 suites and groups its GnuTLS
 * priority strings configure, exactly, the chain it serves, ALPN h3, the QUIC versions; a server that demands address
 * validation by Retry ({@code -V}); gtlsclient (ngtcp2-client) as the reference client of the same truth.
 */
class QuicScanTest {

    /** Two of the five TLS 1.3 suites, two groups in an order that is not GnuTLS's default. */
    static final String CIPHERS = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-256-GCM:+CHACHA20-POLY1305";
    static final String GROUPS = "-GROUP-ALL:+GROUP-SECP384R1:+GROUP-X25519";

    static IssuedCertificate leaf;
    static QuicServer server;
    static QuicServer retrying;
    static Schema schema;

    @BeforeAll
    static void start() throws Exception {
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                Files.readString(Path.of("..", "docs", "schema", "endpoint-report.schema.json"))
                        .replace("\"$id\": \"tlsweep/1/endpoint-report\",", ""), InputFormat.JSON);
        assumeTrue(QuicServer.available(), "gtlsserver is not installed (.ci/run installs it: ngtcp2-server)");
        TestPki pki = TestPki.create("quicscan", KeyType.RSA_2048, KeyType.RSA_2048);
        leaf = pki.leaf("localhost", "127.0.0.1").keyType(KeyType.RSA_2048).issue();
        server = QuicServer.start(leaf, CIPHERS, GROUPS);
        retrying = QuicServer.start(leaf, CIPHERS, GROUPS, "-V");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (retrying != null) {
            retrying.close();
        }
    }

    static EndpointReport scan(QuicServer s) throws Exception {
        Target target = TargetParser.parse("quic://127.0.0.1:" + s.port() + " sni=localhost");
        EndpointReport r = Scans.scan(target, ScanOptions.defaults());
        assertThat(schema.validate(ReportJson.toLine(r), InputFormat.JSON)).as(ReportJson.toLine(r)).isEmpty();
        return r;
    }

    @Test
    void quicReportsExactlyTheConfiguredSuitesGroupsChainAndAlpn() throws Exception {
        EndpointReport r = scan(server);
        assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
        assertThat(r.transport()).isEqualTo(Transport.QUIC);
        assertThat(r.protocols()).extracting(ProtocolReport::version).containsExactly(ProtocolVersion.TLSv1_3);
        assertThat(Scans.suitesByVersion(r).get(ProtocolVersion.TLSv1_3))
                .containsExactlyInAnyOrder("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
        ProtocolReport tls13 = Scans.protocol(r, ProtocolVersion.TLSv1_3);
        assertThat(tls13.groups().accepted()).extracting(SupportedGroup::name)
                .containsExactlyInAnyOrder("secp384r1", "x25519");
        List<ServedChain> chains = r.served().chains();
        assertThat(chains).hasSize(1);
        assertThat(chains.get(0).certificates()).containsExactly(der(leaf.certificate()), der(leaf.issuers().get(0)));
        QuicReport q = r.quic();
        assertThat(q.run().completed()).as(q.run().error()).isTrue();
        assertThat(q.alpn()).contains("h3");
        assertThat(q.alpnRefused()).contains("doq");
        assertThat(q.accepted()).containsExactly("v1");
        assertThat(q.versionNegotiation()).contains("v1");
        assertThat(q.retry()).isFalse();
        assertThat(q.transportParameters()).containsKeys("initial_max_data", "max_idle_timeout");
        // the reference client agrees: the configured suites and groups connect, the others do not
        assumeTrue(QuicServer.clientAvailable(), "gtlsclient is not installed (.ci/run installs it: ngtcp2-client)");
        assertThat(server.clientHandshake(suite("AES-256-GCM"), null)).isEqualTo("AES-256-GCM");
        assertThat(server.clientHandshake(suite("CHACHA20-POLY1305"), null)).isEqualTo("CHACHA20-POLY1305");
        assertThat(server.clientHandshake(suite("AES-128-GCM"), null)).isNull();
        assertThat(server.clientHandshake(suite("AES-128-CCM"), null)).isNull();
        assertThat(server.clientHandshake(null, "-GROUP-ALL:+GROUP-SECP384R1")).isNotNull();
        assertThat(server.clientHandshake(null, "-GROUP-ALL:+GROUP-X25519")).isNotNull();
        assertThat(server.clientHandshake(null, "-GROUP-ALL:+GROUP-SECP256R1")).isNull();
    }

    @Test
    void aServerThatDemandsRetryIsScannedAllTheSame() throws Exception {
        EndpointReport r = scan(retrying);
        assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
        assertThat(r.quic().retry()).isTrue();
        assertThat(Scans.suitesByVersion(r).get(ProtocolVersion.TLSv1_3))
                .containsExactlyInAnyOrder("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
        assertThat(r.served().chains()).hasSize(1);
    }

    private static String suite(String cipher) {
        return "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+" + cipher;
    }

    private static byte[] der(X509Certificate c) throws Exception {
        return c.getEncoded();
    }
}
