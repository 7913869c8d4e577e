package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The TLS 1.3 key schedule and record protection against RFC 8448's "Simple 1-RTT Handshake" trace: from the
 * RFC's ClientHello, its client private key and the server's bytes, tlsweep derives the RFC's secrets, decrypts the
 * server's flight to the RFC's plaintext messages, verifies the server's Finished and makes the client's Finished
 * the RFC shows.
 */
class Rfc8448KeyScheduleTest {

    private static ServerHello serverHello() throws WireException {
        byte[] record = Rfc8448.get("server_hello_record");
        return ServerMessages.parseServerHello(Unpooled.wrappedBuffer(record, 9, record.length - 9), 4);
    }

    private static byte[] serverHelloMessage() {
        byte[] record = Rfc8448.get("server_hello_record");
        return Arrays.copyOfRange(record, 5, record.length);
    }

    private static Tls13Reader reader() throws WireException {
        KeyShare share = Rfc8448.clientShare();
        return Tls13Reader.start(Rfc8448.get("client_hello"), g -> g == 0x001D ? share : null, serverHello(),
                serverHelloMessage(), 64 * 1024);
    }

    @Test
    void theSharedSecretIsTheRfcs() throws Exception {
        byte[] server = Arrays.copyOfRange(serverHello().extensions().get(51), 4, 36);
        assertThat(Rfc8448.clientShare().agree(server)).isEqualTo(Rfc8448.get("shared_secret"));
    }

    @Test
    void theHandshakeTrafficSecretsAreTheRfcs() throws Exception {
        Tls13Reader r = reader();
        assertThat(r.clientHandshakeTrafficSecret()).isEqualTo(Rfc8448.get("client_hs_traffic_secret"));
        assertThat(r.serverHandshakeTrafficSecret()).isEqualTo(Rfc8448.get("server_hs_traffic_secret"));
        byte[] secret = Rfc8448.get("server_hs_traffic_secret");
        assertThat(TlsHash.SHA256.expandLabel(secret, "key", new byte[0], 16)).isEqualTo(Rfc8448.get("server_hs_write_key"));
        assertThat(TlsHash.SHA256.expandLabel(secret, "iv", new byte[0], 12)).isEqualTo(Rfc8448.get("server_hs_write_iv"));
    }

    @Test
    void theServerFlightDecryptsToTheRfcsMessages() throws Exception {
        byte[] record = Rfc8448.get("server_flight_record");
        RecordCipher cipher = RecordCipher.tls13(RecordCipher.Mode.AES_GCM, Rfc8448.get("server_hs_write_key"),
                Rfc8448.get("server_hs_write_iv"));
        byte[] inner = cipher.open13(Arrays.copyOf(record, 5), Arrays.copyOfRange(record, 5, record.length));
        byte[] expected = TlsHash.concat(Rfc8448.get("encrypted_extensions"), Rfc8448.get("certificate"),
                Rfc8448.get("certificate_verify"), Rfc8448.get("server_finished"), new byte[] {22});
        assertThat(inner).isEqualTo(expected);
    }

    @Test
    void theReaderParsesTheFlightAndVerifiesTheFinished() throws Exception {
        Tls13Reader r = reader();
        byte[] record = Rfc8448.get("server_flight_record");
        r.onRecord(Arrays.copyOf(record, 5), Arrays.copyOfRange(record, 5, record.length));
        EncryptedFlight f = r.flight(null);
        assertThat(f.finished()).isTrue();
        assertThat(f.over()).isTrue();
        assertThat(f.suite()).isEqualTo(0x1301);
        assertThat(f.group()).isEqualTo(0x001D);
        assertThat(f.extensions().keySet()).containsExactlyInAnyOrder(0x000A, 0x001C, 0x0000);
        assertThat(f.supportedGroups()).containsExactly(0x001D, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102,
                0x0103, 0x0104);
        assertThat(f.certificates()).hasSize(1);
        byte[] certificateMessage = Rfc8448.get("certificate");
        // Certificate: 4-byte header, empty context, 3-byte list length, 3-byte cert_data length, then the DER
        assertThat(f.certificates().get(0)).isEqualTo(Arrays.copyOfRange(certificateMessage, 11, 11 + 0x1b0));
        assertThat(f.certificateVerifyScheme()).isEqualTo(0x0804);
        assertThat(f.certificateRequested()).isFalse();
        assertThat(f.alpn()).isNull();
    }

