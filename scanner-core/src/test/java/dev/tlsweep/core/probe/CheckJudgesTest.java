package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import dev.tlsweep.core.wire.ServerHello;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checks' judgements, offline: each is a pure function of the answers, so every verdict — and every way of not
 * reaching one — is tried here on hand-made server flights, without a socket.
 */
class CheckJudgesTest {

    private static final InetSocketAddress REMOTE = InetSocketAddress.createUnresolved("server.test", 443);

    // ---- fallback SCSV (RFC 7507) ----

    @Test
    void fallbackScsvIsSupportedOnlyWhenTheDowngradeIsRefusedWithInappropriateFallback() {
        CheckResult refused = FallbackScsvCheck.judge(ProtocolVersion.TLSv1_1, answer(alert(2, 86)), new Tally());
        assertThat(refused.run().status()).isEqualTo(ProbeStatus.COMPLETED);
        assertThat(((CheckResult.Flag) refused).value()).isTrue();

        CheckResult negotiated = FallbackScsvCheck.judge(ProtocolVersion.TLSv1_1,
                answer(handshakeRecord(serverHello(0x0302, 0xC013))), new Tally());
        assertThat(((CheckResult.Flag) negotiated).value()).isFalse();
        assertThat(negotiated.note()).contains("0x0302");

        // Another alert says nothing about RFC 7507: an error, never "not supported".
        CheckResult otherAlert = FallbackScsvCheck.judge(ProtocolVersion.TLSv1_1, answer(alert(2, 40)), new Tally());
        assertThat(otherAlert.run().status()).isEqualTo(ProbeStatus.ERROR);
        assertThat(((CheckResult.Flag) otherAlert).value()).isNull();

        CheckResult silence = FallbackScsvCheck.judge(ProtocolVersion.TLSv1_1,
                HelloAnswer.of(new Exchange<>(Outcome.READ_TIMEOUT, null, 1, 0, "read timeout", REMOTE)), new Tally());
        assertThat(silence.run().status()).isEqualTo(ProbeStatus.ERROR);
    }

    // ---- version intolerance ----

    @Test
    void aServerThatNegotiatesItsHighestVersionToAnUnknownOneIsTolerant() {
        CheckResult r = VersionIntoleranceCheck.judge(ProtocolVersion.TLSv1_2,
                answer(handshakeRecord(serverHello(0x0303, 0xC02F))), false, new Tally());
        assertThat(((CheckResult.Flag) r).value()).isFalse();
        assertThat(((CheckResult.Flag) r).detail()).isNull();
    }

    @Test
    void aLowerVersionOrARefusalToAnUnknownVersionIsIntolerance() {
        CheckResult lower = VersionIntoleranceCheck.judge(ProtocolVersion.TLSv1_2,
                answer(handshakeRecord(serverHello(0x0301, 0xC013))), false, new Tally());
        assertThat(((CheckResult.Flag) lower).value()).isTrue();
        assertThat(((CheckResult.Flag) lower).detail()).isEqualTo("unknown-version");
        assertThat(lower.note()).contains("0x0301");

        CheckResult alert = VersionIntoleranceCheck.judge(ProtocolVersion.TLSv1_2, answer(alert(2, 70)), false,
                new Tally());
        assertThat(((CheckResult.Flag) alert).value()).isTrue();

        CheckResult both = VersionIntoleranceCheck.judge(ProtocolVersion.TLSv1_2, answer(alert(2, 70)), true,
                new Tally());
        assertThat(((CheckResult.Flag) both).detail()).isEqualTo("tls1.3-hello, unknown-version");
    }

    @Test
    void aTls13HelloIntoleranceAloneIsReportedWithoutTheUnknownVersionCause() {
        CheckResult r = VersionIntoleranceCheck.judge(ProtocolVersion.TLSv1_2,
                answer(handshakeRecord(serverHello(0x0303, 0xC02F))), true, new Tally());
        assertThat(((CheckResult.Flag) r).value()).isTrue();
        assertThat(((CheckResult.Flag) r).detail()).isEqualTo("tls1.3-hello");
    }

    // ---- RFC 5746 and RFC 7627 from the enumeration's ServerHellos ----

