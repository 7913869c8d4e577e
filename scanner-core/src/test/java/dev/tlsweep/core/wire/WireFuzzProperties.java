package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Assertions;

/**
 * Hostile input never escapes as an unchecked exception, never hangs and never depends on how it is split.
 * The preemptive timeouts only guard against a hang; they are far above the time a run takes.
 */
class WireFuzzProperties {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private static final List<byte[]> VALID_FLIGHTS = List.of(
            Flights.tls12Flight(),
            Flights.tls13Flight(),
            Flights.concat(Flights.handshakeRecord(Flights.helloRetryRequest(0x1301, 0x0017))),
            Flights.concat(Flights.handshakeRecord(Flights.serverHello12(0x009E),
                    Flights.certificate(List.of(Flights.fakeDer(300, 1))), Flights.dheSke(128), Flights.serverHelloDone())),
            Flights.alert(2, 40),
            ssl2Hello());

    private static byte[] ssl2Hello() {
        byte[] cert = Flights.fakeDer(40, 0xEE);
        byte[] msg = Flights.concat(Flights.u8(4), Flights.u8(0), Flights.u8(1), Flights.u16(2), Flights.u16(cert.length),
                Flights.u16(3), Flights.u16(16), cert, Flights.u24(0x010080), Flights.filled(16, 1));
        return Flights.concat(Flights.u16(0x8000 | msg.length), msg);
    }

