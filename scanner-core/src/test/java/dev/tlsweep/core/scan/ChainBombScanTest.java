package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.chain.Der;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.lab.CannedResponder;
import dev.tlsweep.lab.ChainBombs;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** A server that sends a chain bomb (180 certificates, one name, huge RSA exponents) gets a bounded analysis. */
class ChainBombScanTest {

    @Test
    void aChainBombIsAnalysedWithinBoundsAndSaidToBeTooLong() throws Exception {
        try (CannedResponder s = CannedResponder.builder().version(0x0303, 0xC02F, 0x009C)
                .certificateChain(Der.of(ChainBombs.bomb(180))).start()) {
            EndpointReport r = Scans.scan(s.port(), ScanOptions.defaults().withVersions(
                    EnumSet.of(ProtocolVersion.TLSv1_2)));
            assertThat(r.status()).isEqualTo(ScanStatus.OK);
            assertThat(r.served().chains()).hasSize(1);
            assertThat(r.served().chains().get(0).certificates()).hasSize(180);
            assertThat(r.chains().get(0).served()).hasSize(20);
            assertThat(Scans.findingCodes(r)).contains("CHAIN_TOO_LONG");
        }
    }
}
