package dev.tlsweep.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetParserTest {

    @Test
    void hostAloneGetsPort443AndItselfAsSni() throws Exception {
        Target t = TargetParser.parse("example.com");
        assertThat(t.host()).isEqualTo("example.com");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.sni()).isEqualTo("example.com");
        assertThat(t.input()).isEqualTo("example.com");
    }

    @Test
    void hostAndPort() throws Exception {
        Target t = TargetParser.parse("  mail.example.org:8443 ");
        assertThat(t.host()).isEqualTo("mail.example.org");
        assertThat(t.port()).isEqualTo(8443);
        assertThat(t.authority()).isEqualTo("mail.example.org:8443");
    }

    @Test
    void ipv4LiteralSendsNoSni() throws Exception {
        Target t = TargetParser.parse("127.0.0.1:4433");
        assertThat(t.host()).isEqualTo("127.0.0.1");
        assertThat(t.sni()).isNull();
        assertThat(t.hostIsIp()).isTrue();
    }

    @Test
    void bracketedIpv6WithPortAndBareIpv6() throws Exception {
        Target t = TargetParser.parse("[::1]:8443");
        assertThat(t.host()).isEqualTo("::1");
        assertThat(t.port()).isEqualTo(8443);
        assertThat(t.authority()).isEqualTo("[::1]:8443");
        Target bare = TargetParser.parse("2001:db8::1");
        assertThat(bare.host()).isEqualTo("2001:db8::1");
        assertThat(bare.port()).isEqualTo(443);
        assertThat(TargetParser.parse("[2001:db8::1]").port()).isEqualTo(443);
    }

    @Test
    void httpsUrls() throws Exception {
        Target t = TargetParser.parse("https://www.example.com:9443/path?q=1");
        assertThat(t.host()).isEqualTo("www.example.com");
        assertThat(t.port()).isEqualTo(9443);
        assertThat(TargetParser.parse("https://user@example.net/").host()).isEqualTo("example.net");
        assertThat(TargetParser.parse("HTTPS://[::1]:99/").port()).isEqualTo(99);
    }

    @Test
    void sniOverride() throws Exception {
        Target t = TargetParser.parse("10.0.0.5:443 sni=api.example.com");
        assertThat(t.host()).isEqualTo("10.0.0.5");
        assertThat(t.sni()).isEqualTo("api.example.com");
        assertThat(TargetParser.parse("example.com sni=").sni()).isNull();
    }

    @Test
    void expectedCertificate() throws Exception {
        String fp = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
        Target t = TargetParser.parse("www.example.com:443 sni=www.example.com expect-sha256=" + fp);
        assertThat(t.expected().sha256()).isEqualTo("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
        assertThat(TargetParser.parse("example.com expect-serial=00:0A:1b").expected().serialHex()).isEqualTo("a1b");
        assertThat(TargetParser.parse("example.com expect-cert=/etc/managed/www.pem").expected().certificate())
                .hasToString("/etc/managed/www.pem");
        assertThat(TargetParser.parse("example.com").expected()).isEqualTo(Expected.NONE);
        assertThatThrownBy(() -> TargetParser.parse("example.com expect-sha256=abc"))
                .hasMessageContaining("expect-sha256: 'abc' (expected: 64 hex digits");
        assertThatThrownBy(() -> TargetParser.parse("example.com expect-serial=xyz"))
                .hasMessageContaining("expect-serial: 'xyz'");
        assertThatThrownBy(() -> TargetParser.parse("example.com expect-cert=")).hasMessageContaining("expect-cert");
    }

    @Test
    void trailingDotIsDropped() throws Exception {
        assertThat(TargetParser.parse("example.com.:443").host()).isEqualTo("example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "host:0", "host:65536", "host:http", "host:", "ho st", "http://example.com",
        "[::1", "[::1]x", "[example.com]:443", "1:2:3:zz::1", "exa$mple.com", "-bad.example", "a..b",
        "example.com sni=bad_name!", "example.com extra", "https://", "host:123456"})
    void malformedTargetsAreRejectedWithTheirText(String text) {
        assertThatThrownBy(() -> TargetParser.parse(text))
                .isInstanceOf(TargetSyntaxException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void messagesSayWhatIsExpected() {
        assertThatThrownBy(() -> TargetParser.parse("host:0")).hasMessageContaining("port: 0 (expected: 1..65535)");
        assertThatThrownBy(() -> TargetParser.parse("gopher://host"))
                .hasMessageContaining("scheme: 'gopher' (expected: https, quic, smtp, submission, lmtp, imap, pop3, ftp,");
    }

    /** Found by SchemeTargetsTest: a later word whose "://" follows its '@' ("https:// @://") broke the parser. */
    @ParameterizedTest
    @ValueSource(strings = {"https:// @://", "host:443 @://x", "host:443 a@://b:c"})
    void aSchemeSeparatorAfterTheAtSignOfALaterWordIsNoScheme(String text) {
        try {
            TargetParser.parse(text);
        } catch (TargetSyntaxException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
