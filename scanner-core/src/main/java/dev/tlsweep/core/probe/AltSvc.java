package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Discovery;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of an {@code Alt-Svc} header (RFC 7838 3): {@code clear}, or alternatives such as
 * {@code h3=":443"; ma=86400, h3-29=":443"}. Pure and bounded: at most 32 alternatives are read, and a value that
 * breaks the grammar ends in an error naming where.
 */
final class AltSvc {

    private static final int MAX_ALTERNATIVES = 32;

    private AltSvc() {
    }

    /** What a value says: its alternatives, and why it did not parse to its end ({@code null} when it did). */
    record Parsed(List<Discovery.Alternative> alternatives, String error) {
    }

    static Parsed parse(String value) {
        List<Discovery.Alternative> out = new ArrayList<>();
        String v = value.trim();
        if (v.equalsIgnoreCase("clear")) {
            return new Parsed(out, null);
        }
        Cursor c = new Cursor(v);
        try {
            while (true) {
                c.spaces();
                String protocol = percentDecoded(c.token("protocol-id"));
                c.expect('=');
                String authority = c.quoted("alt-authority");
                int colon = authority.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("alt-authority '" + authority + "' has no port");
                }
                String host = authority.substring(0, colon);
                int port;
                try {
                    port = Integer.parseInt(authority.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("alt-authority '" + authority + "' has no numeric port");
                }
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port " + port + " (expected: 0..65535)");
                }
                Long maxAge = null;
                c.spaces();
                while (c.peek(';')) {
                    c.expect(';');
                    c.spaces();
                    String name = c.token("parameter name");
                    c.expect('=');
                    String pv = c.peek('"') ? c.quoted("parameter value") : c.token("parameter value");
                    if (name.equalsIgnoreCase("ma")) {
                        try {
                            maxAge = Long.parseLong(pv);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("ma=" + pv + " is not a number of seconds");
                        }
                    }
                    c.spaces();
                }
                if (out.size() < MAX_ALTERNATIVES) {
                    out.add(new Discovery.Alternative(protocol, host, port, maxAge));
                }
                if (c.end()) {
                    return new Parsed(out, null);
                }
                c.expect(',');
            }
        } catch (IllegalArgumentException e) {
            return new Parsed(out, e.getMessage() + " at character " + c.pos);
        }
    }

    private static String percentDecoded(String token) {
        if (token.indexOf('%') < 0) {
            return token;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < token.length(); i++) {
            char ch = token.charAt(i);
            if (ch == '%' && i + 2 < token.length()) {
                try {
                    b.append((char) Integer.parseInt(token.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // kept as it is
                }
            }
            b.append(ch);
        }
        return b.toString();
    }

    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s;
        }

        void spaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        boolean end() {
            spaces();
            return pos >= s.length();
        }

        boolean peek(char ch) {
            return pos < s.length() && s.charAt(pos) == ch;
        }

        void expect(char ch) {
            if (!peek(ch)) {
                throw new IllegalArgumentException("expected '" + ch + "'");
            }
            pos++;
        }

        String token(String what) {
            int start = pos;
            while (pos < s.length() && "()<>@,;:\\\"/[]?={} \t".indexOf(s.charAt(pos)) < 0 && s.charAt(pos) > 0x20
                    && s.charAt(pos) < 0x7F) {
                pos++;
            }
            if (pos == start) {
                throw new IllegalArgumentException("expected a " + what);
            }
            return s.substring(start, pos);
        }

        String quoted(String what) {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != '"') {
                char ch = s.charAt(pos++);
                if (ch == '\\' && pos < s.length()) {
                    ch = s.charAt(pos++);
                }
                b.append(ch);
            }
            if (pos >= s.length()) {
                throw new IllegalArgumentException("an unterminated " + what);
            }
            pos++;
            return b.toString();
        }
    }
}
