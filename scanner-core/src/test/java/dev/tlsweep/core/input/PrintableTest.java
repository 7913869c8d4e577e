package dev.tlsweep.core.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** What messages and renderers show of outside text: printable, cut, and never a key. */
class PrintableTest {

    @Test
    void controlCharactersEscapesAndBidiOverridesBecomeVisibleEscapes() {
        assertThat(Printable.of("CN=a\u001b[2J\u001b]0;owned\u0007")).isEqualTo("CN=a\\x1b[2J\\x1b]0;owned\\x07");
        assertThat(Printable.of("evil\nTLSv1.3  accepted")).isEqualTo("evil\\nTLSv1.3  accepted");
        assertThat(Printable.of("a\r\tb\u007f\u0085c")).isEqualTo("a\\r\\tb\\x7f\\x85c");
        assertThat(Printable.of("moc.\u202eelgoog")).isEqualTo("moc.\\u202eelgoog");
        assertThat(Printable.of("zero\u200bwidth\u2066iso\u2069\u2028line")).isEqualTo(
                "zero\\u200bwidth\\u2066iso\\u2069\\u2028line");
        assertThat(Printable.of("lone \ud800 surrogate")).isEqualTo("lone \\ud800 surrogate");
        assertThat(Printable.of("tag \udb40\udc01")).isEqualTo("tag \\U000e0001");
    }

    @Test
    void printableTextIsUnchangedIncludingOtherScriptsAndEmoji() {
        String text = "CN=Müller GmbH, O=東京, OU=\ud83d\udd12 Sécurité";
        assertThat(Printable.of(text)).isSameAs(text);
        assertThat(Printable.of(null)).isNull();
    }

    @Test
    void cutSaysHowLongTheTextWas() {
        String word = "a".repeat(10 * 1024 * 1024);
        String shown = Printable.cut(word, 100);
        assertThat(shown).startsWith("a".repeat(100) + "...").endsWith("(10485760 characters)").hasSizeLessThan(130);
        assertThat(Printable.cut("\u001b".repeat(50), 20)).isEqualTo("\\x1b".repeat(5) + "... (50 characters)");
    }

    @Test
    void echoHidesBase64KeyMaterialButNotNamesOrFingerprints() {
        String key = Base64.getEncoder().encodeToString(new Random(1).ints(48).collect(
                java.io.ByteArrayOutputStream::new, (o, i) -> o.write(i), (a, b) -> { }).toByteArray());
        assertThat(Printable.echo("example.com " + key)).isEqualTo("example.com " + Printable.HIDDEN);
        assertThat(Printable.echo("sni=" + key)).isEqualTo("sni=" + Printable.HIDDEN);
        assertThat(Printable.echo("-----BEGIN PRIVATE KEY-----" + key)).doesNotContain(key.substring(0, 8));
        String fingerprint = "expect-sha256=3FA1" + "0123456789abcdef".repeat(3) + "9C2B3C4D5E6F7A8B9C2B";
        assertThat(Printable.echo(fingerprint)).isEqualTo(fingerprint);
        assertThat(Printable.echo("www.very-long-subdomain-name-here.example.com:8443"))
                .isEqualTo("www.very-long-subdomain-name-here.example.com:8443");
        assertThat(Printable.echo("/etc/ssl/private/ServerCertificate2024.pem")).doesNotContain(Printable.HIDDEN);
    }

    @Property(tries = 300)
    void echoIsAlwaysPrintableAndBounded(@ForAll String text) {
        String shown = Printable.echo(text);
        assertThat(shown.length()).isLessThanOrEqualTo(Printable.ECHO_MAX + 40);
        assertPrintable(shown);
        assertPrintable(Printable.of(text));
    }

    @Property(tries = 300)
    void everyBase64EncodedKeyIsHiddenWhereverItStands(@ForAll long seed, @ForAll String before) {
        Random random = new Random(seed);
        byte[] bytes = new byte[48 + random.nextInt(1200)]; // a 64-character PEM line, up to a whole key on one line
        random.nextBytes(bytes);
        String key = Base64.getEncoder().encodeToString(bytes);
        String shown = Printable.echo(before.replaceAll("[A-Za-z0-9+/=]", "") + " " + key + " tail");
        for (int i = 0; i + 16 <= key.length(); i++) {
            assertThat(shown).doesNotContain(key.substring(i, i + 16));
        }
    }

    private static void assertPrintable(String s) {
        HostileText.assertPrintable(s);
    }
}
