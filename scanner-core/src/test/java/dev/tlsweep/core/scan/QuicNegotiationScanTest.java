package dev.tlsweep.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.render.TerminalLayout;
import dev.tlsweep.core.render.TerminalReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A QUIC server that answers the hello in version 2 with a Version Negotiation listing version 1, and leaves the hello
 * in version 1 unanswered (a loopback UDP socket scripted in the test): the report says what was seen — no answer
 * in version 1, and the negotiation — with the status of the silence, never "speaks none of tlsweep's versions".
 */
class QuicNegotiationScanTest {

    private static final int V1 = 0x00000001;

    static DatagramSocket socket;
    static Thread responder;

    @BeforeAll
    static void start() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        responder = new Thread(QuicNegotiationScanTest::answer, "quic-negotiation");
        responder.setDaemon(true);
        responder.start();
    }

    @AfterAll
    static void stop() {
        socket.close();
    }

    /** Answers every long-header packet of another version than 1 with a Version Negotiation listing 1. */
    private static void answer() {
        byte[] buf = new byte[2048];
        for (int answered = 0; answered < 1000; answered++) { // bounded: a scan sends a few dozen
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
            } catch (Exception closed) {
                return;
            }
            byte[] d = Arrays.copyOf(in.getData(), in.getLength());
            if (d.length < 7 || (d[0] & 0x80) == 0) {
                continue;
            }
            int version = ((d[1] & 0xFF) << 24) | ((d[2] & 0xFF) << 16) | ((d[3] & 0xFF) << 8) | (d[4] & 0xFF);
            if (version == V1) {
                continue; // silence
            }
            int dcidLength = d[5] & 0xFF;
            byte[] dcid = Arrays.copyOfRange(d, 6, 6 + dcidLength);
            int scidLength = d[6 + dcidLength] & 0xFF;
            byte[] scid = Arrays.copyOfRange(d, 7 + dcidLength, 7 + dcidLength + scidLength);
            ByteArrayOutputStream vn = new ByteArrayOutputStream();
            vn.write(0x80 | 0x4a);
            vn.writeBytes(new byte[4]); // version 0: a Version Negotiation (RFC 9000 17.2.1)
            vn.write(scid.length);
            vn.writeBytes(scid);
            vn.write(dcid.length);
            vn.writeBytes(dcid);
            vn.writeBytes(new byte[] {0, 0, 0, 1});
            byte[] out = vn.toByteArray();
            try {
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (Exception closed) {
                return;
            }
        }
    }

    @Test
    void aNegotiationToAVersionThatStaysSilentIsNoClaimThatTheServerSpeaksNone() throws Exception {
        EndpointReport r = Scans.scan(TargetParser.parse("quic://127.0.0.1:" + socket.getLocalPort() + " sni=localhost"),
                ScanOptions.defaults());
        assertThat(r.status()).as(r.error()).isEqualTo(ScanStatus.TIMEOUT);
        assertThat(r.error()).contains("no QUIC answer").contains("to the hello in v1")
                .contains("Version Negotiation that lists v1").doesNotContain("speaks none");
        assertThat(r.quic().versions()).anySatisfy(v -> {
            assertThat(v.version()).isEqualTo("v2");
            assertThat(v.accepted()).isFalse();
        });
        assertThat(r.quic().versions()).anySatisfy(v -> {
            assertThat(v.version()).isIn("v1", "?");
            assertThat(v.accepted()).isNull();
        });
        // no handshake was answered: whether it demands Retry, and its ALPN, are not known
        assertThat(r.quic().retry()).isNull();
        StringWriter text = new StringWriter();
        new TerminalReport(false, TerminalLayout.UNLIMITED).render(r, new PrintWriter(text));
        assertThat(text.toString()).contains("not known (no QUIC handshake answered)")
                .contains("not asked (no QUIC version accepted)").doesNotContain("not demanded");
    }
}
