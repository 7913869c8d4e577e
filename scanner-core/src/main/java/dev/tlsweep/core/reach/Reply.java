package dev.tlsweep.core.reach;

import java.util.ArrayList;
import java.util.List;

/**
 * A numbered reply of SMTP, LMTP, FTP or NNTP: the code and its lines (the text after the code). Read by {@link
 * #read}, which returns {@code null} until the reply's last line has arrived.
 */
record Reply(int code, List<String> lines) {

    /** How a multi-line reply goes on. */
    enum Style {
        /**
         * SMTP (RFC 5321 §4.2.1): every line is {@code ddd-text}, the last one {@code ddd text} (or {@code ddd});
         * one code throughout.
         */
        STRICT,
        /**
         * FTP (RFC 959 §4.2): the first line is {@code ddd-text}, the last one begins {@code ddd } with the same
         * code, and the lines between are any text.
         */
        FTP,
        /** NNTP (RFC 3977 §3.2): one line, {@code ddd text}. */
        SINGLE
    }

    /** The whole reply on one line, as a server's words: {@code 454 4.7.0 TLS not available}. */
    String text() {
        StringBuilder s = new StringBuilder().append(code);
        for (String l : lines) {
            if (!l.isEmpty()) {
                s.append(' ').append(l);
            }
        }
        return Dialog.words(s.toString());
    }

    /** Whether one of the lines (after the greeting's first) starts with {@code keyword}, case ignored. */
    boolean hasKeyword(String keyword) {
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.regionMatches(true, 0, keyword, 0, keyword.length())
                    && (l.length() == keyword.length() || l.charAt(keyword.length()) == ' ')) {
                return true;
            }
        }
        return false;
    }

    /** Reads lines of one reply as they arrive: feed each line to {@link #add}, which returns the reply when whole. */
    static final class Reader {
        private final Style style;
        private final String protocol;
        private int code = -1;
        private final List<String> lines = new ArrayList<>();

        Reader(Style style, String protocol) {
            this.style = style;
            this.protocol = protocol;
        }

        /** Reads the replies of {@code dialog} until one is whole; {@code null} when more bytes are needed. */
        Reply read(Dialog dialog) throws Dialog.Violation {
            String line;
            while ((line = dialog.line()) != null) {
                Reply r = add(line);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }

        private Reply add(String line) throws Dialog.Violation {
            if (code >= 0 && style == Style.FTP) {
                if (line.length() >= 3 && line.startsWith(String.valueOf(code))
                        && (line.length() == 3 || line.charAt(3) == ' ')) {
                    lines.add(line.length() > 4 ? line.substring(4) : "");
                    return done();
                }
                lines.add(line);
                return null;
            }
            int c = codeOf(line);
            if (c < 0) {
                throw new Dialog.Violation("not " + article(protocol) + " reply: " + Dialog.quote(line));
            }
            if (code >= 0 && c != code) {
                throw new Dialog.Violation("a multi-line " + protocol + " reply whose code changes from " + code
                        + " to " + c + ": " + Dialog.quote(line));
            }
            code = c;
            boolean more = line.length() > 3 && line.charAt(3) == '-' && style != Style.SINGLE;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            return more ? null : done();
        }

        private Reply done() {
            Reply r = new Reply(code, List.copyOf(lines));
            code = -1;
            lines.clear();
            return r;
        }

        private static int codeOf(String line) {
            if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                return -1;
            }
            int c = 0;
            for (int i = 0; i < 3; i++) {
                char d = line.charAt(i);
                if (d < '0' || d > '9') {
                    return -1;
                }
                c = c * 10 + (d - '0');
            }
            return c >= 100 ? c : -1;
        }

        private static String article(String protocol) {
            return protocol.equals("FTP") || protocol.equals("LMTP") || protocol.equals("SMTP")
                    || protocol.equals("NNTP") ? "an " + protocol : "a " + protocol;
        }
    }
}
