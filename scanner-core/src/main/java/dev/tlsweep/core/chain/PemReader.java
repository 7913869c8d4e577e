package dev.tlsweep.core.chain;

import dev.tlsweep.core.input.Printable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads PEM text leniently, line by line, into its blocks (label, lines, decoded bytes) and what it saw
 * on the way that a strict reader would stumble on ({@link Observation}s: stray whitespace, text around
 * the blocks, boundaries missing or mangled, bad base64). It judges nothing: {@link PemHygiene} turns the
 * observations into problems with their words. Pure; never keeps more than the input.
 */
final class PemReader {

    /** What a strict reader would stumble on. */
    enum Kind {
        /** Whitespace at the start of a line. */
        WHITESPACE_AT_START,
        /** Whitespace at the end of a line. */
        WHITESPACE_AT_END,
        /** A run of blank lines outside the blocks ({@link Observation#where()}: before, between, after). */
        BLANK_LINES,
        /** A run of text lines outside the blocks ({@code where}: before the first, after a block). */
        TEXT_OUTSIDE,
        /** An END line with no BEGIN before it. */
        END_WITHOUT_BEGIN,
        /** A block with no END line: a new BEGIN follows ({@code toLine}) or the file ends ({@code toLine} 0). */
        BEGIN_WITHOUT_END,
        /** A block that ends with another label ({@code other}). */
        LABEL_MISMATCH,
        /** A character that is not base64 in a block ({@code text}: the character, {@code column}). */
        BAD_BASE64_CHAR,
        /** A block whose base64 does not decode (wrong length or padding). */
        BAD_BASE64_LENGTH,
        /** A BEGIN or END line that is not five dashes, the word, the label, five dashes ({@code text}: the line). */
        MANGLED_BOUNDARY,
        /** The input is DER (binary), not PEM text. */
        DER_NOT_PEM
    }

    /**
     * One observation.
     *
     * @param kind   what was seen
     * @param line   the 1-based line it starts at (0: the whole input)
     * @param toLine the line a run ends before, or the line of a related boundary (0 when none)
     * @param label  the block's label when the observation is about a block, else {@code null}
     * @param other  a second label or word (the END label of a mismatch; BEGIN or END of a boundary)
     * @param where  for runs outside blocks: {@code before}, {@code between}, {@code after}
     * @param text   the offending text, already printable (a character, a boundary line cut to 80)
     * @param column the 1-based column of a bad character, else 0
     */
    record Observation(Kind kind, int line, int toLine, String label, String other, String where, String text,
            int column) {
    }

    /**
     * One PEM block.
     *
     * @param label          the type between BEGIN and the dashes, normalised (e.g. {@code CERTIFICATE})
     * @param begin          the line of its BEGIN
     * @param firstBodyLine  the line of its first base64 line (0 when none)
     * @param der            the decoded bytes, or {@code null} when the base64 is damaged
     * @param procEncrypted  whether an RFC 1421 {@code Proc-Type: ..., ENCRYPTED} header marks it encrypted
     */
    record Block(String label, int begin, int firstBodyLine, byte[] der, boolean procEncrypted) {
    }

    /**
     * What the reader found.
     *
     * @param source       the input's name
     * @param size         the input's size in bytes
     * @param der          whether the input is DER rather than PEM (then {@code blocks} is empty)
     * @param blocks       the blocks, in file order (complete or cut off by the next BEGIN/the end)
     * @param observations what a strict reader would stumble on, in the order seen
     */
    record Text(String source, int size, boolean der, List<Block> blocks, List<Observation> observations) {
    }

    private PemReader() {
    }

    /** Whether {@code bytes} look like DER: a SEQUENCE with a plausible length. */
    static boolean looksLikeDer(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x30 && ((bytes[1] & 0xff) == 0x82
                || (bytes[1] & 0xff) == 0x81 || (bytes[1] & 0xff) < 0x80);
    }