    @Test
    void theClientFinishedAndTheApplicationSecretAreTheRfcs() throws Exception {
        Tls13Reader r = reader();
        byte[] record = Rfc8448.get("server_flight_record");
        r.onRecord(Arrays.copyOf(record, 5), Arrays.copyOfRange(record, 5, record.length));
        byte[] flight = r.clientFinished();
        assertThat(Arrays.copyOf(flight, 6)).as("middlebox-compatibility ChangeCipherSpec")
                .containsExactly(20, 3, 3, 0, 1, 1);
        byte[] finishedRecord = Arrays.copyOfRange(flight, 6, flight.length);
        RecordCipher client = RecordCipher.tls13(RecordCipher.Mode.AES_GCM, Rfc8448.get("client_hs_write_key"),
                Rfc8448.get("client_hs_write_iv"));
        byte[] inner = client.open13(Arrays.copyOf(finishedRecord, 5),
                Arrays.copyOfRange(finishedRecord, 5, finishedRecord.length));
        assertThat(inner).isEqualTo(TlsHash.concat(Rfc8448.get("client_finished"), new byte[] {22}));
        assertThat(r.serverApplicationTrafficSecret()).isEqualTo(Rfc8448.get("server_ap_traffic_secret"));
    }

    @Test
    void theFlightDecoderReadsTheWholeExchangeSplitAnywhere() {
        byte[] server = TlsHash.concat(Rfc8448.get("server_hello_record"), Rfc8448.get("server_flight_record"));
        KeyShare share = Rfc8448.clientShare();
        for (int chunk : new int[] {1, 7, 64, 679, server.length}) {
            ServerFlightDecoder d = new ServerFlightDecoder(64 * 1024, null, true, Rfc8448.get("client_hello"),
                    g -> g == 0x001D ? share : null);
            for (int i = 0; i < server.length; i += chunk) {
                d.offer(Unpooled.wrappedBuffer(server, i, Math.min(chunk, server.length - i)));
            }
            ServerFlight f = d.result();
            assertThat(f.complete()).as("chunk %d", chunk).isTrue();
            assertThat(f.error()).isNull();
            assertThat(f.encrypted().finished()).isTrue();
            assertThat(f.encrypted().certificates()).hasSize(1);
            assertThat(f.encrypted().certificateVerifyScheme()).isEqualTo(0x0804);
        }
    }

    @Test
    void aFlippedBitEndsTheFlightWithADecryptionErrorKeepingTheServerHello() {
        byte[] server = TlsHash.concat(Rfc8448.get("server_hello_record"), Rfc8448.get("server_flight_record"));
        server[server.length - 3] ^= 1;
        KeyShare share = Rfc8448.clientShare();
        ServerFlightDecoder d = new ServerFlightDecoder(64 * 1024, null, true, Rfc8448.get("client_hello"),
                g -> g == 0x001D ? share : null);
        assertThat(d.offer(Unpooled.wrappedBuffer(server))).isTrue();
        ServerFlight f = d.result();
        assertThat(f.serverHello().cipherSuite()).isEqualTo(0x1301);
        assertThat(f.encrypted().error().error()).isEqualTo(WireError.BAD_VALUE);
        assertThat(f.encrypted().error().getMessage()).contains("authentication tag");
        assertThat(f.encrypted().certificates()).isEmpty();
    }

    @Test
    void withoutAKeyShareOfTheServersGroupTheFlightEndsAtTheFirstEncryptedRecordAsBefore() {
        byte[] server = TlsHash.concat(Rfc8448.get("server_hello_record"), Rfc8448.get("server_flight_record"));
        ServerFlightDecoder d = new ServerFlightDecoder(64 * 1024, null, true, Rfc8448.get("client_hello"), g -> null);
        assertThat(d.offer(Unpooled.wrappedBuffer(server))).isTrue();
        ServerFlight f = d.result();
        assertThat(f.encryptedSeen()).isTrue();
        assertThat(f.encrypted().error().getMessage()).contains("no key share");
    }
}
