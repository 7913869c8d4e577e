package dev.tlsweep.lab;

import static dev.tlsweep.lab.CannedResponderSelectionTest.canned;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.lab.CannedSuites.KeyExchange;
import dev.tlsweep.lab.CannedSuites.Signer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class CannedResponderSuiteTableTest {

    @Test
    void ecdheSuites() {
        for (int suite : new int[] {0xC009, 0xC00A, 0xC023, 0xC02B, 0xC02C, 0xCCA9}) {
            assertThat(CannedSuites.kind(suite)).as("0x%04X", suite)
                    .isEqualTo(new CannedSuites.Kind(KeyExchange.ECDHE, Signer.ECDSA, 0));
        }
        for (int suite : new int[] {0xC012, 0xC013, 0xC014, 0xC027, 0xC028, 0xC02F, 0xC030, 0xCCA8}) {
            assertThat(CannedSuites.kind(suite)).as("0x%04X", suite)
                    .isEqualTo(new CannedSuites.Kind(KeyExchange.ECDHE, Signer.RSA, 0));
        }
    }

    @Test
    void dheSuites() {
        for (int suite : new int[] {0x0016, 0x0033, 0x0039, 0x0045, 0x0067, 0x006B, 0x0088, 0x009E, 0x009F, 0xCCAA}) {
            assertThat(CannedSuites.kind(suite)).as("0x%04X", suite)
                    .isEqualTo(new CannedSuites.Kind(KeyExchange.DHE, Signer.RSA, 0));
        }
        assertThat(CannedSuites.kind(0x0032).signer()).isEqualTo(Signer.DSA);
        assertThat(CannedSuites.kind(0x0034).signer()).isEqualTo(Signer.ANONYMOUS);
    }

    @Test
    void exportSuites() {
        for (int suite : new int[] {0x0003, 0x0006, 0x0008}) {
            assertThat(CannedSuites.kind(suite)).as("0x%04X", suite)
                    .isEqualTo(new CannedSuites.Kind(KeyExchange.RSA_EXPORT, Signer.RSA, 512));
        }
        assertThat(CannedSuites.kind(0x0014)).isEqualTo(new CannedSuites.Kind(KeyExchange.DHE, Signer.RSA, 512));
        assertThat(CannedSuites.kind(0x0017)).isEqualTo(new CannedSuites.Kind(KeyExchange.DHE, Signer.ANONYMOUS, 512));
        assertThat(CannedSuites.kind(0x0019)).isEqualTo(new CannedSuites.Kind(KeyExchange.DHE, Signer.ANONYMOUS, 512));
        assertThat(CannedSuites.kind(0x0062).exportBits()).isEqualTo(1024);
    }

    @Test
    void suitesWithoutServerKeyExchange() {
        for (int suite : new int[] {0x0004, 0x0005, 0x0009, 0x000A, 0x002F, 0x0035, 0x009C, 0xC004, 0xC00E, 0x1301}) {
            assertThat(CannedSuites.kind(suite).keyExchange()).as("0x%04X", suite).isEqualTo(KeyExchange.NONE);
        }
    }

    @Test
    void ecdsaSuitesGetAnEcdsaShapedSignature() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02B).version(0x0301, 0xC009).start()) {
            ByteBuffer tls12 = ByteBuffer.wrap(CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0xC02B).build()).message(12).body());
            tls12.position(4 + 32);
            assertThat(tls12.getShort() & 0xFFFF).isEqualTo(0x0403);
            assertThat(tls12.getShort() & 0xFFFF).isEqualTo(tls12.remaining()).isEqualTo(72);
            assertThat(tls12.get()).isEqualTo((byte) 0x30);

            ByteBuffer tls10 = ByteBuffer.wrap(CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0301).suites(0xC009).build()).message(12).body());
            tls10.position(4 + 32);
            assertThat(tls10.getShort() & 0xFFFF).as("no algorithm before TLS 1.2").isEqualTo(tls10.remaining());
        }
    }

    @Test
    void sslv2FormatScsvCountsAsTheRenegotiationSignal() throws Exception {
        try (CannedResponder server = canned().version(0x0301, 0x000A)
                .quirk(CannedQuirk.REQUIRE_RENEGOTIATION_INFO).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.sslv2(0x0301, 0x00000A, 0x0000FF));
            assertThat(flight.serverHello().suite()).isEqualTo(0x000A);
            assertThat(flight.serverHello().extensions()).containsKey(0xFF01);
        }
    }
}
