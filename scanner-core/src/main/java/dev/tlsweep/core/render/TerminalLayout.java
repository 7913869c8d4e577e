package dev.tlsweep.core.render;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fits the lines of a terminal report to a width, the same way for every section, so that a section a
 * renderer adds later wraps like the others without knowing about widths.
 *
 * <p>A line longer than the width is broken at spaces. Its continuation lines start with the line's
 * prefix (leading spaces and tree lines: {@code │} continues, {@code ├}, {@code └} and {@code ─} become
 * blanks) and hang under the text that follows the first gap of two or more spaces, or a {@code ": "},
 * near the start of the line: a finding's message continues under its code, a check's value under the
 * value, a list of names after its label; 4 past the prefix when that column would leave too little room
 * for the line's longest word, and 2 for a line that starts at column 0 (a report's heading). A word
 * longer than the room left is cut, except on a heading (its target name is never cut). Widths count code points and
 * skip the ANSI colour sequences the renderers add; a colour open at a break is closed at the end of the
 * line and opened again on the next. Pure.
 */
public final class TerminalLayout {

    /** No wrapping at all (output that is not a terminal, unless a width is asked for). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** The narrowest width honoured: below it, lines wrap at this width. */
    public static final int MIN_WIDTH = 40;

    private static final char ESC = '\u001B';

    private final int width;

