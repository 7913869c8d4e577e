package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JARM against Salesforce's reference implementation (jarm.py, JARM 1.0): the ten hellos byte for byte (jarm-hellos.hex
 * holds what jarm.py's packet_building writes for server name "localhost" with its randomness fixed: zero random,
 * session id and key share, GREASE 0x0a0a), its reorderings, and its hash of ten answers (the answers and the hash
 * jarm.py printed for the same openssl s_server that tlsweep's JarmCheck was run against).
 */
class JarmTest {

    @Test
    void theTenHellosAreJarmsByteForByte() throws IOException {
        List<String> expected;
        try (InputStream in = JarmTest.class.getResourceAsStream("jarm-hellos.hex")) {
            expected = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        assertThat(expected).hasSize(Jarm.probes());
        for (int round = 0; round < 32; round++) { // GREASE is drawn at random: each round draws again
            for (int i = 0; i < Jarm.probes(); i++) {
                String ours = HexFormat.of().formatHex(ClientHelloEncoder.encode(Jarm.hello(i, "localhost")));
                assertThat(normalise(ours)).as("hello %d", i).isEqualTo(normalise(expected.get(i)));
            }
        }
    }

    /** Zeroes what JARM draws at random: the client random, the session id, the x25519 key; GREASE as 0x0a0a. */
    private static String normalise(String hex) {
        StringBuilder s = new StringBuilder(hex);
        s.replace(22, 22 + 64, "0".repeat(64)); // random: after record (5), handshake (4) headers and version (2)
        s.replace(88, 88 + 64, "0".repeat(64)); // session id, after its length byte
        int share = s.indexOf("001d0020", 88 + 64);
        s.replace(share + 8, share + 8 + 64, "0".repeat(64));
        return grease(s.toString());
    }

    /**
     * Writes every GREASE value (0x?a?a with equal nibbles) as 0x0a0a, looking only at byte boundaries and left to right,
     * so that a random 0xaaaa after a length byte 0x0a is read as the GREASE it is, not as "0a" and "aaa".
     */
    private static String grease(String hex) {
        StringBuilder out = new StringBuilder(hex.length());
        int i = 0;
        while (i < hex.length()) {
            if (i + 4 <= hex.length() && hex.charAt(i + 1) == 'a' && hex.charAt(i + 3) == 'a'
                    && hex.charAt(i) == hex.charAt(i + 2)) {
                out.append("0a0a");
                i += 4;
            } else {
                out.append(hex, i, Math.min(i + 2, hex.length()));
                i += 2;
            }
        }
        return out.toString();
    }

    @Test
    void reorderingsAreJarmsCipherMung() {
        List<Integer> odd = List.of(1, 2, 3, 4, 5, 6, 7);
        List<Integer> even = List.of(1, 2, 3, 4, 5, 6);
        assertThat(mung(odd, "REVERSE")).containsExactly(7, 6, 5, 4, 3, 2, 1);
        assertThat(mung(odd, "BOTTOM_HALF")).containsExactly(5, 6, 7);
        assertThat(mung(even, "BOTTOM_HALF")).containsExactly(4, 5, 6);
        assertThat(mung(odd, "TOP_HALF")).containsExactly(4, 3, 2, 1);
        assertThat(mung(odd, "MIDDLE_OUT")).containsExactly(4, 5, 3, 6, 2, 7, 1);
        assertThat(mung(even, "MIDDLE_OUT")).containsExactly(4, 3, 5, 2, 6, 1);
    }

    private static List<Integer> mung(List<Integer> in, String order) {
        for (Object o : Jarm.class.getDeclaredClasses()) {
            Class<?> c = (Class<?>) o;
            if (c.isEnum() && c.getSimpleName().equals("Order")) {
                for (Object constant : c.getEnumConstants()) {
                    if (constant.toString().equals(order)) {
                        return invoke(in, constant);
                    }
                }
            }
        }
        throw new AssertionError("no order " + order);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> invoke(List<Integer> in, Object order) {
        try {
            var m = Jarm.class.getDeclaredMethod("mung", List.class, order.getClass());
            m.setAccessible(true);
            return (List<Integer>) m.invoke(null, in, order);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theHashOfTenAnswersIsJarms() {
        List<String> components = List.of("c02f|0303||ff01-0001-000b-0023-0017", "cca8|0303||ff01-0001-000b-0023-0017",
                "|||", "c02f|0303||ff01-0001-000b-0023-0017", "c02f|0303||ff01-0001-000b-0023-0017", "|||",
                "1302|0303||002b-0033", "1303|0303||002b-0033", "|||", "|||");
        assertThat(Jarm.hash(components)).isEqualTo("29d3fd00029d29d00042d43d000000ad9bf51cc3f5a1e29eecb81d0c7b06eb");
        assertThat(Jarm.hash(List.of("|||", "|||", "|||", "|||", "|||", "|||", "|||", "|||", "|||", "|||")))
                .isEqualTo(Jarm.EMPTY);
    }

    @Test
    void aComponentIsReadFromTheServerHello() throws WireException {
        byte[] sh = Flights.concat(Flights.u16(0x0303), new byte[32], Flights.u8(0), Flights.u16(0xC02F), Flights.u8(0),
                Flights.vec16(Flights.concat(Flights.u16(0xFF01), Flights.vec16(Flights.u8(0)), Flights.u16(0x0010),
                        Flights.vec16(Flights.concat(Flights.u16(3), Flights.vec8("h2".getBytes(StandardCharsets.US_ASCII)))),
                        Flights.u16(0x0017), Flights.vec16(new byte[0]))));
        ServerHello parsed = ServerMessages.parseServerHello(Unpooled.wrappedBuffer(sh), 4);
        assertThat(Jarm.component(parsed)).isEqualTo("c02f|0303|h2|ff01-0010-0017");
        assertThat(Jarm.component(null)).isEqualTo("|||");
        List<String> none = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            none.add("|||");
        }
        assertThat(Jarm.hash(none)).hasSize(62);
    }
}
