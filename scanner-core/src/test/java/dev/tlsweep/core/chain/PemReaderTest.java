package dev.tlsweep.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lenient reader alone: blocks and observations, no judgement. */
class PemReaderTest {

    private static PemReader.Text read(String text) throws ChainInputException {
        return PemReader.read(text.getBytes(StandardCharsets.ISO_8859_1), "t.pem");
    }

    private static List<PemReader.Kind> kinds(PemReader.Text t) {
        return t.observations().stream().map(PemReader.Observation::kind).toList();
    }

    @Test
    void aCleanBlockIsOneBlockWithNothingObserved() throws Exception {
        PemReader.Text t = read("-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n");
        assertThat(t.blocks()).hasSize(1);
        assertThat(t.blocks().get(0).label()).isEqualTo("CERTIFICATE");
        assertThat(t.blocks().get(0).der()).containsExactly(0, 1, 2);
        assertThat(t.observations()).isEmpty();
    }

    @Test
    void everyDeviationIsObservedAtItsLine() throws Exception {
        PemReader.Text t = read("Bag Attributes\n-----BEGIN CERTIFICATE-----  \nAA*C\n-----END KEY-----\n"
                + "----BEGIN CERTIFICATE----\nAAEC\n");
        assertThat(kinds(t)).containsExactlyInAnyOrder(PemReader.Kind.TEXT_OUTSIDE, PemReader.Kind.WHITESPACE_AT_END,
                PemReader.Kind.BAD_BASE64_CHAR, PemReader.Kind.LABEL_MISMATCH, PemReader.Kind.MANGLED_BOUNDARY,
                PemReader.Kind.BEGIN_WITHOUT_END);
        assertThat(t.observations().get(2).line()).isEqualTo(3);
        assertThat(t.observations().get(2).column()).isEqualTo(3);
        assertThat(t.blocks()).extracting(PemReader.Block::der).containsOnlyNulls();
    }

    @Test
    void derIsObservedAndNothingElseIsRead() throws Exception {
        PemReader.Text t = PemReader.read(new byte[] {0x30, 0x03, 1, 2, 3}, "t.der");
        assertThat(t.der()).isTrue();
        assertThat(kinds(t)).containsExactly(PemReader.Kind.DER_NOT_PEM);
    }

    @Test
    void textWithoutAnyBlockIsAnInputError() {
        assertThatThrownBy(() -> read("hello\nworld\n")).isInstanceOf(ChainInputException.class)
                .hasMessageContaining("t.pem").hasMessageContaining("no PEM block");
    }
}