    @Test
    void renegotiationInfoIsJudgedFromEveryServerHelloOfTheEnumeration() {
        ServerHello with = parse(serverHello(0x0303, 0xC02F, extension(0xFF01, new byte[] {0})));
        ServerHello without = parse(serverHello(0x0303, 0xC02F));
        assertThat(SecureRenegotiationCheck.judge(List.of(), 0xFF01, "renegotiation_info").run().status())
                .isEqualTo(ProbeStatus.NOT_APPLICABLE);
        assertThat(((CheckResult.Flag) SecureRenegotiationCheck.judge(List.of(List.of(with, with)), 0xFF01,
                "renegotiation_info")).value()).isTrue();
        assertThat(((CheckResult.Flag) SecureRenegotiationCheck.judge(List.of(List.of(without)), 0xFF01,
                "renegotiation_info")).value()).isFalse();
        CheckResult mixed = SecureRenegotiationCheck.judge(List.of(List.of(with), List.of(without)), 0xFF01,
                "renegotiation_info");
        assertThat(((CheckResult.Flag) mixed).value()).isTrue();
        assertThat(mixed.note()).contains("1 of them lacked renegotiation_info");
    }

    // ---- HSTS (RFC 6797 6.1) ----

    @Test
    void hstsDirectivesAreReadCaseInsensitivelyWithQuotedValues() {
        CheckResult.Hsts h = hsts("Max-Age=\"31536000\"; includeSubDomains; PRELOAD");
        assertThat(h.supported()).isTrue();
        assertThat(h.maxAge()).isEqualTo(31_536_000L);
        assertThat(h.includeSubDomains()).isTrue();
        assertThat(h.preload()).isTrue();
    }

    @Test
    void anHstsHeaderWithoutAValidMaxAgeOrWithZeroProtectsNothing() {
        assertThat(hsts("includeSubDomains").supported()).isFalse();
        assertThat(hsts("includeSubDomains").maxAge()).isEqualTo(-1);
        assertThat(hsts("max-age=soon").supported()).isFalse();
        CheckResult.Hsts zero = hsts("max-age=0");
        assertThat(zero.supported()).isFalse();
        assertThat(zero.note()).contains("forget");
    }

    @Test
    void noHeaderIsACompletedNoAndNoHttpIsNotApplicable() {
        CheckResult.Hsts none = (CheckResult.Hsts) HstsCheck.judge(new HttpsSession.Head(200, null, null, null),
                new Tally());
        assertThat(none.run().status()).isEqualTo(ProbeStatus.COMPLETED);
        assertThat(none.supported()).isFalse();
        assertThat(none.header()).isNull();
        CheckResult noHttp = HstsCheck.judge(new HttpsSession.Head(-1, null, null, "not HTTP"), new Tally());
        assertThat(noHttp.run().status()).isEqualTo(ProbeStatus.NOT_APPLICABLE);
    }

    // ---- ROBOT ----

    @Test
    void robotBlocksDifferOnlyWhereTheirCaseSays() {
        int k = 256;
        int padEnd = k - 49;
        byte[] ok = RobotCheck.block(0, k, 0x0303);
        assertThat(ok).hasSize(k);
        assertThat(ok[0]).isEqualTo((byte) 0x00);
        assertThat(ok[1]).isEqualTo((byte) 0x02);
        for (int i = 2; i < padEnd; i++) {
            assertThat(ok[i]).as("padding byte %d", i).isNotZero();
        }
        assertThat(ok[padEnd]).isZero();
        assertThat(ok[padEnd + 1]).isEqualTo((byte) 0x03);
        assertThat(ok[padEnd + 2]).isEqualTo((byte) 0x03);

        byte[] wrongFirst = RobotCheck.block(1, k, 0x0303);
        assertThat(wrongFirst[0]).isEqualTo((byte) 0x41);
        assertThat(wrongFirst[1]).isEqualTo((byte) 0x17);
        assertThat(java.util.Arrays.copyOfRange(wrongFirst, 2, k)).isEqualTo(java.util.Arrays.copyOfRange(ok, 2, k));

        byte[] misplaced = RobotCheck.block(2, k, 0x0303);
        assertThat(misplaced[padEnd]).isNotZero();
        assertThat(misplaced[k - 2]).isZero();

        byte[] noSeparator = RobotCheck.block(3, k, 0x0303);
        for (int i = 2; i < k; i++) {
            assertThat(noSeparator[i]).as("byte %d", i).isNotZero();
        }

        byte[] wrongVersion = RobotCheck.block(4, k, 0x0303);
        assertThat(wrongVersion[padEnd]).isZero();
        assertThat(wrongVersion[padEnd + 1]).isEqualTo((byte) 0x02);
        assertThat(wrongVersion[padEnd + 2]).isEqualTo((byte) 0x02);
    }

