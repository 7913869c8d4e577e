package dev.tlsweep.core.input;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions about what tlsweep shows of hostile input: printable text, and no piece of a secret. */
public final class HostileText {

    private HostileText() {
    }

    /** Every character of {@code s} is printable: no control, format (bidi, zero-width) or separator character. */
    public static void assertPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            assertThat(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f)).as("char %04x in %s", (int) c, s).isTrue();
            int type = Character.getType(c);
            assertThat(type).as("char %04x in %s", (int) c, s).isNotIn((int) Character.FORMAT,
                    (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR, (int) Character.CONTROL);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).isFalse();
            }
        }
    }

    /** Each line of {@code s} is printable (the line breaks themselves are the text's own). */
    public static void assertPrintableLines(String s) {
        for (String line : s.split("\n", -1)) {
            assertPrintable(line);
        }
    }

    /** No {@code window} characters in a row of {@code secret} appear in {@code text}. */
    public static void assertNoPieceOf(String secret, Object text, int window) {
        String t = String.valueOf(text);
        for (int i = 0; i + window <= secret.length(); i++) {
            assertThat(t).as("a piece of the secret at offset %d", i).doesNotContain(secret.substring(i, i + window));
        }
    }
}
