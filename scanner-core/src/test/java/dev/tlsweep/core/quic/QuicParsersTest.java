package dev.tlsweep.core.quic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.wire.ClientHelloSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The parsers of what a QUIC server sends, over hostile bytes: datagrams, frames, transport parameters, CRYPTO
 * reassembly, and the client fed arbitrary datagrams — every input ends in a result or a typed error, never an
 * unchecked exception; the same CRYPTO bytes in any order and split any way read the same.
 */
class QuicParsersTest {

    static ClientHelloSpec hello() {
        return ClientHelloSpec.builder().cipherSuites(0x1301).supportedVersions(0x0304).keyShares(0x001D)
                .supportedGroups(0x001D).signatureAlgorithms(0x0403).alpn("h3").serverName("localhost").build();
    }

    @Property(tries = 3000)
    void arbitraryDatagramsNeverThrowUnchecked(@ForAll @Size(max = 1500) byte[] datagram) {
        try {
            Datagram.parse(datagram, 8);
        } catch (QuicException expected) {
            // a typed error
        }
        try {
            Frames.parse(datagram, 4096);
        } catch (QuicException expected) {
            // a typed error
        }
        try {
            TransportParameters.read(datagram);
        } catch (QuicException expected) {
            // a typed error
        }
    }

    @Property(tries = 300)
    void theClientTakesArbitraryDatagrams(@ForAll @Size(max = 8) List<@Size(max = 1300) byte[]> datagrams,
            @ForAll @IntRange(min = 0, max = 255) int first) {
        QuicClient c = QuicClient.start(QuicVersion.V1, hello(), 65536, new Random(first));
        assertThat(c.open()).isNotEmpty();
        for (byte[] d : datagrams) {
            if (d.length > 0) {
                d[0] = (byte) (first | 0x80); // long headers too
            }
            assertThat(c.receive(d)).isNotNull();
            assertThat(c.retransmit()).isNotNull();
        }
        assertThat(c.result().flight()).isNotNull();
    }

    @Test
    void theClientsInitialDatagramsArePaddedAndReadableByTheServersKeys() throws QuicException {
        QuicClient c = QuicClient.start(QuicVersion.V2, hello(), 65536, new Random(7));
        List<byte[]> first = c.open();
        assertThat(first).hasSize(1);
        assertThat(first.get(0)).hasSize(QuicClient.MIN_DATAGRAM);
        List<Datagram.Packet> packets = Datagram.parse(first.get(0), 8);
        Datagram.Protected p = (Datagram.Protected) packets.get(0);
        assertThat(p.type()).isEqualTo(PacketType.INITIAL);
        assertThat(p.version()).isEqualTo(QuicVersion.V2);
        PacketKeys.Opened opened = PacketKeys.initial(QuicVersion.V2, p.dcid(), true)
                .open(p.datagram(), p.start(), p.pnOffset(), p.end(), -1);
        List<Frames.Frame> frames = Frames.parse(opened.payload(), 65536);
        Frames.Crypto crypto = (Frames.Crypto) frames.get(0);
        assertThat(crypto.offset()).isZero();
        assertThat(crypto.data()).isEqualTo(c.sent().message());
        // the hello carries the transport parameters, no session ID, TLS 1.3 alone
        assertThat(c.sent().spec().sessionId()).isEmpty();
        assertThat(c.sent().spec().supportedVersions()).containsExactly(0x0304);
        assertThat(c.sent().spec().extraExtensionTypes()).contains(TransportParameters.EXTENSION);
    }

    @Test
    void aRetryTokenThatLeavesTheHelloNoRoomIsDroppedAndAShortOneIsFollowed() throws QuicException {
        QuicClient c = QuicClient.start(QuicVersion.V1, hello(), 65536, new Random(3));
        Datagram.Protected initial = (Datagram.Protected) Datagram.parse(c.open().get(0), 8).get(0);
        byte[] server = {9, 8, 7, 6, 5, 4, 3, 2};
        // 1,136 bytes: 1,200 - 64 - 1,136 left no byte per datagram for the hello, and the client looped forever
        for (int length : new int[] {1136, 5000, QuicClient.MAX_RETRY_TOKEN + 1}) {
            assertThat(c.receive(retry(initial, server, new byte[length]))).as("token of %d bytes", length).isEmpty();
            assertThat(c.done()).isFalse();
        }
        List<byte[]> again = c.receive(retry(initial, server, new byte[QuicClient.MAX_RETRY_TOKEN]));
        assertThat(again).isNotEmpty().allMatch(d -> d.length <= QuicClient.MIN_DATAGRAM + 16);
        assertThat(c.result().retried()).isTrue();
    }

