package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.LoopbackDnsServer;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.report.Discovery;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.lab.IssuedCertificate;
import dev.tlsweep.lab.KeyType;
import dev.tlsweep.lab.LabServer;
import dev.tlsweep.lab.TestPki;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/3 and ECH discovery of an HTTPS endpoint: the Alt-Svc header its HTTP answer carries (a lab server that sends
 * one) and the HTTPS record of its name, served by a DNS server on loopback (never the machine's resolver), with an ECH
 * configuration that parses and one that does not.
 */
class DiscoveryScanTest {

    static LabServer server;
    static LoopbackDnsServer dns;

    @BeforeAll
    static void start() {
        IssuedCertificate leaf = TestPki.create().leaf("shop.test", "broken.test").keyType(KeyType.EC_P256).issue();
        server = LabServer.builder().certificate(leaf).protocols("TLSv1.3")
                .header("Alt-Svc", "h3=\":443\"; ma=86400, h3-29=\":443\"").start();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        byte[] ech = dev.tlsweep.core.probe.DiscoveryTestData.echConfigList("public.test");
        byte[] brokenEch = java.util.Arrays.copyOf(ech, ech.length - 5);
        dns = new LoopbackDnsServer(Map.of("shop.test", List.of(loopback), "broken.test", List.of(loopback),
                "plain.test", List.of(loopback)),
                Map.of("shop.test", List.of(dev.tlsweep.core.probe.DiscoveryTestData.httpsRdata(List.of("h3", "h2"),
                                443, ech)),
                        "broken.test", List.of(dev.tlsweep.core.probe.DiscoveryTestData.httpsRdata(List.of("h2"), 443,
                                brokenEch))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static EndpointReport scan(String name) throws Exception {
        return Scans.scan(TargetParser.parse(name + ":" + server.port()),
                Scans.SUITES_ONLY.withChecks(true).withVersions(java.util.EnumSet.of(
                        dev.tlsweep.core.registry.ProtocolVersion.TLSv1_3)),
                Scans.fastConfig().withNameServers(List.of(dns.address())));
    }

    @Test
    void altSvcAndAnHttpsRecordWithEchAreReported() throws Exception {
        EndpointReport r = scan("shop.test");
        Discovery d = r.discovery();
        assertThat(d).isNotNull();
        assertThat(d.altSvc().run().completed()).as(d.altSvc().run().error()).isTrue();
        assertThat(d.altSvc().header()).isEqualTo("h3=\":443\"; ma=86400, h3-29=\":443\"");
        assertThat(d.altSvc().alternatives()).extracting(Discovery.Alternative::protocol).containsExactly("h3", "h3-29");
        assertThat(d.https().status()).as(d.https().error()).isEqualTo("found");
        assertThat(d.https().records().get(0).alpn()).containsExactly("h3", "h2");
        assertThat(d.https().records().get(0).ech().parses()).isTrue();
        assertThat(d.https().records().get(0).ech().configs().get(0).publicName()).isEqualTo("public.test");
        assertThat(d.h3()).isTrue();
        assertThat(d.ech()).isTrue();
        assertThat(dns.questions()).contains("shop.test HTTPS");
    }

    @Test
    void anEchConfigThatDoesNotParseAndANameWithoutRecords() throws Exception {
        Discovery broken = scan("broken.test").discovery();
        assertThat(broken.https().records().get(0).ech().parses()).isFalse();
        assertThat(broken.https().records().get(0).ech().error()).isNotEmpty();
        Discovery none = scan("plain.test").discovery();
        assertThat(none.https().status()).isEqualTo("none");
        assertThat(none.https().records()).isEmpty();
    }

    @Test
    void anIpTargetAsksNoDns() throws Exception {
        EndpointReport r = Scans.scan(TargetParser.parse("127.0.0.1:" + server.port() + " sni=shop.test"),
                Scans.SUITES_ONLY.withChecks(true).withVersions(java.util.EnumSet.of(
                        dev.tlsweep.core.registry.ProtocolVersion.TLSv1_3)),
                Scans.fastConfig().withNameServers(List.of(dns.address())));
        assertThat(r.discovery().https()).isNull();
        assertThat(r.discovery().altSvc().alternatives()).isNotEmpty();
    }
}
