package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientHelloEncoderTest {

    private static ParsedClientHello roundTrip(ClientHelloSpec spec) throws WireException {
        return ClientHelloParser.parse(Unpooled.wrappedBuffer(ClientHelloEncoder.encode(spec)));
    }

    private static int[] suites(int n) {
        return IntStream.range(0, n).map(i -> 0xC000 + i).toArray();
    }

    @Test
    void defaultHelloLooksLikeAModernClient() throws WireException {
        ClientHelloSpec spec = ClientHelloSpec.builder().serverName("example.com").alpn("h2", "http/1.1").build();
        ParsedClientHello h = roundTrip(spec);
        assertThat(h.sslv2()).isFalse();
        assertThat(h.recordVersion()).isEqualTo(0x0301);
        assertThat(h.legacyVersion()).isEqualTo(0x0303);
        assertThat(h.cipherSuites()).isEqualTo(spec.cipherSuites());
        assertThat(h.compressionMethods()).containsExactly(0);
        assertThat(h.serverName()).isEqualTo("example.com");
        assertThat(h.supportedVersions()).containsExactly(0x0304, 0x0303);
        assertThat(h.supportedGroups()).isEqualTo(spec.supportedGroups());
        assertThat(h.signatureAlgorithms()).isEqualTo(spec.signatureAlgorithms());
        assertThat(h.keyShareGroups()).containsExactly(0x001D);
        assertThat(h.alpn()).containsExactly("h2", "http/1.1");
        assertThat(h.sessionId()).hasSize(32);
        assertThat(h.extensionTypes()).contains(0, 5, 10, 11, 13, 16, 23, 35, 43, 45, 51, 0xFF01);
        assertThat(h.extensions().get(0xFF01)).containsExactly(0);
        assertThat(h.extensions().get(5)).containsExactly(1, 0, 0, 0, 0);
        assertThat(h.extensions().get(45)).containsExactly(1, 1);
        assertThat(h.extensions().get(11)).containsExactly(1, 0);
        assertThat(h.extensions().get(23)).isEmpty();
        assertThat(h.extensions().get(35)).isEmpty();
        assertLastExtensionNotEmpty(h);
    }

    @Test
    void everyTlsVersionRoundTrips() throws WireException {
        for (int version : new int[] {0x0300, 0x0301, 0x0302, 0x0303}) {
            ClientHelloSpec spec = ClientHelloSpec.builder().recordVersion(Math.min(version, 0x0301))
                    .legacyVersion(version).supportedVersions().keyShares().pskKeyExchangeModes(false)
                    .cipherSuites(0x002F, 0x0035, 0x000A, 0x00FF).serverName("host.test").build();
            ParsedClientHello h = roundTrip(spec);
            assertThat(h.legacyVersion()).isEqualTo(version);
            assertThat(h.recordVersion()).isEqualTo(Math.min(version, 0x0301));
            assertThat(h.cipherSuites()).containsExactly(0x002F, 0x0035, 0x000A, 0x00FF);
            assertThat(h.hasExtension(43)).isFalse();
            assertThat(h.hasExtension(51)).isFalse();
            assertThat(h.sessionId()).isEmpty();
            assertThat(h.serverName()).isEqualTo("host.test");
        }
        ParsedClientHello tls13 = roundTrip(ClientHelloSpec.builder().supportedVersions(0x0304)
                .cipherSuites(0x1301).keyShares(0x001D, 0x0017).build());
        assertThat(tls13.supportedVersions()).containsExactly(0x0304);
        assertThat(tls13.keyShareGroups()).containsExactly(0x001D, 0x0017);
    }

    @Test
    void sslv3HelloWithoutExtensions() throws WireException {
        ClientHelloSpec spec = ClientHelloSpec.builder().recordVersion(0x0300).legacyVersion(0x0300)
                .supportedVersions().keyShares().supportedGroups().signatureAlgorithms().ecPointFormats(false)
                .pskKeyExchangeModes(false).renegotiationInfo(false).statusRequest(false)
                .extendedMasterSecret(false).sessionTicket(false).padding(false).cipherSuites(0x000A, 0x0005).build();
        byte[] bytes = ClientHelloEncoder.encode(spec);
        ParsedClientHello h = ClientHelloParser.parse(Unpooled.wrappedBuffer(bytes));
        assertThat(h.extensions()).isEmpty();
        assertThat(bytes.length).isEqualTo(5 + 4 + 2 + 32 + 1 + 2 + 4 + 2);
    }

    @Test
    void sslv2ClientHelloHeaderAndCipherSpecs() throws WireException {
        ClientHelloSpec spec = ClientHelloSpec.builder().sslv2(true).legacyVersion(0x0002)
                .cipherSuites(0x010080, 0x020080, 0x0700C0, 0x00002F).build();
        byte[] b = ClientHelloEncoder.encode(spec);
        int length = 9 + 12 + 16;
        assertThat(b.length).isEqualTo(2 + length);
        assertThat(b[0] & 0xFF).isEqualTo(0x80);
        assertThat(b[1] & 0xFF).isEqualTo(length);
        assertThat(b[2]).isEqualTo((byte) 1); // CLIENT-HELLO
        assertThat(new byte[] {b[3], b[4]}).containsExactly(0, 2);
        assertThat(new byte[] {b[5], b[6]}).containsExactly(0, 12); // cipher specs length
        assertThat(new byte[] {b[7], b[8]}).containsExactly(0, 0); // session id length
        assertThat(new byte[] {b[9], b[10]}).containsExactly(0, 16); // challenge length
        assertThat(new byte[] {b[11], b[12], b[13]}).containsExactly(1, 0, (byte) 0x80);
        assertThat(new byte[] {b[20], b[21], b[22]}).containsExactly(0, 0, 0x2F);
        ParsedClientHello h = ClientHelloParser.parse(Unpooled.wrappedBuffer(b));
        assertThat(h.sslv2()).isTrue();
        assertThat(h.cipherSuites()).containsExactly(0x010080, 0x020080, 0x0700C0, 0x00002F);
        assertThat(h.random()).hasSize(16);

        ParsedClientHello compat = roundTrip(ClientHelloSpec.builder().sslv2(true).legacyVersion(0x0301)
                .cipherSuites(0x002F, 0x0035).build());
        assertThat(compat.legacyVersion()).isEqualTo(0x0301);
        assertThat(compat.cipherSuites()).containsExactly(0x00002F, 0x000035);
        assertThat(compat.random()).hasSize(32);

        assertThatThrownBy(() -> ClientHelloSpec.builder().cipherSuites(0x010080).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cipherSuites");
    }

    @Test
    void paddingKeepsEveryHelloOutOfTheBadLengths() throws WireException {
        for (String sni : new String[] {null, "a.example", "a-rather-long-host-name.subdomain.example.org"}) {
            for (boolean tls13 : new boolean[] {true, false}) {
                for (int n = 1; n <= 200; n++) {
                    ClientHelloSpec.Builder b = ClientHelloSpec.builder().serverName(sni).cipherSuites(suites(n));
                    if (!tls13) {
                        b.supportedVersions().keyShares().pskKeyExchangeModes(false);
                    }
                    ClientHelloSpec spec = b.build();
                    byte[] bytes = ClientHelloEncoder.encode(spec);
                    ParsedClientHello h = ClientHelloParser.parse(Unpooled.wrappedBuffer(bytes));
                    int body = h.handshakeLength();
                    String what = "suites=" + n + " sni=" + sni + " tls13=" + tls13;
                    assertThat(body < 256 || body > 511).as(what + " body " + body).isTrue();
                    assertThat(body + 4 < 256 || body + 4 > 511).as(what + " message").isTrue();
                    int record = h.recordLengths().get(0);
                    assertThat(record < 256 || record > 511).as(what + " record").isTrue();
                    if (body > 511) {
                        assertThat(body % 256).as(what).isNotIn(10, 14);
                        assertThat((body + 4) % 256).as(what).isNotIn(10, 14);
                    }
                    assertThat(h.cipherSuites()).hasSize(n);
                    assertLastExtensionNotEmpty(h);
                    if (h.hasExtension(21)) {
                        assertThat(h.extensionTypes().get(h.extensionTypes().size() - 1)).isEqualTo(21);
                        assertThat(h.extensions().get(21)).isNotEmpty().containsOnly(0);
                    }
                }
            }
        }
    }

    @Test
    void lastExtensionIsNeverEmpty() throws WireException {
        ParsedClientHello onlyEmpty = roundTrip(ClientHelloSpec.builder().supportedVersions().keyShares()
                .supportedGroups().signatureAlgorithms().ecPointFormats(false).pskKeyExchangeModes(false)
                .renegotiationInfo(false).statusRequest(false).padding(false).build());
        assertThat(onlyEmpty.extensionTypes()).containsExactly(35, 23, 21);
        assertLastExtensionNotEmpty(onlyEmpty);

        ParsedClientHello emptyLast = roundTrip(ClientHelloSpec.builder().supportedVersions().keyShares()
                .supportedGroups().signatureAlgorithms().pskKeyExchangeModes(false).renegotiationInfo(false)
                .statusRequest(false).padding(false).build());
        assertThat(emptyLast.extensionTypes()).containsExactly(35, 23, 11);
        assertLastExtensionNotEmpty(emptyLast);
    }

    @Test
    void x25519KeyShareIsAValidPublicKeyMadeOncePerProcess() throws Exception {
        ClientHelloSpec spec = ClientHelloSpec.builder().build();
        ParsedClientHello first = roundTrip(spec);
        ParsedClientHello second = roundTrip(spec);
        byte[] key = first.keyShares().get(0x001D);
        assertThat(key).hasSize(32);
        assertThat(second.keyShares().get(0x001D)).isEqualTo(key);
        assertThat(second.random()).isNotEqualTo(first.random());
        // Made once per process (KeyShares.share): no key generation on the event loops per hello.
        assertThat(roundTrip(ClientHelloSpec.builder().build()).keyShares().get(0x001D)).isEqualTo(key);

        byte[] le = key.clone();
        le[31] &= 0x7F;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        PublicKey pub = KeyFactory.getInstance("XDH")
                .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        assertThat(pub.getAlgorithm()).isIn("XDH", "X25519");
    }

    @Test
    void nistKeySharesAreValidPointsAndOtherGroupsHaveTheRightLength() throws Exception {
        ClientHelloSpec spec = ClientHelloSpec.builder().keyShares(0x0017, 0x0018, 0x0019, 0x001E, 0x0100, 0x11EC)
                .supportedGroups(0x0017, 0x0018, 0x0019, 0x001E, 0x0100, 0x11EC).build();
        byte[] bytes = ClientHelloEncoder.encode(spec);
        assertThat(bytes.length).isGreaterThan(1216 + 256); // one record, beyond one typical Ethernet MSS
        ParsedClientHello h = ClientHelloParser.parse(Unpooled.wrappedBuffer(bytes));
        Map<Integer, byte[]> shares = h.keyShares();
        assertThat(shares.get(0x0017)).hasSize(65);
        assertThat(shares.get(0x0018)).hasSize(97);
        assertThat(shares.get(0x0019)).hasSize(133);
        assertThat(shares.get(0x001E)).hasSize(56);
        assertThat(shares.get(0x0100)).hasSize(256);
        assertThat(shares.get(0x11EC)).hasSize(1216);
        assertValidPoint("secp256r1", shares.get(0x0017));
        assertValidPoint("secp384r1", shares.get(0x0018));
        assertValidPoint("secp521r1", shares.get(0x0019));
    }

    private static void assertValidPoint(String curve, byte[] encoded) throws Exception {
        assertThat(encoded[0]).isEqualTo((byte) 4);
        int size = (encoded.length - 1) / 2;
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, 1 + size));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1 + size, encoded.length));
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec(curve));
        ECParameterSpec ec = params.getParameterSpec(ECParameterSpec.class);
        BigInteger p = ((java.security.spec.ECFieldFp) ec.getCurve().getField()).getP();
        // y^2 == x^3 + ax + b (mod p)
        BigInteger lhs = y.modPow(BigInteger.TWO, p);
        BigInteger rhs = x.pow(3).add(ec.getCurve().getA().multiply(x)).add(ec.getCurve().getB()).mod(p);
        assertThat(lhs).as(curve).isEqualTo(rhs);
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), ec));
    }

    @Test
    void largeHelloIsSplitOverRecords() throws WireException {
        ClientHelloSpec spec = ClientHelloSpec.builder().cipherSuites(suites(12000)).build();
        ByteBuf buf = ClientHelloEncoder.encode(spec, UnpooledByteBufAllocator.DEFAULT);
        try {
            ParsedClientHello h = ClientHelloParser.parse(buf);
            assertThat(h.recordLengths()).hasSize(2);
            assertThat(h.recordLengths().get(0)).isEqualTo(16384);
            assertThat(h.cipherSuites()).hasSize(12000);
            assertThat(h.handshakeLength() + 4).isEqualTo(h.recordLengths().get(0) + h.recordLengths().get(1));
        } finally {
            buf.release();
        }
    }

    @Test
    void serverNameRules() throws WireException {
        assertThat(roundTrip(ClientHelloSpec.builder().serverName("192.0.2.1").build()).hasExtension(0)).isFalse();
        assertThat(roundTrip(ClientHelloSpec.builder().serverName("[2001:db8::1]").build()).hasExtension(0)).isFalse();
        assertThat(roundTrip(ClientHelloSpec.builder().serverName("2001:db8::1").build()).hasExtension(0)).isFalse();
        assertThat(roundTrip(ClientHelloSpec.builder().serverName("example.com.").build()).serverName())
                .isEqualTo("example.com");
        assertThat(roundTrip(ClientHelloSpec.builder().serverName("bücher.example").build()).serverName())
                .isEqualTo("xn--bcher-kva.example");
        assertThat(roundTrip(ClientHelloSpec.builder().build()).hasExtension(0)).isFalse();
    }

    @Test
    void fixedRandomSessionIdAndToBuilder() throws WireException {
        byte[] random = new byte[32];
        random[0] = 7;
        ClientHelloSpec spec = ClientHelloSpec.builder().random(random).sessionId(new byte[] {1, 2, 3})
                .compressionMethods(1, 0).heartbeat(true).build();
        ParsedClientHello h = roundTrip(spec);
        assertThat(h.random()).isEqualTo(random);
        assertThat(h.sessionId()).containsExactly(1, 2, 3);
        assertThat(h.compressionMethods()).containsExactly(1, 0);
        assertThat(h.extensions().get(15)).containsExactly(1);
        ClientHelloSpec copy = spec.toBuilder().cipherSuites(List.of(0x1301)).build();
        ParsedClientHello c = roundTrip(copy);
        assertThat(c.random()).isEqualTo(random);
        assertThat(c.cipherSuites()).containsExactly(0x1301);
        assertThat(copy.heartbeat()).isTrue();
    }

    @Test
    void builderValidates() {
        assertThatThrownBy(() -> ClientHelloSpec.builder().random(new byte[5]))
                .hasMessage("random: 5 bytes (expected: 32)");
        assertThatThrownBy(() -> ClientHelloSpec.builder().sessionId(new byte[33]).build())
                .hasMessage("sessionId: 33 bytes (expected: <= 32)");
        assertThatThrownBy(() -> ClientHelloSpec.builder().legacyVersion(0x10000).build())
                .hasMessage("legacyVersion: 65536 (expected: 0..0xffff)");
        assertThatThrownBy(() -> ClientHelloSpec.builder().compressionMethods().build())
                .hasMessageContaining("compressionMethods");
        assertThatThrownBy(() -> ClientHelloSpec.builder().alpn("").build()).hasMessageContaining("alpn");
        assertThatThrownBy(() -> ClientHelloSpec.builder().keyShares(IntStream.range(0, 60).map(i -> 0x11EC).toArray())
                .build()).hasMessageContaining("extensions");
    }

    private static void assertLastExtensionNotEmpty(ParsedClientHello h) {
        List<Integer> types = h.extensionTypes();
        if (!types.isEmpty()) {
            assertThat(h.extensions().get(types.get(types.size() - 1))).as("last extension of %s", types).isNotEmpty();
        }
    }
}
