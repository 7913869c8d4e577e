package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedResponder;
import java.net.InetAddress;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * IPv6 addresses with a zone ({@code fe80::1%eth0}, RFC 4007) are targets like any address: parsed in every
 * form, sent no SNI, connected to through the interface the zone names — here the loopback interface.
 */
class ScopedAddressScanTest {

    @Test
    void scopedAddressesParseInEveryForm() throws Exception {
        Target bracketed = TargetParser.parse("[fe80::1%eth0]:8443");
        assertThat(bracketed.host()).isEqualTo("fe80::1%eth0");
        assertThat(bracketed.port()).isEqualTo(8443);
        assertThat(bracketed.sni()).isNull();
        assertThat(bracketed.hostIsIp()).isTrue();
        assertThat(bracketed.authority()).isEqualTo("[fe80::1%eth0]:8443");
        assertThat(TargetParser.parse("fe80::1%2").host()).isEqualTo("fe80::1%2");
        assertThat(TargetParser.parse("[fe80::1%eth0] sni=router.lan").sni()).isEqualTo("router.lan");
    }

    @Test
    void aScopedLoopbackAddressIsScanned() throws Exception {
        try (CannedResponder s = CannedResponder.builder().bind(InetAddress.getByName("::1"))
                .version(0x0303, 0xC02F, 0x002F).start()) {
            Target t = TargetParser.parse("[::1%lo]:" + s.port());
            EndpointReport r = Scans.scan(t, ScanOptions.defaults().withVersions(EnumSet.of(ProtocolVersion.TLSv1_2)));
            assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.OK);
            assertThat(r.ip()).startsWith("::1%");
            assertThat(Scans.codesByVersion(r).get(ProtocolVersion.TLSv1_2)).containsExactlyInAnyOrder(0xC02F, 0x002F);
        }
    }

    @Test
    void aZoneThatIsNoInterfaceHereIsSaidSo() throws Exception {
        EndpointReport r = Scans.scan(TargetParser.parse("[fe80::1%nosuchif0]:443"), ScanOptions.defaults());
        assertThat(r.status()).isEqualTo(ScanStatus.DNS_ERROR);
        assertThat(r.error()).contains("no such zone").contains("nosuchif0");
    }
}
