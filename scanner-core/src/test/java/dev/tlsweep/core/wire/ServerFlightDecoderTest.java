package dev.tlsweep.core.wire;

import static dev.tlsweep.core.wire.Flights.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerFlightDecoderTest {

    @Test
    void tls12FlightInEverySplit() {
        byte[] flight = tls12Flight();
        everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.complete()).isTrue();
            assertThat(f.serverHelloDone()).isTrue();
            assertThat(f.serverHello().cipherSuite()).isEqualTo(0xC02F);
            assertThat(f.serverHello().negotiatedVersion()).isEqualTo(0x0303);
            assertThat(f.serverHello().selectedVersion()).isEqualTo(-1);
            assertThat(f.serverHello().helloRetryRequest()).isFalse();
            assertThat(f.serverHello().hasExtension(0xFF01)).isTrue();
            assertThat(f.serverHello().extensions().keySet()).containsExactly(0xFF01, 23);
            assertThat(f.certificate().certificates()).hasSize(2);
            assertThat(f.certificate().certificates().get(0)).hasSize(700).contains((byte) 0xA1);
            assertThat(f.certificate().certificates().get(1)).hasSize(600).contains((byte) 0xB2);
            assertThat(f.serverKeyExchange().kind()).isEqualTo(KeyExchangeKind.ECDHE);
            assertThat(f.serverKeyExchange().namedGroup()).isEqualTo(0x0017);
            assertThat(f.serverKeyExchange().signatureScheme()).as("rsa_pkcs1_sha256").isEqualTo(0x0401);
            assertThat(f.serverKeyExchange().publicValue()).hasSize(65);
            assertThat(f.bytesRead()).isEqualTo(flight.length);
            assertThat(f.firstBytes()).containsExactly(java.util.Arrays.copyOf(flight, 32));
        });
    }

    @Test
    void messagesSplitAcrossManySmallRecords() {
        byte[] messages = concat(serverHello12(0x009E), certificate(List.of(fakeDer(3000, 0xC3))), dheSke(256),
                handshake(13, concat(vec8(u8(1)), vec16(u16(0x0401)), vec16(new byte[0]))), serverHelloDone());
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < messages.length; i += 7) {
            records.add(record(22, 0x0303, java.util.Arrays.copyOfRange(messages, i, Math.min(messages.length, i + 7))));
        }
        byte[] flight = concat(records.toArray(new byte[0][]));
        everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.serverHelloDone()).isTrue();
            assertThat(f.certificateRequested()).isTrue();
            assertThat(f.certificate().certificates()).hasSize(1);
            assertThat(f.serverKeyExchange().kind()).isEqualTo(KeyExchangeKind.DHE);
            assertThat(f.serverKeyExchange().dhPrimeBits()).isEqualTo(2048);
            assertThat(f.serverKeyExchange().dhPrime()).hasSize(256);
            assertThat(f.serverKeyExchange().dhGenerator()).containsExactly(2);
            assertThat(f.serverKeyExchange().signatureScheme()).isEqualTo(0x0401);
        });
    }

    @Test
    void suiteMappingDecidesTheKeyExchangeKind() {
        byte[] rsaExportSke = handshake(12, concat(vec16(concat(u8(0), filled(64, 0xC1))), vec16(u24(65537)),
                vec16(filled(64, 1))));
        byte[] flight = handshakeRecord(serverHello12(0x0003), certificate(List.of(fakeDer(10, 1))), rsaExportSke,
                serverHelloDone());
        ServerFlightDecoder d = new ServerFlightDecoder(1 << 16,
                suite -> suite == 0x0003 ? KeyExchangeKind.RSA_EXPORT : KeyExchangeKind.NONE);
        assertThat(d.offer(Unpooled.wrappedBuffer(flight))).isTrue();
        assertThat(d.result().serverKeyExchange()).isEqualTo(new ServerKeyExchange(KeyExchangeKind.RSA_EXPORT, -1, -1, 512));

        byte[] psk = handshake(12, concat(vec16("hint".getBytes(StandardCharsets.US_ASCII)), u8(3), u16(0x001D),
                vec8(filled(32, 9))));
        d = new ServerFlightDecoder(1 << 16, suite -> KeyExchangeKind.ECDHE_PSK);
        d.offer(Unpooled.wrappedBuffer(handshakeRecord(serverHello12(0xC035), psk, serverHelloDone())));
        assertThat(d.result().serverKeyExchange().kind()).isEqualTo(KeyExchangeKind.ECDHE_PSK);
        assertThat(d.result().serverKeyExchange().namedGroup()).isEqualTo(0x001D);
        assertThat(d.result().serverKeyExchange().signatureScheme()).as("unsigned").isEqualTo(-1);
    }

    @Test
    void explicitPrimeCurveIsReported() {
        byte[] ske = handshake(12, concat(u8(1), vec8(filled(32, 0xFF)), vec8(filled(32, 1)), vec8(filled(32, 2)),
                vec8(filled(65, 4)), vec8(filled(32, 3)), vec8(u8(1)), vec8(filled(65, 4)), u16(0x0401), vec16(filled(64, 0))));
        ServerFlightDecoder d = new ServerFlightDecoder(1 << 16, s -> KeyExchangeKind.ECDHE);
        d.offer(Unpooled.wrappedBuffer(handshakeRecord(serverHello12(0xC02F), ske, serverHelloDone())));
        assertThat(d.result().serverKeyExchange().namedGroup()).isEqualTo(ServerKeyExchange.EXPLICIT_PRIME_CURVE);
    }

    @Test
    void tls13ServerHelloThenEncryptedRecords() {
        everySplit(tls13Flight(), f -> {
            assertThat(f.error()).isNull();
            assertThat(f.complete()).isTrue();
            assertThat(f.encryptedSeen()).isTrue();
            assertThat(f.serverHello().negotiatedVersion()).isEqualTo(0x0304);
            assertThat(f.serverHello().legacyVersion()).isEqualTo(0x0303);
            assertThat(f.serverHello().keyShareGroup()).isEqualTo(0x001D);
            assertThat(f.serverHello().helloRetryRequest()).isFalse();
            assertThat(f.certificate()).isNull();
        });
    }

    @Test
    void tls13ServerHelloAloneIsNotYetComplete() {
        ServerFlightDecoder d = feedWhole(handshakeRecord(serverHello13(0x1302)));
        assertThat(d.isComplete()).isFalse();
        assertThat(d.result().serverHello().cipherSuite()).isEqualTo(0x1302);
        assertThat(d.offer(Unpooled.wrappedBuffer(record(23, 0x0303, filled(40, 1))))).isTrue();
    }

    @Test
    void helloRetryRequestEndsTheFlight() {
        byte[] flight = concat(handshakeRecord(helloRetryRequest(0x1301, 0x0017)), record(20, 0x0303, u8(1)));
        everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.complete()).isTrue();
            assertThat(f.serverHello().helloRetryRequest()).isTrue();
            assertThat(f.serverHello().keyShareGroup()).isEqualTo(0x0017);
            assertThat(f.serverHello().selectedVersion()).isEqualTo(0x0304);
            assertThat(f.encryptedSeen()).isFalse();
        });
    }

    @Test
    void resumptionEndsAtTheEncryptedFinished() {
        byte[] flight = concat(handshakeRecord(serverHello12(0xC02F), handshake(4, concat(new byte[4], vec16(filled(50, 8))))),
                record(20, 0x0303, u8(1)), record(22, 0x0303, filled(40, 0x99)));
        everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.encryptedSeen()).isTrue();
            assertThat(f.complete()).isTrue();
        });
    }

    @Test
    void alertBeforeServerHello() {
        everySplit(alert(2, 40), f -> {
            assertThat(f.complete()).isTrue();
            assertThat(f.error()).isNull();
            assertThat(f.serverHello()).isNull();
            assertThat(f.alert()).isEqualTo(new Alert(2, 40));
            assertThat(f.alert().describe()).isEqualTo("fatal handshake_failure (40)");
            assertThat(f.alert().descriptionEnum()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        });
    }

    @Test
    void warningAlertDoesNotEndTheFlight() {
        // unrecognized_name as a warning, then the server goes on (older Apache with an unknown SNI)
        byte[] flight = concat(alert(1, 112), handshakeRecord(serverHello12(0x009C)));
        everySplit(flight, f -> {
            assertThat(f.serverHello()).isNotNull();
            assertThat(f.serverHello().cipherSuite()).isEqualTo(0x009C);
        });
        everySplit(alert(1, 112), f -> {
            assertThat(f.complete()).isFalse();
            assertThat(f.alert()).isEqualTo(new Alert(1, 112));
        });
        everySplit(alert(1, 0), f -> assertThat(f.complete()).isTrue());
    }

    @Test
    void serverHelloThenAlertKeepsTheServerHello() {
        byte[] flight = concat(handshakeRecord(serverHello12(0x009C)), alert(2, 47));
        everySplit(flight, f -> {
            assertThat(f.serverHello().cipherSuite()).isEqualTo(0x009C);
            assertThat(f.alert().descriptionEnum()).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
        });
    }

    @Test
    void alertDescriptions() {
        assertThat(AlertDescription.of(70)).isEqualTo(AlertDescription.PROTOCOL_VERSION);
        assertThat(AlertDescription.of(200)).isEqualTo(AlertDescription.UNKNOWN);
        assertThat(AlertDescription.of(-5)).isEqualTo(AlertDescription.UNKNOWN);
        assertThat(new Alert(1, 112).describe()).isEqualTo("warning unrecognized_name (112)");
        assertThat(new Alert(7, 250).describe()).isEqualTo("level(7) unknown (250)");
        for (AlertDescription d : AlertDescription.values()) {
            if (d != AlertDescription.UNKNOWN) {
                assertThat(AlertDescription.of(d.code())).isEqualTo(d);
            }
        }
    }

    @Test
    void plainHttpIsNotTls() {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n\r\n<html></html>"
                .getBytes(StandardCharsets.US_ASCII);
        everySplit(http, f -> {
            assertThat(f.complete()).isTrue();
            assertThat(f.error().error()).isEqualTo(WireError.NOT_TLS);
            assertThat(f.error().getMessage()).contains("HTTP").contains("HTTP/1.1 400");
            assertThat(new String(f.firstBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400");
        });
        ServerFlightDecoder ssh = feedWhole("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ssh.result().error().getMessage()).contains("SSH");
        ServerFlightDecoder smtp = feedWhole("220 mail.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(smtp.result().error().error()).isEqualTo(WireError.NOT_TLS);
    }

    @Test
    void badRecordVersionAndTypeAndLength() {
        ServerFlightDecoder d = feedWhole(concat(handshakeRecord(serverHello12(0x2F)), record(99, 0x0303, u8(0))));
        assertThat(d.result().error().error()).isEqualTo(WireError.BAD_RECORD_TYPE);
        assertThat(d.result().error().getMessage()).contains("99").contains("offset");
        assertThat(d.result().serverHello()).isNotNull();

        d = feedWhole(concat(u8(22), u16(0x0303), u16(30000)));
        assertThat(d.result().error().error()).isEqualTo(WireError.OVERSIZED);

        d = feedWhole(concat(u8(22), u16(0x0403), u16(3)));
        assertThat(d.result().error().error()).isEqualTo(WireError.NOT_TLS);
    }

    @Test
    void truncatedFlightIsIncompleteWithoutErrorUntilMoreArrives() {
        byte[] flight = tls12Flight();
        ServerFlightDecoder d = new ServerFlightDecoder();
        for (int cut : new int[] {1, 4, 5, 60, 200, flight.length - 1}) {
            ServerFlightDecoder partial = feedWhole(java.util.Arrays.copyOf(flight, cut));
            assertThat(partial.isComplete()).as("cut at %d", cut).isFalse();
            assertThat(partial.result().error()).isNull();
            assertThat(partial.result().bytesRead()).isEqualTo(cut);
        }
        assertThat(d.offer(Unpooled.wrappedBuffer(flight, 0, 100))).isFalse();
        assertThat(d.result().serverHello()).isNotNull();
        assertThat(d.result().certificate()).isNull();
        assertThat(d.offer(Unpooled.wrappedBuffer(flight, 100, flight.length - 100))).isTrue();
        assertThat(d.result().serverHelloDone()).isTrue();
    }

    @Test
    void unexpectedMessages() {
        ServerFlightDecoder d = feedWhole(handshakeRecord(certificate(List.of(fakeDer(5, 1)))));
        assertThat(d.result().error().error()).isEqualTo(WireError.UNEXPECTED_MESSAGE);
        d = feedWhole(handshakeRecord(serverHello12(0x2F), serverHello12(0x2F)));
        assertThat(d.result().error().error()).isEqualTo(WireError.UNEXPECTED_MESSAGE);
        d = feedWhole(record(23, 0x0303, filled(10, 1)));
        assertThat(d.result().error().error()).isEqualTo(WireError.UNEXPECTED_MESSAGE);
        d = feedWhole(record(20, 0x0303, u8(1)));
        assertThat(d.result().error().error()).isEqualTo(WireError.UNEXPECTED_MESSAGE);
        // an alert in the middle of a fragmented handshake message
        byte[] sh = serverHello12(0x2F);
        d = feedWhole(concat(record(22, 0x0303, java.util.Arrays.copyOf(sh, 10)), alert(2, 40)));
        assertThat(d.result().error().error()).isEqualTo(WireError.UNEXPECTED_MESSAGE);
    }

    @Test
    void malformedServerHelloNamesTheProblem() {
        byte[] badSession = handshake(2, concat(u16(0x0303), filled(32, 1), u8(40), filled(40, 0), u16(0x2F), u8(0)));
        ServerFlightDecoder d = feedWhole(handshakeRecord(badSession));
        assertThat(d.result().error().error()).isEqualTo(WireError.BAD_LENGTH);
        assertThat(d.result().error().getMessage()).contains("session_id").contains("offset");

        byte[] dupExt = serverHello(0x0303, filled(32, 1), 0x2F, extension(23, new byte[0]), extension(23, new byte[0]));
        assertThat(feedWhole(handshakeRecord(dupExt)).result().error().error()).isEqualTo(WireError.BAD_VALUE);

        byte[] shortBody = handshake(2, concat(u16(0x0303), filled(10, 1)));
        assertThat(feedWhole(handshakeRecord(shortBody)).result().error().error()).isEqualTo(WireError.TRUNCATED);
    }

    @Test
    void oversizedHandshakeMessageIsRejectedBeforeBuffering() {
        ServerFlightDecoder d = new ServerFlightDecoder(4096, null);
        d.offer(Unpooled.wrappedBuffer(concat(handshakeRecord(serverHello12(0x2F)),
                record(22, 0x0303, concat(u8(11), u24(0xFFFFFF), filled(10, 0))))));
        assertThat(d.result().error().error()).isEqualTo(WireError.OVERSIZED);

        d = new ServerFlightDecoder(100, null);
        d.offer(Unpooled.wrappedBuffer(tls12Flight()));
        assertThat(d.result().error().error()).isEqualTo(WireError.OVERSIZED);
        assertThat(d.result().bytesRead()).isEqualTo(100);
    }

    @Test
    void ssl2ServerHello() {
        byte[] cert = fakeDer(300, 0xEE);
        byte[] connId = filled(16, 0xCC);
        byte[] msg = concat(u8(4), u8(0), u8(1), u16(0x0002), u16(cert.length), u16(6), u16(connId.length),
                cert, u24(0x010080), u24(0x0700C0), connId);
        byte[] flight = concat(u16(0x8000 | msg.length), msg);
        everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.complete()).isTrue();
            Ssl2ServerHello h = f.ssl2ServerHello();
            assertThat(h.version()).isEqualTo(2);
            assertThat(h.cipherSpecs()).containsExactly(0x010080, 0x0700C0);
            assertThat(h.certificate()).isEqualTo(cert);
            assertThat(h.connectionId()).isEqualTo(connId);
        });
        // SSLv2 ERROR (NO-CIPHER-ERROR)
        ServerFlightDecoder d = feedWhole(concat(u16(0x8003), u8(0), u16(1)));
        assertThat(d.result().error().error()).isEqualTo(WireError.SSL2_ERROR);
        assertThat(d.result().error().getMessage()).contains("NO-CIPHER-ERROR");
        // not accepted when SSLv2 is not expected
        d = new ServerFlightDecoder(1000, null, false);
        d.offer(Unpooled.wrappedBuffer(flight));
        assertThat(d.result().error().error()).isEqualTo(WireError.NOT_TLS);
    }

    @Test
    void bytesAfterTheFlightAreConsumedAndIgnored() {
        ServerFlightDecoder d = new ServerFlightDecoder();
        ByteBuf in = Unpooled.wrappedBuffer(concat(tls12Flight(), filled(50, 0)));
        assertThat(d.offer(in)).isTrue();
        assertThat(in.isReadable()).isFalse();
        assertThat(d.result().error()).isNull();
        assertThat(d.offer(Unpooled.wrappedBuffer(filled(10, 1)))).isTrue();
        assertThat(d.result().error()).isNull();
    }

    @Test
    void constructorValidates() {
        assertThatThrownBy(() -> new ServerFlightDecoder(0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxFlightBytes: 0 (expected: > 0)");
    }

    @Test
    void certificateStatusKeepsTheStapledOcspResponse() {
        byte[] ocsp = filled(900, 0x5A);
        byte[] status = handshake(22, concat(u8(1), vec24(ocsp)));
        byte[] flight = handshakeRecord(serverHello12(0xC02F), certificate(List.of(fakeDer(500, 0xA1))), status,
                ecdheSke(0x0017, 65), serverHelloDone());
        everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.serverHelloDone()).isTrue();
            assertThat(f.certificateStatus()).isTrue();
            assertThat(f.ocspResponse()).containsExactly(ocsp);
        });
    }

    @Test
    void ocspMultiKeepsTheFirstNonEmptyResponse() {
        byte[] ocsp = filled(40, 0x33);
        byte[] status = handshake(22, concat(u8(2), vec24(concat(vec24(new byte[0]), vec24(ocsp), vec24(filled(9, 1))))));
        byte[] flight = handshakeRecord(serverHello12(0xC02F), certificate(List.of(fakeDer(50, 0xA1))), status,
                ecdheSke(0x0017, 65), serverHelloDone());
        ServerFlight f = feed(flight, new int[] {flight.length}).result();
        assertThat(f.error()).isNull();
        assertThat(f.certificateStatus()).isTrue();
        assertThat(f.ocspResponse()).containsExactly(ocsp);
    }

    @Test
    void unknownStatusTypeIsSeenWithoutResponse() {
        byte[] status = handshake(22, concat(u8(7), filled(5, 1)));
        byte[] flight = handshakeRecord(serverHello12(0xC02F), certificate(List.of(fakeDer(50, 0xA1))), status,
                serverHelloDone());
        ServerFlight f = feed(flight, new int[] {flight.length}).result();
        assertThat(f.error()).isNull();
        assertThat(f.certificateStatus()).isTrue();
        assertThat(f.ocspResponse()).isNull();
    }

    @Test
    void flightWithoutCertificateStatus() {
        byte[] flight = tls12Flight();
        ServerFlight f = feed(flight, new int[] {flight.length}).result();
        assertThat(f.certificateStatus()).isFalse();
        assertThat(f.ocspResponse()).isNull();
    }

    @Test
    void emptyOrDuplicateCertificateStatusIsAnError() {
        byte[] empty = handshake(22, concat(u8(1), vec24(new byte[0])));
        byte[] flight = handshakeRecord(serverHello12(0xC02F), certificate(List.of(fakeDer(50, 0xA1))), empty,
                serverHelloDone());
        assertThat(feed(flight, new int[] {flight.length}).result().error()).isNotNull();
        byte[] ok = handshake(22, concat(u8(1), vec24(filled(3, 1))));
        flight = handshakeRecord(serverHello12(0xC02F), certificate(List.of(fakeDer(50, 0xA1))), ok, ok,
                serverHelloDone());
        assertThat(feed(flight, new int[] {flight.length}).result().error().error())
                .isEqualTo(WireError.UNEXPECTED_MESSAGE);
    }
}
