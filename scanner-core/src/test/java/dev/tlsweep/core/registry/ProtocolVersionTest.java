package dev.tlsweep.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolVersionTest {

    @Test
    void wireValuesAndLabels() {
        assertThat(ProtocolVersion.SSLv2.wire()).isEqualTo(0x0002);
        assertThat(ProtocolVersion.SSLv3.wire()).isEqualTo(0x0300);
        assertThat(ProtocolVersion.TLSv1_0.wire()).isEqualTo(0x0301);
        assertThat(ProtocolVersion.TLSv1_1.wire()).isEqualTo(0x0302);
        assertThat(ProtocolVersion.TLSv1_2.wire()).isEqualTo(0x0303);
        assertThat(ProtocolVersion.TLSv1_3.wire()).isEqualTo(0x0304);
        assertThat(ProtocolVersion.values()).extracting(ProtocolVersion::label)
                .containsExactly("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    }

    @Test
    void fromWireRoundTripsAndRejectsOthers() {
        for (ProtocolVersion v : ProtocolVersion.values()) {
            assertThat(ProtocolVersion.fromWire(v.wire())).contains(v);
        }
        assertThat(ProtocolVersion.fromWire(0x0305)).isEmpty();
        assertThat(ProtocolVersion.fromWire(0x0A0A)).isEmpty(); // GREASE
        assertThat(ProtocolVersion.fromWire(0x7F1C)).isEmpty(); // TLS 1.3 draft 28
        assertThat(ProtocolVersion.fromWire(-1)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "TLSv1.2, TLSv1_2", "tls1.2, TLSv1_2", "tls1_2, TLSv1_2", "1.2, TLSv1_2", "TLSV1.2, TLSv1_2",
        "TLSv1_2, TLSv1_2", "' tlsv1.3 ', TLSv1_3", "1.3, TLSv1_3", "TLSv1.0, TLSv1_0", "TLSv1, TLSv1_0",
        "tls1, TLSv1_0", "1.0, TLSv1_0", "tls1_1, TLSv1_1", "SSLv3, SSLv3", "ssl3, SSLv3", "sslv3.0, SSLv3",
        "SSLv2, SSLv2", "ssl2, SSLv2"
    })
    void fromLabelAcceptsCommonSpellings(String text, ProtocolVersion expected) {
        assertThat(ProtocolVersion.fromLabel(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "TLSv1.4", "tls", "ssl1", "1.5", "TLSv2", "abc", "SSLv1.2"})
    void fromLabelRejectsUnknown(String text) {
        assertThat(ProtocolVersion.fromLabel(text)).isEmpty();
    }

    @Test
    void fromLabelOfNullIsEmptyAndLabelsRoundTrip() {
        assertThat(ProtocolVersion.fromLabel(null)).isEmpty();
        for (ProtocolVersion v : ProtocolVersion.values()) {
            assertThat(ProtocolVersion.fromLabel(v.label())).contains(v);
            assertThat(ProtocolVersion.fromLabel(v.name())).contains(v);
        }
    }

    @Test
    void ordering() {
        assertThat(ProtocolVersion.TLSv1_3.atLeast(ProtocolVersion.TLSv1_2)).isTrue();
        assertThat(ProtocolVersion.SSLv3.atLeast(ProtocolVersion.TLSv1_0)).isFalse();
    }
}
