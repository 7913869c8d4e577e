package dev.tlsweep.lab;

import static dev.tlsweep.lab.CannedResponderSelectionTest.canned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CannedResponderMalformedTest {

    private static CannedFlight send(CannedResponder server, byte[] bytes) throws IOException {
        return CannedFlight.exchange(server.address(), bytes);
    }

    @Test
    void httpOnTheTlsPortGetsDecodeError() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start()) {
            CannedFlight flight = send(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(flight.alert()).isEqualTo(50);
            assertThat(flight.eof).isTrue();
            assertThat(server.hellos()).isEmpty();
        }
    }

    @Test
    void inconsistentLengthsGetDecodeError() throws Exception {
        byte[] good = CannedHelloBuilder.tls(0x0303).suites(0xC02F, 0xC030).sni("a.test").build();
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start()) {
            // odd cipher_suites length
            byte[] oddSuites = good.clone();
            oddSuites[5 + 4 + 2 + 32 + 1 + 1] = 3;
            assertThat(send(server, oddSuites).alert()).isEqualTo(50);

            // extensions length one more than what is there
            byte[] longExtensions = good.clone();
            int extensionsAt = 5 + 4 + 2 + 32 + 1 + 2 + 4 + 2;
            longExtensions[extensionsAt + 1]++;
            assertThat(send(server, longExtensions).alert()).isEqualTo(50);

            // a handshake message that is not a ClientHello
            byte[] serverHello = good.clone();
            serverHello[5] = 2;
            assertThat(send(server, serverHello).alert()).isEqualTo(50);

            // an alert record where the hello should be
            assertThat(send(server, new byte[] {21, 3, 3, 0, 2, 2, 40}).alert()).isEqualTo(50);

            // an SSLv2 CLIENT-HELLO whose lengths do not add up
            byte[] sslv2 = CannedHelloBuilder.sslv2(0x0002, 0x0700C0);
            sslv2[6]++;
            assertThat(send(server, sslv2).alert()).isEqualTo(50);

            // a huge announced handshake length is refused before anything is buffered
            assertThat(send(server, new byte[] {22, 3, 1, 0, 4, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}).alert())
                    .isEqualTo(50);

            // the server goes on serving
            assertThat(send(server, good).serverHello().suite()).isEqualTo(0xC02F);
            assertThat(server.hellos()).hasSize(1);
        }
    }

    @Test
    void helloSplitAcrossRecordsAndSegmentsIsReassembled() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start();
                Socket socket = new Socket()) {
            byte[] hello = CannedHelloBuilder.tls(0x0303).suites(0x1301, 0xC02F).sni("split.test")
                    .fragment(7).build();
            socket.connect(server.address(), 2000);
            socket.setSoTimeout(5000);
            socket.setTcpNoDelay(true);
            for (int offset = 0; offset < hello.length; offset += 13) {
                CannedFlight.write(socket.getOutputStream(),
                        Arrays.copyOfRange(hello, offset, Math.min(hello.length, offset + 13)));
            }
            CannedFlight flight = CannedFlight.read(socket.getInputStream());
            assertThat(flight.serverHello().suite()).isEqualTo(0xC02F);
            assertThat(server.hellos()).singleElement().satisfies(h -> {
                assertThat(h.sni()).isEqualTo("split.test");
                assertThat(h.recordLength()).isEqualTo(7);
            });
        }
    }

    @Test
    void incompleteHelloIsClosedByTheHoldTimer() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).holdTime(java.time.Duration.ofMillis(300))
                .start()) {
            byte[] hello = CannedHelloBuilder.tls(0x0303).build();
            CannedFlight flight = send(server, Arrays.copyOf(hello, hello.length - 1));
            assertThat(flight.eof).isTrue();
            assertThat(flight.bytes).isEmpty();
        }
    }

    @Test
    void parserNeverThrowsAnythingButDecodeErrorsOnMutatedHellos() {
        Random random = new Random(20261123);
        byte[][] seeds = {
            CannedHelloBuilder.tls13().sni("fuzz.test").renegotiationInfo().extendedMasterSecret().build(),
            CannedHelloBuilder.tls(0x0300).suites(0x000A).build(),
            CannedHelloBuilder.tls(0x0303).fragment(50).build(),
            CannedHelloBuilder.sslv2(0x0301, 0x0700C0, 0x00000A),
        };
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] input = seeds[i % seeds.length].clone();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                input = Arrays.copyOf(input, random.nextInt(input.length + 1));
            }
            ByteBuf buf = Unpooled.wrappedBuffer(input);
            try {
                if (CannedHelloParser.parse(buf) != null) {
                    parsed++;
                }
            } catch (CannedDecodeException e) {
                rejected++;
            }
            assertThat(buf.readerIndex()).isZero();
        }
        assertThat(parsed).isPositive();
        assertThat(rejected).isPositive();
    }

    @Test
    void parserWaitsForMoreBytesAtEverySplit() {
        byte[] hello = CannedHelloBuilder.tls13().fragment(100).build();
        for (int length = 0; length < hello.length; length++) {
            assertThat(CannedHelloParser.parse(Unpooled.wrappedBuffer(hello, 0, length))).as("prefix %d", length).isNull();
        }
        assertThat(CannedHelloParser.parse(Unpooled.wrappedBuffer(hello))).isNotNull();
    }

    @Test
    void closeStopsListening() throws Exception {
        CannedResponder server = canned().version(0x0303, 0xC02F).start();
        InetSocketAddress address = server.address();
        Socket idle = new Socket();
        idle.connect(address, 2000);
        idle.setSoTimeout(5000);
        for (int i = 0; i < 500 && server.connections() == 0; i++) {
            Thread.sleep(10); // until the responder has accepted it, not merely the kernel
        }
        assertThat(server.connections()).isEqualTo(1);
        server.close();
        server.close();
        assertThat(idle.getInputStream().read()).isEqualTo(-1);
        idle.close();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(address, 2000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void builderValidatesItsInput() {
        assertThatThrownBy(() -> CannedResponder.builder().version(0x0200, 1))
                .hasMessage("wireVersion: 0x0200 (expected: 0x0002, 0x0300..0x0304)");
        assertThatThrownBy(() -> CannedResponder.builder().version(0x0303, 0x10000))
                .hasMessageStartingWith("suite: 0x10000");
        assertThatThrownBy(() -> CannedResponder.builder().dhPrimeBits(1001))
                .hasMessageStartingWith("dhPrimeBits: 1001");
        assertThatThrownBy(() -> CannedResponder.builder().start())
                .isInstanceOf(IllegalStateException.class);
    }
}