    /**
     * Reads the input.
     *
     * @throws ChainInputException when it holds no PEM block at all (and is not DER)
     */
    static Text read(byte[] bytes, String source) throws ChainInputException {
        if (looksLikeDer(bytes)) {
            return new Text(source, bytes.length, true, List.of(),
                    List.of(new Observation(Kind.DER_NOT_PEM, 0, 0, null, null, null, null, 0)));
        }
        return new Lines(source).read(bytes);
    }

    /** The line-by-line state of one read. */
    private static final class Lines {
        private final String source;
        private final List<Observation> seen = new ArrayList<>();
        private final List<Block> blocks = new ArrayList<>();
        private int boundaries;

        Lines(String source) {
            this.source = source;
        }

        Text read(byte[] bytes) throws ChainInputException {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\n", -1);
            int n = lines.length;
            if (n > 0 && lines[n - 1].isEmpty()) {
                n--; // the final newline
            }
            String label = null;
            int begin = 0;
            StringBuilder body = new StringBuilder();
            int firstBodyLine = 0;
            boolean procEncrypted = false;
            boolean damaged = false;
            int textRunStart = 0;
            int blankRunStart = 0;
            for (int i = 0; i < n; i++) {
                int lineNo = i + 1;
                String raw = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                String line = raw.strip();
                if (!raw.isEmpty() && !raw.equals(line)) {
                    see(Character.isWhitespace(raw.charAt(0)) ? Kind.WHITESPACE_AT_START : Kind.WHITESPACE_AT_END,
                            lineNo, 0, null, null, null, null, 0);
                }
                boolean beginLine = isBoundary(line, "BEGIN");
                boolean endLine = isBoundary(line, "END");
                if (label == null) {
                    if (beginLine) {
                        textRun(textRunStart, lineNo);
                        textRunStart = 0;
                        blankRun(blankRunStart, lineNo, false);
                        blankRunStart = 0;
                        label = boundaryLabel(line, "BEGIN", lineNo);
                        begin = lineNo;
                        body.setLength(0);
                        firstBodyLine = 0;
                        procEncrypted = false;
                        damaged = false;
                        boundaries++;
                    } else if (endLine) {
                        textRun(textRunStart, lineNo);
                        textRunStart = 0;
                        boundaries++;
                        see(Kind.END_WITHOUT_BEGIN, lineNo, 0, null, null, null, null, 0);
                    } else if (line.isEmpty()) {
                        if (blankRunStart == 0) {
                            blankRunStart = lineNo;
                        }
                    } else if (textRunStart == 0) {
                        textRunStart = lineNo;
                    }
                    continue;
                }
                if (beginLine) {
                    see(Kind.BEGIN_WITHOUT_END, begin, lineNo, label, null, null, null, 0);
                    blocks.add(new Block(label, begin, firstBodyLine, null, procEncrypted));
                    label = boundaryLabel(line, "BEGIN", lineNo);
                    begin = lineNo;
                    body.setLength(0);
                    firstBodyLine = 0;
                    procEncrypted = false;
                    damaged = false;
                    boundaries++;
                    continue;
                }
                if (endLine) {
                    String endLabel = boundaryLabel(line, "END", lineNo);
                    if (!endLabel.equals(label)) {
                        see(Kind.LABEL_MISMATCH, lineNo, begin, label, endLabel, null, null, 0);
                    }
                    blocks.add(new Block(label, begin, firstBodyLine, damaged ? null
                            : decode(body.toString(), label, begin, firstBodyLine), procEncrypted));
                    label = null;
                    continue;
                }
                if (line.contains(":") && body.length() == 0) {
                    String upper = line.toUpperCase(Locale.ROOT);
                    if (upper.startsWith("PROC-TYPE:") && upper.contains("ENCRYPTED")) {
                        procEncrypted = true;
                    }
                    continue; // RFC 1421 headers
                }
                if (line.isEmpty()) {
                    continue;
                }
                if (firstBodyLine == 0) {
                    firstBodyLine = lineNo;
                }
                for (int k = 0; k < line.length(); k++) {
                    char c = line.charAt(k);
                    if (!isBase64(c)) {
                        see(Kind.BAD_BASE64_CHAR, lineNo, 0, label, null, null, describe(c), k + 1);
                        damaged = true;
                        break;
                    }
                }
                if (!damaged) {
                    body.append(line);
                }
            }
            if (label != null) {
                see(Kind.BEGIN_WITHOUT_END, begin, 0, label, null, null, null, 0);
                blocks.add(new Block(label, begin, firstBodyLine, null, procEncrypted));
            }
            textRun(textRunStart, n + 1);
            blankRun(blankRunStart, n + 1, true);
            if (boundaries == 0) {
                throw new ChainInputException(source, "no PEM block found (expected: -----BEGIN CERTIFICATE-----)");
            }
            return new Text(source, bytes.length, false, blocks, seen);
        }