    @Test
    void robotOracleStrengthFollowsTheMalformedCases() {
        List<String> same = List.of("alert 20", "alert 20", "alert 20", "alert 20", "alert 20");
        assertThat(RobotCheck.Oracle.allSame(same)).isTrue();
        // only the well-formed block is told apart: weak (robot-detect's classification)
        assertThat(RobotCheck.Oracle.strength(List.of("silence", "alert 20", "alert 20", "alert 20", "alert 20")))
                .isEqualTo("weak");
        // the malformed cases are told apart from each other: strong
        assertThat(RobotCheck.Oracle.strength(List.of("alert 20", "alert 51", "alert 20", "reset", "alert 20")))
                .isEqualTo("strong");
        assertThat(RobotCheck.Oracle.allSame(List.of("alert 20", "alert 51", "alert 20", "reset", "alert 20")))
                .isFalse();
    }

    @Test
    void robotShortenedFlowWaitsTenTimesTheSlowestStandardReactionWithinItsBounds() {
        long ms = 1_000_000L;
        // loopback: reactions in a few milliseconds; the shortest window
        assertThat(RobotCheck.shortenedWindow(4 * ms)).isEqualTo(RobotCheck.SHORTEST_WINDOW_MILLIS);
        assertThat(RobotCheck.shortenedWindow(0)).isEqualTo(250);
        // a LAN or a slow RSA key: ten times the slowest reaction
        assertThat(RobotCheck.shortenedWindow(40 * ms)).isEqualTo(400);
        // far away, or a standard reaction that was silence (the whole second): the full second, never more
        assertThat(RobotCheck.shortenedWindow(120 * ms)).isEqualTo(RobotCheck.REACTION_WINDOW_MILLIS);
        assertThat(RobotCheck.shortenedWindow(1_000 * ms)).isEqualTo(1_000);
        assertThat(RobotCheck.shortenedWindow(Long.MAX_VALUE)).isEqualTo(1_000);
    }

    // ---- helpers: server flights by hand ----

    private static CheckResult.Hsts hsts(String header) {
        return (CheckResult.Hsts) HstsCheck.judge(new HttpsSession.Head(200, header, null, null), new Tally());
    }

    private static HelloAnswer answer(byte[] records) {
        ServerFlightDecoder d = new ServerFlightDecoder();
        d.offer(Unpooled.wrappedBuffer(records));
        return HelloAnswer.of(new Exchange<>(Outcome.CLOSED, d.result(), 1, records.length, "closed", REMOTE));
    }

    private static ServerHello parse(byte[] handshakeMessage) {
        ServerFlightDecoder d = new ServerFlightDecoder();
        d.offer(Unpooled.wrappedBuffer(handshakeRecord(handshakeMessage)));
        return d.result().serverHello();
    }

    private static byte[] alert(int level, int description) {
        return record(21, new byte[] {(byte) level, (byte) description});
    }

    private static byte[] handshakeRecord(byte[] message) {
        return record(22, message);
    }

    private static byte[] record(int type, byte[] payload) {
        return concat(new byte[] {(byte) type, 3, 3, (byte) (payload.length >>> 8), (byte) payload.length}, payload);
    }

    private static byte[] serverHello(int version, int suite, byte[]... extensions) {
        byte[] random = new byte[32];
        java.util.Arrays.fill(random, (byte) 0x11);
        byte[] body = concat(new byte[] {(byte) (version >>> 8), (byte) version}, random, new byte[] {0},
                new byte[] {(byte) (suite >>> 8), (byte) suite, 0});
        if (extensions.length > 0) {
            byte[] all = concat(extensions);
            body = concat(body, new byte[] {(byte) (all.length >>> 8), (byte) all.length}, all);
        }
        return concat(new byte[] {2, 0, (byte) (body.length >>> 8), (byte) body.length}, body);
    }

    private static byte[] extension(int type, byte[] data) {
        return concat(new byte[] {(byte) (type >>> 8), (byte) type, (byte) (data.length >>> 8), (byte) data.length},
                data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