    /** Feeds chunks, checking that every offer consumes its input and never throws. */
    private static ServerFlightDecoder feedChecked(byte[] bytes, long splitSeed) {
        ServerFlightDecoder d = new ServerFlightDecoder(64 * 1024, null);
        Random rnd = new Random(splitSeed);
        int pos = 0;
        int offers = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + rnd.nextInt(1 + rnd.nextInt(64)));
            ByteBuf in = Unpooled.wrappedBuffer(bytes, pos, n);
            boolean done = d.offer(in);
            assertThat(in.isReadable()).isFalse();
            assertThat(done).isEqualTo(d.result().complete());
            pos += n;
            offers++;
        }
        assertThat(offers).isLessThanOrEqualTo(bytes.length);
        ServerFlight f = d.result();
        if (f.error() != null) {
            assertThat(f.error().error()).as(f.error().getMessage()).isNotEqualTo(WireError.INTERNAL);
            assertThat(f.complete()).isTrue();
        }
        return d;
    }

    private static void assertSameOutcome(ServerFlight a, ServerFlight b) {
        assertThat(a.complete()).isEqualTo(b.complete());
        assertThat(a.error() == null ? null : a.error().error()).isEqualTo(b.error() == null ? null : b.error().error());
        assertThat(a.serverHello() == null).isEqualTo(b.serverHello() == null);
        if (a.serverHello() != null) {
            assertThat(a.serverHello().cipherSuite()).isEqualTo(b.serverHello().cipherSuite());
            assertThat(a.serverHello().negotiatedVersion()).isEqualTo(b.serverHello().negotiatedVersion());
        }
        assertThat(a.certificate() == null ? null : a.certificate().certificates().size())
                .isEqualTo(b.certificate() == null ? null : b.certificate().certificates().size());
        assertThat(a.serverKeyExchange()).isEqualTo(b.serverKeyExchange());
        assertThat(a.alert()).isEqualTo(b.alert());
        assertThat(a.serverHelloDone()).isEqualTo(b.serverHelloDone());
        assertThat(a.encryptedSeen()).isEqualTo(b.encryptedSeen());
        assertThat(a.certificateRequested()).isEqualTo(b.certificateRequested());
        assertThat(a.ssl2ServerHello() == null).isEqualTo(b.ssl2ServerHello() == null);
        assertThat(a.firstBytes()).isEqualTo(b.firstBytes());
    }

    @Property(tries = 400)
    void arbitraryBytesNeverThrowAndDoNotDependOnSplits(@ForAll @Size(max = 600) byte[] bytes,
            @ForAll long seed) {
        Assertions.assertTimeoutPreemptively(HANG_GUARD, () -> {
            ServerFlight whole = feedChecked(bytes, 0).result();
            ServerFlight split = feedChecked(bytes, seed).result();
            assertSameOutcome(whole, split);
        });
    }

    @Property(tries = 400)
    void plausibleRecordsNeverThrow(@ForAll("recordish") byte[] bytes, @ForAll long seed) {
        Assertions.assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertSameOutcome(feedChecked(bytes, seed).result(), Flights.feedWhole(bytes).result());
        });
    }

    /** Bytes that start like TLS records so the fuzzing reaches the handshake parsers. */
    @Provide
    Arbitrary<byte[]> recordish() {
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.integers().between(20, 24).flatMap(type -> body.map(b -> {
            byte[] inner = b.length > 0 && type == 22 ? Flights.concat(Flights.u8(b[0] & 0x0F), Flights.u24(b.length), b) : b;
            return Flights.record(type, 0x0303, inner);
        })).list().ofMinSize(1).ofMaxSize(4).map(list -> Flights.concat(list.toArray(new byte[0][])));
    }

    @Property(tries = 600)
    void mutatedValidFlightsNeverThrow(@ForAll @IntRange(min = 0, max = 5) int which, @ForAll long mutationSeed,
            @ForAll @IntRange(min = 1, max = 6) int mutations, @ForAll long splitSeed) {
        byte[] flight = mutate(VALID_FLIGHTS.get(which), mutationSeed, mutations);
        Assertions.assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertSameOutcome(feedChecked(flight, 0).result(), feedChecked(flight, splitSeed).result());
            Flights.feedBytewise(flight);
        });
    }

    static byte[] mutate(byte[] original, long seed, int mutations) {
        Random rnd = new Random(seed);
        List<Byte> b = new ArrayList<>(original.length + mutations);
        for (byte x : original) {
            b.add(x);
        }
        for (int i = 0; i < mutations && !b.isEmpty(); i++) {
            int pos = rnd.nextInt(b.size());
            switch (rnd.nextInt(5)) {
                case 0 -> b.set(pos, (byte) (b.get(pos) ^ (1 << rnd.nextInt(8))));
                case 1 -> b.add(pos, (byte) rnd.nextInt(256));
                case 2 -> b.remove(pos);
                case 3 -> b.subList(pos, b.size()).clear();
                default -> b.set(pos, (byte) (rnd.nextBoolean() ? 0xFF : 0x00));
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    @Property(tries = 400)
    void clientHelloParserThrowsOnlyWireExceptionOnArbitraryBytes(@ForAll @Size(max = 400) byte[] bytes) {
        assertParserOnlyThrowsWireException(bytes);
    }

    @Property(tries = 400)
    void clientHelloParserThrowsOnlyWireExceptionOnMutatedHellos(@ForAll boolean sslv2, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int mutations) {
        ClientHelloSpec spec = sslv2
                ? ClientHelloSpec.builder().sslv2(true).legacyVersion(0x0002).cipherSuites(0x010080, 0x0700C0).build()
                : ClientHelloSpec.builder().serverName("fuzz.example").alpn("h2").build();
        assertParserOnlyThrowsWireException(mutate(ClientHelloEncoder.encode(spec), seed, mutations));
    }

    private static void assertParserOnlyThrowsWireException(byte[] bytes) {
        try {
            ClientHelloParser.parse(Unpooled.wrappedBuffer(bytes));
        } catch (WireException e) {
            assertThat(e.error()).as(e.getMessage()).isNotEqualTo(WireError.INTERNAL);
        }
    }

    @Property(tries = 300)
    void arbitrarySpecsRoundTripWithinTheSizeRules(@ForAll @IntRange(min = 0, max = 300) int suiteCount,
            @ForAll boolean sni, @ForAll boolean tls13, @ForAll boolean padding, @ForAll boolean ems,
            @ForAll boolean ticket, @ForAll boolean status, @ForAll boolean reneg, @ForAll boolean alpn,
            @ForAll @IntRange(min = 0, max = 40) int groupCount) throws WireException {
        int[] suites = new int[suiteCount];
        Arrays.setAll(suites, i -> 0x1300 + i);
        int[] groups = new int[groupCount];
        Arrays.setAll(groups, i -> 0x0100 + i);
        ClientHelloSpec.Builder b = ClientHelloSpec.builder().cipherSuites(suites).supportedGroups(groups)
                .serverName(sni ? "s" + suiteCount + ".example.net" : null).padding(padding)
                .extendedMasterSecret(ems).sessionTicket(ticket).statusRequest(status).renegotiationInfo(reneg);
        if (alpn) {
            b.alpn("h2", "http/1.1");
        }
        if (!tls13) {
            b.supportedVersions().keyShares();
        }
        ParsedClientHello h = ClientHelloParser.parse(Unpooled.wrappedBuffer(ClientHelloEncoder.encode(b.build())));
        assertThat(h.cipherSuites()).hasSize(suiteCount);
        assertThat(h.supportedGroups()).hasSize(groupCount);
        List<Integer> types = h.extensionTypes();
        if (!types.isEmpty()) {
            assertThat(h.extensions().get(types.get(types.size() - 1))).isNotEmpty();
        }
        if (padding) {
            assertThat(ClientHelloEncoder.badLength(h.handshakeLength())).as("body %d", h.handshakeLength()).isFalse();
        }
    }
}
