package dev.tlsweep.lab;

import static dev.tlsweep.lab.CannedResponderSelectionTest.canned;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CannedResponderQuirksTest {

    /** Long enough that a silent server is told apart from a closing one: the server holds longer. */
    private static final int SHORT_TIMEOUT_MILLIS = 700;

    private static byte[] unacceptable() {
        return CannedHelloBuilder.tls(0x0303).suites(0x0035).build();
    }

    @Test
    void withoutQuirksNoCommonSuiteGetsHandshakeFailure() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(), unacceptable());
            assertThat(flight.alert()).isEqualTo(40);
            assertThat(flight.eof).isTrue();
        }
    }

    @Test
    void silentOnRejectNeverAnswers() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).quirk(CannedQuirk.SILENT_ON_REJECT).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(), unacceptable(), SHORT_TIMEOUT_MILLIS);
            assertThat(flight.timedOut).isTrue();
            assertThat(flight.bytes).isEmpty();
            // an acceptable offer is still answered
            assertThat(CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0303).build())
                    .serverHello().suite()).isEqualTo(0xC02F);
        }
    }

    @Test
    void silentOnRejectAlsoCoversVersions() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).quirk(CannedQuirk.SILENT_ON_REJECT).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0301).build(), SHORT_TIMEOUT_MILLIS);
            assertThat(flight.timedOut).isTrue();
        }
    }

    @Test
    void closeOnRejectSendsFinWithoutAnAlert() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).quirk(CannedQuirk.CLOSE_ON_REJECT).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(), unacceptable());
            assertThat(flight.eof).isTrue();
            assertThat(flight.bytes).isEmpty();
        }
    }

    @Test
    void resetOnRejectResets() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).quirk(CannedQuirk.RESET_ON_REJECT).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(), unacceptable());
            assertThat(flight.reset).isTrue();
            assertThat(flight.bytes).isEmpty();
        }
    }

    @Test
    void ignoringSupportedVersionsAnswersTls13HellosWithTls12() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).version(0x0304, 0x1301)
                .quirk(CannedQuirk.IGNORE_SUPPORTED_VERSIONS).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls13().suites(0x1301, 0xC02F).build());
            CannedFlight.ServerHello hello = flight.serverHello();
            assertThat(hello.version()).isEqualTo(0x0303);
            assertThat(hello.extensions()).doesNotContainKeys(0x002B, 0x0033);
            assertThat(hello.negotiatedVersion()).isEqualTo(0x0303);
            assertThat(hello.suite()).isEqualTo(0xC02F);
            assertThat(new String(hello.random(), 24, 7, StandardCharsets.US_ASCII)).isNotEqualTo("DOWNGRD");
            assertThat(flight.messageTypes()).containsExactly(2, 11, 12, 14);
        }
    }

    @Test
    void pickUnofferedSuiteAnswersWithItsFirstSuite() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC030, 0xC02F)
                .quirk(CannedQuirk.PICK_UNOFFERED_SUITE).start()) {
            assertThat(CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0303).suites(0xC02F).build())
                    .serverHello().suite()).isEqualTo(0xC030);
            assertThat(CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0303).suites(0x0035).build())
                    .serverHello().suite()).isEqualTo(0xC030);
        }
    }

    @Test
    void intolerantOfRecordsOf256To511Bytes() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).quirk(CannedQuirk.INTOLERANT_256_511).start()) {
            for (int length : new int[] {256, 300, 511}) {
                CannedFlight flight = CannedFlight.exchange(server.address(),
                        CannedHelloBuilder.tls(0x0303).recordBodyLength(length).build(), SHORT_TIMEOUT_MILLIS);
                assertThat(flight.timedOut).as("record of %d bytes", length).isTrue();
            }
            for (int length : new int[] {255, 512}) {
                CannedFlight flight = CannedFlight.exchange(server.address(),
                        CannedHelloBuilder.tls(0x0303).recordBodyLength(length).build());
                assertThat(flight.serverHello().suite()).as("record of %d bytes", length).isEqualTo(0xC02F);
            }
            assertThat(server.hellos()).extracting(ObservedHello::recordLength).containsExactly(256, 300, 511, 255, 512);
        }
    }

    @Test
    void moreThan128SuitesGetIllegalParameter() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).quirk(CannedQuirk.MAX_128_SUITES).start()) {
            CannedFlight tooMany = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(CannedHelloBuilder.filler(128, 0xC02F)).build());
            assertThat(tooMany.alert()).isEqualTo(47);
            CannedFlight enough = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(CannedHelloBuilder.filler(127, 0xC02F)).build());
            assertThat(enough.serverHello().suite()).isEqualTo(0xC02F);
        }
    }

    @Test
    void requiresTheRenegotiationSignal() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F)
                .quirk(CannedQuirk.REQUIRE_RENEGOTIATION_INFO).start()) {
            assertThat(CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0303).build()).alert())
                    .isEqualTo(40);
            assertThat(CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0xC02F, 0x00FF).build()).serverHello().suite())
                    .isEqualTo(0xC02F);
            assertThat(CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).renegotiationInfo().build()).serverHello().suite())
                    .isEqualTo(0xC02F);
        }
    }

    @Test
    void handshakeFailureAfterServerHello() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).version(0x0304, 0x1301)
                .quirk(CannedQuirk.HANDSHAKE_FAILURE_AFTER_SERVER_HELLO).start()) {
            CannedFlight tls12 = CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0303).build());
            assertThat(tls12.messageTypes()).containsExactly(2, 11);
            assertThat(tls12.serverHello().suite()).isEqualTo(0xC02F);
            assertThat(tls12.recordTypes()).containsExactly(22, 21);
            assertThat(tls12.alert()).isEqualTo(40);
            assertThat(tls12.eof).isTrue();

            CannedFlight tls13 = CannedFlight.exchange(server.address(), CannedHelloBuilder.tls13().build());
            assertThat(tls13.serverHello().negotiatedVersion()).isEqualTo(0x0304);
            assertThat(tls13.recordTypes()).containsExactly(22, 21);
        }
    }

    @Test
    void clientCertificateRequired() throws Exception {
        try (CannedResponder server = canned().version(0x0301, 0x0035).version(0x0303, 0xC02F)
                .quirk(CannedQuirk.CLIENT_CERT_REQUIRED).start()) {
            CannedFlight tls12 = CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0303).build());
            assertThat(tls12.messageTypes()).containsExactly(2, 11, 12, 13, 14);
            ByteBuffer request = ByteBuffer.wrap(tls12.message(13).body());
            request.position(1 + (request.get(0) & 0xFF));
            int schemes = request.getShort() & 0xFFFF;
            request.position(request.position() + schemes);
            assertThat(request.getShort()).as("no CAs").isZero();
            assertThat(request.hasRemaining()).isFalse();

            CannedFlight tls10 = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0301).suites(0x0035).build());
            assertThat(tls10.messageTypes()).containsExactly(2, 11, 13, 14);
            assertThat(tls10.message(13).body()).containsExactly(2, 1, 64, 0, 0);
        }
    }

    @Test
    void helloRetryRequestWhenTheKeyShareLacksTheGroup() throws Exception {
        try (CannedResponder server = canned().version(0x0304, 0x1301, 0x1302)
                .quirk(CannedQuirk.HRR_WITHOUT_KEY_SHARE).start();
                Socket socket = new Socket()) {
            socket.connect(server.address(), 2000);
            socket.setSoTimeout(5000);
            CannedFlight.write(socket.getOutputStream(),
                    CannedHelloBuilder.tls13().groups(0x0017, 0x001D).keyShares(0x0017).suites(0x1302).build());
            CannedFlight retry = CannedFlight.read(socket.getInputStream());
            CannedFlight.ServerHello hrr = retry.serverHello();
            assertThat(hrr.isHelloRetryRequest()).isTrue();
            assertThat(hrr.suite()).isEqualTo(0x1302);
            assertThat(hrr.negotiatedVersion()).isEqualTo(0x0304);
            assertThat(hrr.extensions().get(0x0033)).containsExactly(0x00, 0x1D);
            assertThat(retry.recordTypes()).containsExactly(22, 20);

            // the retried hello, after a middlebox-compatibility ChangeCipherSpec, is answered
            CannedFlight.write(socket.getOutputStream(), new byte[] {20, 3, 3, 0, 1, 1});
            CannedFlight.write(socket.getOutputStream(),
                    CannedHelloBuilder.tls13().groups(0x0017, 0x001D).keyShares(0x001D).suites(0x1302).build());
            CannedFlight answer = CannedFlight.read(socket.getInputStream());
            assertThat(answer.serverHello().isHelloRetryRequest()).isFalse();
            assertThat(answer.serverHello().negotiatedVersion()).isEqualTo(0x0304);
            assertThat(answer.recordTypes()).containsExactly(22, 20, 23);
            assertThat(server.hellos()).hasSize(2);
        }
    }

    @Test
    void retriedHelloStillWithoutTheShareGetsIllegalParameter() throws Exception {
        try (CannedResponder server = canned().version(0x0304, 0x1301)
                .quirk(CannedQuirk.HRR_WITHOUT_KEY_SHARE).start();
                Socket socket = new Socket()) {
            socket.connect(server.address(), 2000);
            socket.setSoTimeout(5000);
            byte[] hello = CannedHelloBuilder.tls13().groups(0x0017, 0x001D).keyShares(0x0017).build();
            CannedFlight.write(socket.getOutputStream(), hello);
            assertThat(CannedFlight.read(socket.getInputStream()).serverHello().isHelloRetryRequest()).isTrue();
            CannedFlight.write(socket.getOutputStream(), hello);
            CannedFlight answer = CannedFlight.read(socket.getInputStream());
            assertThat(answer.alert()).isEqualTo(47);
        }
    }

    @Test
    void withoutTheHrrQuirkTheServerAnswersWithItsGroup() throws Exception {
        try (CannedResponder server = canned().version(0x0304, 0x1301).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls13().groups(0x0017, 0x001D).keyShares(0x0017).build());
            assertThat(flight.serverHello().isHelloRetryRequest()).isFalse();
            assertThat(ByteBuffer.wrap(flight.serverHello().extensions().get(0x0033)).getShort()).isEqualTo((short) 0x001D);
        }
    }
}
