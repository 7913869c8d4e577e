package dev.tlsweep.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.reach.Transport;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * URL schemes and {@code --starttls} in targets: each scheme's upgrade, transport and default port; an explicit
 * port, IPv6, SNI and the expected certificate kept; hostile text refused with a message that names it, never an
 * exception of another kind; and a target parsed twice from its own text is the same target.
 */
class SchemeTargetsTest {

    @ParameterizedTest
    @CsvSource({
        "smtp://mx.example.com, smtp, 25", "submission://mx.example.com, smtp, 587", "lmtp://mx.example.com, lmtp, 24",
        "imap://mail.example.com, imap, 143", "pop3://mail.example.com, pop3, 110", "ftp://ftp.example.com, ftp, 21",
        "xmpp://chat.example.com, xmpp, 5222", "xmpp-server://chat.example.com, xmpp-server, 5269",
        "ldap://dir.example.com, ldap, 389", "postgres://db.example.com, postgres, 5432",
        "postgresql://db.example.com/app, postgres, 5432", "mysql://db.example.com, mysql, 3306",
        "nntp://news.example.com, nntp, 119", "sieve://mail.example.com, sieve, 4190", "irc://irc.example.com, irc, 6667",
        "rdp://desk.example.com, rdp, 3389"})
    void eachSchemeHasItsUpgradeAndPort(String text, String starttls, int port) throws Exception {
        Target t = TargetParser.parse(text);
        assertThat(t.starttls()).isEqualTo(Starttls.fromLabel(starttls).orElseThrow());
        assertThat(t.transport()).isEqualTo(Transport.TCP);
        assertThat(t.port()).isEqualTo(port);
        assertThat(t.sni()).isEqualTo(t.host());
        assertThat(t.input()).isEqualTo(text);
    }

    @Test
    void portsIpv6SniAndExpectationsAreKept() throws Exception {
        Target t = TargetParser.parse("SMTP://[2001:db8::25]:2525 sni=mx.example.com expect-serial=0a:1b");
        assertThat(t.starttls()).isEqualTo(Starttls.SMTP);
        assertThat(t.host()).isEqualTo("2001:db8::25");
        assertThat(t.port()).isEqualTo(2525);
        assertThat(t.sni()).isEqualTo("mx.example.com");
        assertThat(t.expected().any()).isTrue();
        assertThat(TargetParser.parse("imap://10.0.0.5").sni()).isNull();
        assertThat(TargetParser.parse("https://example.com").starttls()).isNull();
    }

    @Test
    void quicIsATransportWithoutAnUpgrade() throws Exception {
        Target t = TargetParser.parse("quic://example.com");
        assertThat(t.transport()).isEqualTo(Transport.QUIC);
        assertThat(t.starttls()).isNull();
        assertThat(t.port()).isEqualTo(443);
    }

    @Test
    void bareTargetsTakeTheGivenSchemeAndItsPort() throws Exception {
        Starttls.Scheme smtp = Starttls.scheme("submission").orElseThrow();
        Target bare = TargetParser.parse("mx.example.com", smtp);
        assertThat(bare.starttls()).isEqualTo(Starttls.SMTP);
        assertThat(bare.port()).isEqualTo(587);
        assertThat(TargetParser.parse("mx.example.com:25", smtp).port()).isEqualTo(25);
        assertThat(TargetParser.parse("imap://mx.example.com", smtp).starttls()).isEqualTo(Starttls.IMAP);
        Iterator<Target> range = TargetParser.expand("192.0.2.0/31", 16, smtp);
        List<Target> all = new ArrayList<>();
        range.forEachRemaining(all::add);
        assertThat(all).extracting(Target::port).containsExactly(587, 587);
        assertThat(all).extracting(Target::starttls).containsOnly(Starttls.SMTP);
    }

    @Test
    void unknownSchemesAreRefusedByName() {
        assertThatThrownBy(() -> TargetParser.parse("smtps://mx.example.com"))
                .isInstanceOf(TargetSyntaxException.class)
                .hasMessageContaining("scheme: 'smtps' (expected: https, quic, smtp, submission,");
        assertThatThrownBy(() -> TargetParser.parse("smtp://"))
                .isInstanceOf(TargetSyntaxException.class);
        assertThatThrownBy(() -> TargetParser.parse("smtp://mx.example.com:0"))
                .hasMessageContaining("port: 0 (expected: 1..65535)");
    }

    @Provide
    Arbitrary<String> schemeTargets() {
        Arbitrary<String> scheme = Arbitraries.of(Starttls.SCHEMES).map(Starttls.Scheme::name)
                .flatMap(s -> Arbitraries.of(s, s.toUpperCase(java.util.Locale.ROOT)));
        Arbitrary<String> host = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20).map(s -> s + ".example"),
                Arbitraries.of("127.0.0.1", "[::1]", "[2001:db8::1]", "10.0.0.5"));
        Arbitrary<String> port = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(1, 65535).map(p -> ":" + p));
        Arbitrary<String> rest = Arbitraries.of("", "/", "/path?x=1", " sni=a.example", " sni=");
        return Combinators.combine(scheme, host, port, rest).as((s, h, p, r) -> s + "://" + h + p + r);
    }

    /** Well-formed scheme targets parse, and their own text parses again to the same target. */
    @Property(tries = 500)
    void schemeTargetsParseAndReparseToThemselves(@ForAll("schemeTargets") String text) throws Exception {
        Target t = TargetParser.parse(text);
        assertThat(TargetParser.parse(t.input())).isEqualTo(t);
        String scheme = text.substring(0, text.indexOf("://"));
        Starttls.Scheme s = Starttls.scheme(scheme).orElseThrow();
        assertThat(t.starttls()).isEqualTo(s.starttls());
        assertThat(t.transport()).isEqualTo(s.transport());
        if (!text.contains("]:") && text.indexOf(':', text.indexOf("://") + 3) < 0) {
            assertThat(t.port()).isEqualTo(s.port());
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<String> near = Combinators.combine(Arbitraries.of(Starttls.SCHEMES).map(Starttls.Scheme::name),
                Arbitraries.strings().withChars(":/[]@%?#. \t\u0000\u001b\u202eaZ09-_").ofMaxLength(80))
                .as((s, junk) -> s + "://" + junk);
        return Arbitraries.oneOf(any, near);
    }

    /**
     * Hostile text is either a target or a {@link TargetSyntaxException} whose message quotes the input: never
     * another exception, and never a target with an out-of-range port or an empty host.
     */
    @Property(tries = 2000)
    void hostileTextIsATargetOrANamedError(@ForAll("hostile") String text) {
        try {
            Target t = TargetParser.parse(text);
            assertThat(t.port()).isBetween(1, 65535);
            assertThat(t.host()).isNotEmpty();
            assertThat(t.starttls() == null || t.transport() == Transport.TCP).isTrue();
        } catch (TargetSyntaxException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
