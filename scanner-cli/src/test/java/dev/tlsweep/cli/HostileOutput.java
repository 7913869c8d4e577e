package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

/** What the commands show of hostile input: no piece of a secret, and terminal text that cannot act on a terminal. */
final class HostileOutput {

    private HostileOutput() {
    }

    /** No {@code window} characters in a row of {@code secret} appear in {@code text}. */
    static void assertNoPieceOf(String secret, String text, int window) {
        for (int i = 0; i + window <= secret.length(); i++) {
            assertThat(text).as("a piece of the secret at offset %d", i).doesNotContain(secret.substring(i, i + window));
        }
    }

    /**
     * Each line is printable apart from tlsweep's own colour codes ({@code ESC [ digits m}): no other control
     * character, no bidi or zero-width character, no line or paragraph separator.
     */
    static void assertTerminalSafe(String text) {
        String withoutColours = text.replaceAll("\u001B\\[[0-9;]*m", "").replace("\u001B[K", "");
        for (String line : withoutColours.split("\n", -1)) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                int type = Character.getType(c);
                assertThat(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) && type != Character.FORMAT
                        && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                        && !(Character.isSurrogate(c) && !validPair(line, i)))
                        .as("character U+%04X in line: %s", (int) c, line).isTrue();
            }
        }
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
