package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The decrypting decoder with hostile input: RFC 8448's TLS 1.3 exchange split every way gives the same answer;
 * mutated or arbitrary bytes after the ServerHello end in a result (a decryption or parse error naming the
 * record), never in an unchecked exception, an internal error or a hang; and what is kept never exceeds the
 * configured bound.
 */
class EncryptedFlightFuzzProperties {

    private static final byte[] SERVER_HELLO = Rfc8448.get("server_hello_record");
    private static final byte[] FLIGHT = Rfc8448.get("server_flight_record");
    private static final KeyShare SHARE = Rfc8448.clientShare();

    private static ServerFlightDecoder decoder(int max) {
        return new ServerFlightDecoder(max, null, true, Rfc8448.get("client_hello"), g -> g == 0x001D ? SHARE : null);
    }

    private static ServerFlight feed(byte[] bytes, long seed, int max) {
        ServerFlightDecoder d = decoder(max);
        Random rnd = new Random(seed);
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + rnd.nextInt(1 + rnd.nextInt(200)));
            ByteBuf in = Unpooled.wrappedBuffer(bytes, pos, n);
            boolean done = d.offer(in);
            assertThat(in.isReadable()).isFalse();
            assertThat(done).isEqualTo(d.result().complete());
            pos += n;
        }
        ServerFlight f = d.result();
        if (f.error() != null) {
            assertThat(f.error().error()).as(f.error().getMessage()).isNotEqualTo(WireError.INTERNAL);
        }
        if (f.encrypted() != null && f.encrypted().error() != null) {
            assertThat(f.encrypted().error().error()).as(f.encrypted().error().getMessage())
                    .isNotEqualTo(WireError.INTERNAL);
        }
        return f;
    }

    @Property(tries = 200)
    void anySplitReadsTheWholeFlight(@ForAll long seed) {
        ServerFlight f = feed(TlsHash.concat(SERVER_HELLO, FLIGHT), seed, 64 * 1024);
        assertThat(f.complete()).isTrue();
        assertThat(f.encrypted().finished()).isTrue();
        assertThat(f.encrypted().certificates()).hasSize(1);
    }

    @Property(tries = 300)
    void aMutatedFlightNeverEscapes(@ForAll @IntRange(min = 0, max = 678) int position, @ForAll byte xor,
            @ForAll long seed) {
        byte[] flight = FLIGHT.clone();
        flight[position] ^= (byte) (xor == 0 ? 1 : xor);
        ServerFlight f = feed(TlsHash.concat(SERVER_HELLO, flight), seed, 64 * 1024);
        assertThat(f.serverHello()).isNotNull();
        if (position >= 5) {
            // the payload is authenticated: any change is caught, nothing of it is believed
            assertThat(f.encrypted().finished()).isFalse();
            assertThat(f.encrypted().certificates()).isEmpty();
        }
    }

    @Property(tries = 300)
    void arbitraryRecordsAfterTheServerHelloNeverEscape(@ForAll @Size(max = 3000) byte[] tail, @ForAll long seed) {
        ServerFlight f = feed(TlsHash.concat(SERVER_HELLO, tail), seed, 64 * 1024);
        assertThat(f.serverHello()).isNotNull();
        assertThat(f.encrypted() == null || !f.encrypted().finished()).isTrue();
    }

    @Property(tries = 100)
    void application_dataRecordsOfArbitraryContentNeverEscape(@ForAll @Size(min = 1, max = 40) byte[] payload,
            @ForAll @IntRange(min = 1, max = 6) int records, @ForAll long seed) {
        byte[] tail = new byte[0];
        for (int i = 0; i < records; i++) {
            tail = TlsHash.concat(tail, new byte[] {23, 3, 3, 0, (byte) payload.length}, payload);
        }
        ServerFlight f = feed(TlsHash.concat(SERVER_HELLO, tail), seed, 64 * 1024);
        assertThat(f.complete()).isTrue();
        assertThat(f.encrypted().error()).isNotNull();
    }

    @Property(tries = 50)
    void aSmallBoundStopsTheFlightWithoutBuffering(@ForAll @IntRange(min = 100, max = 700) int max, @ForAll long seed) {
        ServerFlight f = feed(TlsHash.concat(SERVER_HELLO, FLIGHT), seed, max);
        assertThat(f.complete()).isTrue();
        assertThat(f.bytesRead()).isLessThanOrEqualTo(max);
    }
}