        private byte[] decode(String body, String label, int begin, int firstBodyLine) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                see(Kind.BAD_BASE64_LENGTH, firstBodyLine == 0 ? begin : firstBodyLine, begin, label, null, null, null,
                        0);
                return null;
            }
        }

        private void textRun(int start, int lineNo) {
            if (start == 0) {
                return;
            }
            boolean before = blocks.isEmpty() && boundaries == 0;
            see(Kind.TEXT_OUTSIDE, start, lineNo, null, null, before ? "before" : "after", null, 0);
        }

        private void blankRun(int start, int lineNo, boolean atEnd) {
            if (start == 0) {
                return;
            }
            if (atEnd && start == lineNo - 1 && boundaries > 0) {
                return; // one empty line at the end is harmless
            }
            if (!atEnd && boundaries > 0 && lineNo - start == 1) {
                return; // one empty line between blocks is common and accepted
            }
            see(Kind.BLANK_LINES, start, lineNo, null, null, boundaries == 0 ? "before" : atEnd ? "after" : "between",
                    null, 0);
        }

        private String boundaryLabel(String line, String kind, int lineNo) {
            String canonicalStart = "-----" + kind + " ";
            boolean wellFormed = line.startsWith(canonicalStart) && line.endsWith("-----")
                    && line.length() > canonicalStart.length() + 5
                    && !line.substring(canonicalStart.length(), line.length() - 5).contains("-");
            int at = line.indexOf(kind);
            String rest = line.substring(at + kind.length());
            int dashes = rest.indexOf("---");
            if (dashes >= 0) {
                rest = rest.substring(0, dashes); // what follows the closing dashes is not the label
            }
            String label = Printable.cut(Printable.hideSecrets(rest.replace("-", " ").strip().replaceAll("\\s+", " ")),
                    60);
            String normal = label.isEmpty() ? "CERTIFICATE" : label;
            if (!wellFormed) {
                see(Kind.MANGLED_BOUNDARY, lineNo, 0, normal, kind, null, printable(line), 0);
            }
            return normal;
        }

        private void see(Kind kind, int line, int toLine, String label, String other, String where, String text,
                int column) {
            seen.add(new Observation(kind, line, toLine, label, other, where, text, column));
        }
    }

    static boolean isBoundary(String line, String kind) {
        return line.startsWith("-") && line.contains(kind) && line.indexOf(kind) <= 8 && line.length() < 300;
    }

    static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=';
    }

    /**
     * A boundary line as a message may quote it: whatever follows the dashes after the label is hidden (a
     * key's base64 run on with its BEGIN line when the line breaks were lost), then {@link Printable#echo}
     * (printable, key material hidden, cut), at most 80 characters.
     */
    static String printable(String s) {
        int word = s.indexOf("BEGIN") >= 0 ? s.indexOf("BEGIN") : s.indexOf("END");
        int dashes = word < 0 ? -1 : s.indexOf("-----", word);
        if (dashes >= 0 && dashes + 5 < s.length()) {
            int end = dashes + 5;
            while (end < s.length() && s.charAt(end) == '-') {
                end++;
            }
            if (end < s.length()) {
                s = s.substring(0, end) + " " + Printable.HIDDEN;
            }
        }
        return Printable.cut(Printable.hideSecrets(s), 80);
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format(Locale.ROOT, "0x%02x", (int) c);
    }
}
