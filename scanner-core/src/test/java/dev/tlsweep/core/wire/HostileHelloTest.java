package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile shapes of otherwise valid input: bounded work, no stack overflow, no stack traces for wire errors. */
class HostileHelloTest {

    private static byte[] hello() {
        return ClientHelloEncoder.encode(ClientHelloSpec.builder().cipherSuites(List.of(0xC02F, 0x002F))
                .serverName("example.com").build());
    }

    /** The handshake message carried by {@code records}, re-cut into records of {@code size} bytes each. */
    private static ByteBuf split(byte[] records, int size) {
        int version = ((records[1] & 0xFF) << 8) | (records[2] & 0xFF);
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < records.length;) {
            int n = ((records[i + 3] & 0xFF) << 8) | (records[i + 4] & 0xFF);
            message.write(records, i + 5, n);
            i += 5 + n;
        }
        byte[] m = message.toByteArray();
        ByteBuf out = Unpooled.buffer();
        for (int i = 0; i < m.length; i += size) {
            int n = Math.min(size, m.length - i);
            out.writeByte(22).writeShort(version).writeShort(n).writeBytes(m, i, n);
        }
        return out;
    }

    @Test
    void aHelloSplitIntoFortyThousandOneByteRecordsIsReadWithoutOverflowingTheStack() throws Exception {
        byte[] record = hello();
        // Padded to 40,000 bytes of handshake message: 40,000 one-byte records.
        byte[] big = ClientHelloEncoder.encode(ClientHelloSpec.builder().cipherSuites(
                java.util.stream.IntStream.range(1, 19_990).boxed().toList()).serverName("example.com").build());
        ParsedClientHello parsed = ClientHelloParser.parse(split(big, 1));
        assertThat(parsed.recordLengths()).hasSizeGreaterThan(40_000).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(parsed.cipherSuites()).hasSize(19_989);
        assertThat(ClientHelloParser.parse(split(record, 1)).cipherSuites()).containsExactly(0xC02F, 0x002F);
    }

    @Test
    void aHelloLongerThanTheBoundIsRefusedWithoutReadingIt() {
        ByteBuf b = Unpooled.buffer();
        int length = ClientHelloParser.MAX_MESSAGE_BYTES; // + the 4-byte header: over the bound
        b.writeByte(22).writeShort(0x0301).writeShort(4).writeByte(1).writeMedium(length);
        assertThatThrownBy(() -> ClientHelloParser.parse(b)).isInstanceOf(WireException.class)
                .hasMessageContaining("at most " + ClientHelloParser.MAX_MESSAGE_BYTES);
    }

    @Test
    void wireErrorsCarryNoStackTrace() {
        WireException e = new WireException(WireError.TRUNCATED, "flight: 3 bytes of a 5-byte record header");
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("flight: 3 bytes of a 5-byte record header");
        e.addSuppressed(new IllegalStateException("x"));
        assertThat(e.getSuppressed()).isEmpty();
    }
}
