package dev.tlsweep.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CannedResponderSelectionTest {

    static final byte[] FAKE_CERT = "not really a certificate".getBytes(StandardCharsets.US_ASCII);

    static CannedResponder.Builder canned() {
        return CannedResponder.builder().certificateChain(List.of(FAKE_CERT));
    }

    @Test
    void serverPreferencePicksTheFirstOfTheServersList() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F, 0xC030, 0x009E).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0x009E, 0xC030).build());
            assertThat(flight.serverHello().version()).isEqualTo(0x0303);
            assertThat(flight.serverHello().suite()).isEqualTo(0xC030);
        }
    }

    @Test
    void clientPreferencePicksTheFirstOfTheClientsList() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F, 0xC030, 0x009E).serverPreference(false).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0x1234, 0x009E, 0xC030).build());
            assertThat(flight.serverHello().suite()).isEqualTo(0x009E);
        }
    }

    @Test
    void eachVersionHasItsOwnSuites() throws Exception {
        try (CannedResponder server = canned().version(0x0301, 0x002F).version(0x0303, 0xC02F).start()) {
            CannedFlight tls10 = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0301).suites(0xC02F, 0x002F).build());
            assertThat(tls10.serverHello().version()).isEqualTo(0x0301);
            assertThat(tls10.serverHello().suite()).isEqualTo(0x002F);

            CannedFlight tls12 = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0x002F).build());
            assertThat(tls12.alert()).isEqualTo(40);
            assertThat(tls12.records().get(0).version()).isEqualTo(0x0303);
            assertThat(tls12.eof).isTrue();
        }
    }

    @Test
    void picksTheHighestConfiguredVersionNotAboveTheClients() throws Exception {
        try (CannedResponder server = canned().version(0x0300, 0x000A).version(0x0301, 0x000A)
                .version(0x0303, 0x000A).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0302).suites(0x000A).build());
            assertThat(flight.serverHello().version()).isEqualTo(0x0301);
            assertThat(flight.records().get(0).version()).isEqualTo(0x0301);
        }
    }

    @Test
    void clientBelowTheLowestVersionGetsProtocolVersion() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0301).suites(0xC02F).build());
            assertThat(flight.alert()).isEqualTo(70);
        }
    }

    @Test
    void tls13IsChosenOnlyThroughSupportedVersions() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).version(0x0304, 0x1302, 0x1301).start()) {
            CannedFlight legacy = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0x1301, 0xC02F).build());
            assertThat(legacy.serverHello().negotiatedVersion()).isEqualTo(0x0303);
            assertThat(legacy.serverHello().suite()).isEqualTo(0xC02F);
            assertThat(legacy.serverHello().extensions()).doesNotContainKey(0x002B);
            byte[] random = legacy.serverHello().random();
            assertThat(new String(random, 24, 7, StandardCharsets.US_ASCII)).isEqualTo("DOWNGRD");
            assertThat(random[31]).isEqualTo((byte) 1);

            CannedFlight onlyTls12 = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).supportedVersions(0x0303).suites(0x1301, 0xC02F).build());
            assertThat(onlyTls12.serverHello().negotiatedVersion()).isEqualTo(0x0303);

            CannedHelloBuilder hello13 = CannedHelloBuilder.tls13().suites(0x1301, 0x1302);
            CannedFlight tls13 = CannedFlight.exchange(server.address(), hello13.build());
            CannedFlight.ServerHello sh = tls13.serverHello();
            assertThat(sh.version()).isEqualTo(0x0303);
            assertThat(sh.negotiatedVersion()).isEqualTo(0x0304);
            assertThat(sh.suite()).isEqualTo(0x1302);
            assertThat(sh.sessionId()).isEqualTo(Arrays.copyOfRange(hello13.handshake(), 4 + 2 + 32 + 1, 4 + 2 + 32 + 1 + 32));
            ByteBuffer keyShare = ByteBuffer.wrap(sh.extensions().get(0x0033));
            assertThat(keyShare.getShort() & 0xFFFF).isEqualTo(0x001D);
            assertThat(keyShare.getShort() & 0xFFFF).isEqualTo(32);
            assertThat(keyShare.remaining()).isEqualTo(32);
            assertThat(tls13.recordTypes()).containsExactly(22, 20, 23);
        }
    }

    @Test
    void tls13KeyShareHasTheConfiguredGroupsLength() throws Exception {
        try (CannedResponder server = canned().version(0x0304, 0x1301).keyExchangeGroup(0x0017).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls13().keyShares(0x0017).build());
            ByteBuffer keyShare = ByteBuffer.wrap(flight.serverHello().extensions().get(0x0033));
            assertThat(keyShare.getShort() & 0xFFFF).isEqualTo(0x0017);
            assertThat(keyShare.getShort() & 0xFFFF).isEqualTo(65);
            assertThat(keyShare.get()).isEqualTo((byte) 4);
        }
    }

    @Test
    void tls13WithoutACommonGroupIsRefused() throws Exception {
        try (CannedResponder server = canned().version(0x0304, 0x1301).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls13().groups(0x0017).keyShares(0x0017).build());
            assertThat(flight.alert()).isEqualTo(40);
        }
    }

    @Test
    void ecdheFlightCarriesANamedCurveServerKeyExchange() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0xC02F).build());
            assertThat(flight.messageTypes()).containsExactly(2, 11, 12, 14);
            assertThat(flight.certificates()).singleElement().isEqualTo(FAKE_CERT);
            ByteBuffer ske = ByteBuffer.wrap(flight.message(12).body());
            assertThat(ske.get()).isEqualTo((byte) 3);
            assertThat(ske.getShort() & 0xFFFF).isEqualTo(0x001D);
            int pointLength = ske.get() & 0xFF;
            assertThat(pointLength).isEqualTo(32);
            ske.position(ske.position() + pointLength);
            assertThat(ske.getShort() & 0xFFFF).isEqualTo(0x0401);
            assertThat(ske.getShort() & 0xFFFF).isEqualTo(ske.remaining()).isEqualTo(256);
        }
    }

    @Test
    void dheFlightCarriesAPrimeOfTheConfiguredSize() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0x009E).dhPrimeBits(1024).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0x009E).build());
            ByteBuffer ske = ByteBuffer.wrap(flight.message(12).body());
            int pLength = ske.getShort() & 0xFFFF;
            assertThat(pLength).isEqualTo(128);
            assertThat(ske.get(ske.position()) & 0x80).isNotZero();
        }
    }

    @Test
    void sslv3PicksTripleDesRc4AndExport() throws Exception {
        try (CannedResponder server = canned().version(0x0300, 0x000A, 0x0005, 0x0003, 0x0014).start()) {
            CannedFlight tripleDes = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0300).recordVersion(0x0300).suites(0x0003, 0x0005, 0x000A).build());
            assertThat(tripleDes.serverHello().version()).isEqualTo(0x0300);
            assertThat(tripleDes.serverHello().suite()).isEqualTo(0x000A);
            assertThat(tripleDes.serverHello().extensions()).isEmpty();
            assertThat(tripleDes.messageTypes()).containsExactly(2, 11, 14);

            CannedFlight rc4 = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0300).suites(0x0005).build());
            assertThat(rc4.serverHello().suite()).isEqualTo(0x0005);

            CannedFlight export = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0300).suites(0x0003).build());
            assertThat(export.serverHello().suite()).isEqualTo(0x0003);
            ByteBuffer ske = ByteBuffer.wrap(export.message(12).body());
            assertThat(ske.getShort() & 0xFFFF).as("512-bit modulus").isEqualTo(64);
            ske.position(ske.position() + 64);
            assertThat(ske.getShort() & 0xFFFF).isEqualTo(3);
            ske.position(ske.position() + 3);
            assertThat(ske.getShort() & 0xFFFF).as("SSLv3 signature without algorithm").isEqualTo(ske.remaining());

            CannedFlight dheExport = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0300).suites(0x0014).build());
            assertThat(ByteBuffer.wrap(dheExport.message(12).body()).getShort() & 0xFFFF).isEqualTo(64);
        }
    }

    @Test
    void sslv2HelloGetsAnSslv2ServerHello() throws Exception {
        try (CannedResponder server = canned().version(0x0002, 0x0700C0, 0x050080, 0x010080).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.sslv2(0x0002, 0x010080, 0x0700C0, 0x060040));
            CannedFlight.Sslv2ServerHello hello = flight.sslv2ServerHello();
            assertThat(hello.version()).isEqualTo(0x0002);
            assertThat(hello.kinds()).containsExactly(0x0700C0, 0x010080);
            assertThat(hello.certificate()).isEqualTo(FAKE_CERT);
            assertThat(hello.connectionIdLength()).isEqualTo(16);

            CannedFlight none = CannedFlight.exchange(server.address(), CannedHelloBuilder.sslv2(0x0002, 0x060040));
            assertThat(none.bytes).containsExactly(0x80, 0x03, 0x00, 0x00, 0x01);

            CannedFlight tls = CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0303).build());
            assertThat(tls.alert()).isEqualTo(70);
        }
    }

    @Test
    void sslv2FormatHelloForTlsGetsATlsServerHello() throws Exception {
        try (CannedResponder server = canned().version(0x0002, 0x0700C0).version(0x0301, 0x002F, 0x000A).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.sslv2(0x0301, 0x0700C0, 0x00000A));
            assertThat(flight.isSslv2()).isFalse();
            assertThat(flight.serverHello().version()).isEqualTo(0x0301);
            assertThat(flight.serverHello().suite()).isEqualTo(0x000A);
            assertThat(server.hellos()).singleElement().satisfies(hello -> {
                assertThat(hello.sslv2Format()).isTrue();
                assertThat(hello.legacyVersion()).isEqualTo(0x0301);
                assertThat(hello.cipherSuites()).containsExactly(0x0700C0, 0x00000A);
            });
        }
    }

    @Test
    void echoesRenegotiationInfoAndExtendedMasterSecret() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).start()) {
            CannedFlight scsv = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0xC02F, 0x00FF).extendedMasterSecret().build());
            assertThat(scsv.serverHello().extensions()).containsOnlyKeys(0xFF01, 0x0017);
            assertThat(scsv.serverHello().extensions().get(0xFF01)).containsExactly(0);

            CannedFlight extension = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0xC02F).renegotiationInfo().build());
            assertThat(extension.serverHello().extensions()).containsOnlyKeys(0xFF01);

            CannedFlight plain = CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0303).build());
            assertThat(plain.serverHello().extensions()).isEmpty();
        }
    }

    @Test
    void recordsWhatClientsOffered() throws Exception {
        try (CannedResponder server = canned().version(0x0303, 0xC02F).version(0x0304, 0x1301).start()) {
            byte[] hello = CannedHelloBuilder.tls13().suites(0x1301, 0xC02F).sni("example.test").build();
            CannedFlight.exchange(server.address(), hello);
            CannedFlight.exchange(server.address(), CannedHelloBuilder.tls(0x0301).build());
            assertThat(server.hellos()).hasSize(2);
            ObservedHello first = server.hellos().get(0);
            assertThat(first.legacyVersion()).isEqualTo(0x0303);
            assertThat(first.supportedVersions()).containsExactly(0x0304, 0x0303);
            assertThat(first.cipherSuites()).containsExactly(0x1301, 0xC02F);
            assertThat(first.sni()).isEqualTo("example.test");
            assertThat(first.recordLength()).isEqualTo(hello.length - 5);
            assertThat(first.sslv2Format()).isFalse();
            ObservedHello second = server.hellos().get(1);
            assertThat(second.legacyVersion()).isEqualTo(0x0301);
            assertThat(second.supportedVersions()).isEmpty();
            assertThat(second.sni()).isNull();
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.maxConcurrentConnections()).isBetween(1, 2);
        }
    }

    @Test
    void generatesASelfSignedRsaCertificateWhenNoneIsGiven() throws Exception {
        try (CannedResponder server = CannedResponder.builder().version(0x0303, 0x009C).start()) {
            CannedFlight flight = CannedFlight.exchange(server.address(),
                    CannedHelloBuilder.tls(0x0303).suites(0x009C).build());
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(flight.certificates().get(0)));
            assertThat(certificate.getPublicKey()).isInstanceOfSatisfying(RSAPublicKey.class,
                    key -> assertThat(key.getModulus().bitLength()).isEqualTo(2048));
            assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        }
    }
}