    /** A Retry (RFC 9000 17.2.5) in answer to {@code initial}, its integrity tag valid. */
    private static byte[] retry(Datagram.Protected initial, byte[] server, byte[] token) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        QuicVersion v = initial.version();
        b.write(0xc0 | v.typeBits(PacketType.RETRY) << 4);
        b.writeBytes(new byte[] {(byte) (v.wire() >>> 24), (byte) (v.wire() >>> 16), (byte) (v.wire() >>> 8),
            (byte) v.wire()});
        b.write(initial.scid().length);
        b.writeBytes(initial.scid());
        b.write(server.length);
        b.writeBytes(server);
        b.writeBytes(token);
        byte[] withoutTag = b.toByteArray();
        b.writeBytes(RetryIntegrity.tag(v, initial.dcid(), withoutTag));
        return b.toByteArray();
    }

    @Test
    void tooManyPiecesWaitingForAGapAreRefused() throws QuicException {
        CryptoStream stream = new CryptoStream(1 << 20);
        for (int i = 1; i <= CryptoStream.MAX_PIECES; i++) {
            assertThat(stream.add(2L * i, new byte[] {1})).isEmpty(); // byte 0 never comes: every piece waits
        }
        assertThatThrownBy(() -> stream.add(2L * (CryptoStream.MAX_PIECES + 1), new byte[] {1}))
                .isInstanceOf(QuicException.class).hasMessageContaining("pieces");
    }

    @Test
    void aLargeHelloSpansSeveralPaddedDatagrams() {
        ClientHelloSpec big = hello().toBuilder().keyShares(0x11EC, 0x001D).supportedGroups(0x11EC, 0x001D).build();
        QuicClient c = QuicClient.start(QuicVersion.V1, big, 65536, new Random(1));
        List<byte[]> first = c.open();
        assertThat(first).hasSizeGreaterThan(1).allMatch(d -> d.length == QuicClient.MIN_DATAGRAM);
    }

    @Property(tries = 500)
    void cryptoDataReadsTheSameWhateverTheOrderAndSplit(@ForAll @Size(min = 1, max = 600) byte[] data,
            @ForAll @IntRange(min = 1, max = 50) int piece, @ForAll long seed) throws QuicException {
        List<long[]> pieces = new ArrayList<>();
        for (int i = 0; i < data.length; i += piece) {
            pieces.add(new long[] {i, Math.min(data.length, i + piece)});
        }
        pieces.add(new long[] {0, Math.min(data.length, piece * 2)}); // a repeat, overlapping
        Collections.shuffle(pieces, new Random(seed));
        CryptoStream s = new CryptoStream(4096);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long[] p : pieces) {
            out.writeBytes(s.add(p[0], Arrays.copyOfRange(data, (int) p[0], (int) p[1])));
        }
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void acksListTheRangesReceived() throws QuicException {
        TreeSet<Long> received = new TreeSet<>(List.of(0L, 1L, 2L, 5L, 7L, 8L));
        byte[] ack = Frames.ack(received);
        // type, largest 8, delay 0, 2 more ranges, first range 1 (8..7), gap 0 + length 0 (5), gap 1 + length 2 (2..0)
        assertThat(ack).containsExactly(0x02, 8, 0, 2, 1, 0, 0, 1, 2);
        assertThat(Frames.parse(ack, 10)).hasSize(1);
    }

    @Test
    void versionNamesForWhatServersList() {
        assertThat(QuicVersion.describe(1)).isEqualTo("v1");
        assertThat(QuicVersion.describe(0x6b3343cf)).isEqualTo("v2");
        assertThat(QuicVersion.describe(0x709a50c4)).isEqualTo("v2-draft");
        assertThat(QuicVersion.describe(0xff00001d)).isEqualTo("draft-29");
        assertThat(QuicVersion.describe(0x1a2a3a4a)).isEqualTo("grease");
        assertThat(QuicVersion.describe(0x12345678)).isEqualTo("0x12345678");
    }

    @Test
    void transportParametersOfAServer() throws QuicException {
        byte[] tp = {0x01, 0x02, 0x47, (byte) 0xd0, 0x0c, 0x00, 0x0f, 0x02, 0x01, 0x02, 0x04, 0x04, (byte) 0x80, 0x10,
            0x00, 0x00};
        TransportParameters.Server s = TransportParameters.read(tp);
        assertThat(s.values()).containsEntry("max_idle_timeout", 2000L).containsEntry("initial_max_data", 1048576L);
        assertThat(s.flags()).containsExactly("disable_active_migration");
        byte[] twice = {0x01, 0x01, 0x05, 0x01, 0x01, 0x06};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TransportParameters.read(twice))
                .isInstanceOf(QuicException.class).hasMessageContaining("sent twice");
    }
}