    /** A layout for {@code width} columns ({@link #UNLIMITED} for none; less than {@link #MIN_WIDTH} is raised). */
    public TerminalLayout(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width: " + width + " (expected: > 0)");
        }
        this.width = Math.max(MIN_WIDTH, width);
    }

    /** The width lines are fitted to. */
    public int width() {
        return width;
    }

    /** Whether lines are wrapped at all. */
    public boolean wraps() {
        return width != UNLIMITED;
    }

    /** Prints what {@code render} writes, its line separators made newlines, fitted to the width. */
    public void print(PrintWriter out, Consumer<PrintWriter> render) {
        StringWriter buffer = new StringWriter(4096);
        PrintWriter lines = new PrintWriter(buffer);
        render.accept(lines);
        lines.flush();
        out.print(fit(buffer.toString().replace(System.lineSeparator(), "\n")));
    }

    /** {@code text} (lines separated by {@code \n}) with every line fitted; a final newline is kept. */
    public String fit(String text) {
        if (!wraps()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            for (String l : wrap(line)) {
                out.append(l).append('\n');
            }
            if (nl < 0) {
                out.setLength(out.length() - 1);
                break;
            }
            start = nl + 1;
        }
        return out.toString();
    }

    /** One line, fitted: itself when it fits, else the line and its continuations. */
    public List<String> wrap(String line) {
        if (visibleLength(line) <= width) {
            return List.of(line);
        }
        String plain = strip(line);
        int prefixLength = prefixLength(plain);
        String prefix = continuationPrefix(plain.substring(0, prefixLength));
        int hang = prefixLength == 0 ? 2 : hang(plain, prefixLength);
        int longestWord = 0;
        for (String w : plain.substring(prefixLength).split(" +")) {
            longestWord = Math.max(longestWord, w.codePointCount(0, w.length()));
        }
        if (hang > prefixLength + 4 && width - hang < Math.min(longestWord, width / 2)) {
            // the hanging column leaves too little room for a long word (a hash, a URL): hang less
            hang = prefixLength + 4;
        }
        String indent = prefix + " ".repeat(Math.max(0, hang - prefix.length()));
        boolean cutWords = prefixLength > 0;

        List<String> out = new ArrayList<>();
        List<Token> tokens = tokens(line);
        StringBuilder current = new StringBuilder();
        int currentWidth = 0;
        String colour = "";
        boolean wordOnLine = false;
        boolean first = true;
        int i = 0;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.colour != null) {
                current.append(t.colour);
                colour = t.colour.equals(Ansi.RESET) ? "" : t.colour;
                i++;
                continue;
            }
            int room = width - currentWidth;
            if (t.space) {
                // Spaces at a break are dropped.
                if (t.width <= room) {
                    current.append(t.text);
                    currentWidth += t.width;
                } else {
                    currentWidth = width;
                }
                i++;
                continue;
            }
            if (t.width <= room) {
                current.append(t.text);
                currentWidth += t.width;
                wordOnLine = true;
                i++;
                continue;
            }
            if (!wordOnLine) {
                if (!cutWords && first) {
                    // A heading's word (a target name) is never cut.
                    current.append(t.text);
                    currentWidth += t.width;
                    wordOnLine = true;
                    i++;
                    continue;
                }
                // A word longer than a whole line: cut it at the room left.
                int cut = t.text.offsetByCodePoints(0, Math.max(1, room));
                current.append(t.text, 0, cut);
                tokens.set(i, new Token(t.text.substring(cut), false, null));
                currentWidth = width;
                wordOnLine = true;
                continue;
            }
            // Break before this word.
            out.add(close(current, colour));
            current = new StringBuilder(indent);
            if (!colour.isEmpty()) {
                current.append(colour);
            }
            currentWidth = indent.length();
            wordOnLine = false;
            first = false;
        }
        out.add(close(current, colour));
        return out;
    }

    private static String close(StringBuilder line, String colour) {
        String text = stripTrailingSpaces(line.toString());
        return colour.isEmpty() ? text : text + Ansi.RESET;
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Where continuation lines start: after the first wide gap or label near the start, else 4 past the prefix. */
    private int hang(String plain, int prefixLength) {
        int limit = Math.min(plain.length(), Math.max(prefixLength + 1, width - 30));
        int gap = plain.indexOf("  ", prefixLength);
        int colon = plain.indexOf(": ", prefixLength);
        int best = -1;
        if (gap >= 0 && gap < limit) {
            int text = gap;
            while (text < plain.length() && plain.charAt(text) == ' ') {
                text++;
            }
            if (text < limit) {
                best = text;
            }
        }
        if (colon >= 0 && colon + 2 < limit && (best < 0 || colon + 2 < best)) {
            best = colon + 2;
        }
        return best >= 0 ? plain.codePointCount(0, best) : prefixLength + 4;
    }

    private static int prefixLength(String plain) {
        int i = 0;
        while (i < plain.length() && " │├└─".indexOf(plain.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static String continuationPrefix(String prefix) {
        StringBuilder b = new StringBuilder(prefix.length());
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            b.append(c == '│' || c == '├' ? '│' : ' ');
        }
        return b.toString();
    }

    /** Columns the line takes on a terminal: code points, colour sequences left out. */
    public static int visibleLength(String line) {
        String s = strip(line);
        return s.codePointCount(0, s.length());
    }

    /** The line without its ANSI colour sequences. */
    public static String strip(String line) {
        if (line.indexOf(ESC) < 0) {
            return line;
        }
        StringBuilder b = new StringBuilder(line.length());
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ESC) {
                int end = sgrEnd(line, i);
                if (end > i) {
                    i = end;
                    continue;
                }
            }
            b.append(c);
            i++;
        }
        return b.toString();
    }

    /** The end of a colour sequence {@code ESC [ digits;... m} at {@code i}, or {@code i} when there is none. */
    private static int sgrEnd(String s, int i) {
        if (i + 1 >= s.length() || s.charAt(i + 1) != '[') {
            return i;
        }
        int j = i + 2;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';')) {
            j++;
        }
        return j < s.length() && s.charAt(j) == 'm' ? j + 1 : i;
    }

    private record Token(String text, boolean space, String colour, int width) {
        Token(String text, boolean space, String colour) {
            this(text, space, colour, colour != null ? 0 : text.codePointCount(0, text.length()));
        }
    }

    private static List<Token> tokens(String line) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ESC) {
                int end = sgrEnd(line, i);
                if (end > i) {
                    out.add(new Token("", false, line.substring(i, end)));
                    i = end;
                    continue;
                }
            }
            boolean space = c == ' ';
            int j = i + 1;
            while (j < line.length() && line.charAt(j) != ESC && (line.charAt(j) == ' ') == space) {
                j++;
            }
            out.add(new Token(line.substring(i, j), space, null));
            i = j;
        }
        return out;
    }
}
