package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ALPN verdict over QUIC from answers made by hand: only the no_application_protocol alert refuses a protocol;
 * any other alert, or silence, leaves it unknown (and the QUIC probe incomplete), never "refused".
 */
class QuicAlpnVerdictTest {

    private static final InetSocketAddress REMOTE = InetSocketAddress.createUnresolved("server.test", 443);

    @Test
    void onlyNoApplicationProtocolRefusesAProtocol() {
        Map<String, QuicAnswer> answers = new LinkedHashMap<>();
        answers.put("doq", alert(120)); // no_application_protocol
        answers.put("h3-29", alert(40)); // handshake_failure: says nothing of the protocol
        answers.put("hq-interop", new QuicAnswer(HelloAnswer.of(new Exchange<>(Outcome.READ_TIMEOUT, null, 1, 0,
                "no datagram for 5000ms", REMOTE)), null));
        QuicProbe.AlpnVerdict v = QuicProbe.alpn(answers);
        assertThat(v.refused()).containsExactly("doq");
        assertThat(v.accepted()).isEmpty();
        assertThat(v.unknown()).hasSize(2).anyMatch(u -> u.startsWith("h3-29: "))
                .anyMatch(u -> u.startsWith("hq-interop: "));
    }

    private static QuicAnswer alert(int description) {
        byte[] record = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, (byte) description};
        ServerFlightDecoder d = new ServerFlightDecoder();
        d.offer(Unpooled.wrappedBuffer(record));
        return new QuicAnswer(HelloAnswer.of(new Exchange<>(Outcome.CLOSED, d.result(), 1, record.length, "closed",
                REMOTE)), null);
    }
}
