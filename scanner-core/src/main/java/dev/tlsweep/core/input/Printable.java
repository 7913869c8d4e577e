package dev.tlsweep.core.input;

import java.util.Locale;

/**
 * Text from outside made safe to show: the one helper every message that echoes input, and every renderer
 * that prints what a server sent, goes through.
 *
 * <p>{@link #of} replaces every character a terminal would act on, or that would let text pass for
 * something it is not, by a visible escape: C0 and C1 control characters and DEL ({@code \n}, {@code \r},
 * {@code \t}, else {@code \x1b}), Unicode format characters (bidi overrides and isolates, zero-width
 * characters: {@code \u202e}), line and paragraph separators, and unpaired surrogates. ANSI escape
 * sequences, fake lines and right-to-left tricks then print as inert text. {@link #echo} also cuts the text
 * to {@value #ECHO_MAX} characters, saying how long it was, and hides words that look like key material
 * ({@link #looksLikeSecret}), so that an error about a bad input line never shows a private key pasted into
 * it. Pure.
 */
public final class Printable {

    /** The most characters of input an error message quotes. */
    public static final int ECHO_MAX = 100;

    /** What replaces a word that looks like base64 key material. */
    public static final String HIDDEN = "[base64 data, not shown]";

    /** The shortest run of base64 characters taken for key material. */
    private static final int SECRET_MIN = 20;
    /** The shortest run taken for key material without a digit or a {@code +}. */
    private static final int SECRET_MIN_LETTERS = 32;

    private Printable() {
    }

    /** {@code text} with every non-printable character escaped; {@code null} stays {@code null}. */
    public static String of(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        append(b, text, Integer.MAX_VALUE);
        return b.toString();
    }

    /**
     * {@code text} made printable and cut to at most {@code max} characters of output (escapes included),
     * followed by {@code ...} and the length of the whole text when it was cut.
     */
    public static String cut(String text, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        if (text == null) {
            return null;
        }
        if (text.length() <= max && isClean(text)) {
            return text;
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 32);
        int used = append(b, text, max);
        if (used < text.length()) {
            b.append("... (").append(text.length()).append(" characters)");
        }
        return b.toString();
    }

    /**
     * What a message quotes of input: words that look like key material replaced by {@value #HIDDEN}, then
     * made printable and cut to {@value #ECHO_MAX} characters.
     */
    public static String echo(String text) {
        if (text == null) {
            return null;
        }
        return cut(hideSecrets(text), ECHO_MAX);
    }

    /** {@code '} + {@link #echo}{@code (text)} + {@code '}. */
    public static String quote(String text) {
        return "'" + echo(text) + "'";
    }

    /**
     * {@code text} with every word (a run between whitespace, or after {@code =}) that {@link #looksLikeSecret
     * looks like key material} replaced by {@value #HIDDEN}. A PEM BEGIN line for a private key hides the rest of
     * the text.
     */
    public static String hideSecrets(String text) {
        if (text == null) {
            return null;
        }
        int key = text.indexOf("PRIVATE KEY-----");
        if (key >= 0) {
            text = text.substring(0, key + "PRIVATE KEY-----".length()) + (key + 16 < text.length() ? " " + HIDDEN : "");
        }
        StringBuilder out = null;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            while (i < n && isBase64(text.charAt(i)) && text.charAt(i) != '=') {
                i++;
            }
            while (i < n && text.charAt(i) == '=') {
                i++; // padding ends a run
            }
            if (i - start >= SECRET_MIN && looksLikeSecret(text.substring(start, i))) {
                if (out == null) {
                    out = new StringBuilder(n);
                    out.append(text, 0, start);
                }
                out.append(HIDDEN);
            } else if (out != null) {
                out.append(text, start, i);
            }
            if (i == start) {
                if (out != null) {
                    out.append(text.charAt(i));
                }
                i++;
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Whether {@code word} looks like base64 key material rather than a name or a path: at least
     * {@value #SECRET_MIN} characters of the base64 alphabet with upper and lower case letters and a digit or
     * {@code +} (or {@value #SECRET_MIN_LETTERS} characters without), not plain hex (a fingerprint), and as mixed
     * as random data is: upper case, lower case, digits
     * and signs alternate at least once every four characters ({@code /} aside, so that a path's separators do
     * not count), where random base64 alternates about twice in three and names, paths and words far less.
     */
    public static boolean looksLikeSecret(String word) {
        if (word.length() < SECRET_MIN) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digitOrSign = false;
        boolean hexOnly = true;
        int changes = 0;
        int pairs = 0;
        int previous = -1;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!isBase64(c)) {
                return false;
            }
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digitOrSign |= (c >= '0' && c <= '9') || c == '+';
            hexOnly &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (c == '/') {
                continue;
            }
            int kind = c >= 'A' && c <= 'Z' ? 0 : c >= 'a' && c <= 'z' ? 1 : c >= '0' && c <= '9' ? 2 : 3;
            if (previous >= 0) {
                pairs++;
                if (kind != previous) {
                    changes++;
                }
            }
            previous = kind;
        }
        return upper && lower && (digitOrSign || word.length() >= SECRET_MIN_LETTERS) && !hexOnly
                && changes * 4 >= pairs;
    }

    /** Whether {@code c} is in the base64 alphabet, padding included. */
    public static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=';
    }

    /** Whether the character at {@code i} needs an escape (a lone surrogate does; a pair does not). */
    private static boolean unsafe(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        if (c < 0x7f) {
            return false;
        }
        if (Character.isHighSurrogate(c)) {
            if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                return true;
            }
            return unsafeType(s.codePointAt(i));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return unsafeType(c);
    }

    private static boolean unsafeType(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.CONTROL;
    }

    private static boolean isClean(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (unsafe(s, i)) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code s} escaped, stopping before the output passes {@code max}; returns the chars consumed. */
    private static int append(StringBuilder b, String s, int max) {
        int limit = b.length() + max;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            String piece;
            int width = 1;
            if (unsafe(s, i)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    piece = String.format(Locale.ROOT, "\\U%08x", s.codePointAt(i));
                    width = 2;
                } else {
                    piece = switch (c) {
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        case '\t' -> "\\t";
                        default -> c <= 0xff ? String.format(Locale.ROOT, "\\x%02x", (int) c)
                                : String.format(Locale.ROOT, "\\u%04x", (int) c);
                    };
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                piece = s.substring(i, i + 2);
                width = 2;
            } else {
                piece = String.valueOf(c);
            }
            if (b.length() + piece.length() > limit) {
                break;
            }
            b.append(piece);
            i += width;
        }
        return i;
    }
}
