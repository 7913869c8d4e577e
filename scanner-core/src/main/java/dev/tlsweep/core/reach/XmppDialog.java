package dev.tlsweep.core.reach;

import java.nio.charset.StandardCharsets;

/**
 * XMPP STARTTLS (RFC 6120 §5.4): open a stream to the domain ({@code jabber:client}, or {@code jabber:server}
 * for server-to-server), read the server's stream header and features, send {@code <starttls/>} when the
 * features offer it, and start TLS on {@code <proceed/>}. {@code <failure/>}, a stream error (its condition is
 * quoted) or features without STARTTLS refuse. XML is read as tags only, by a small scanner that never resolves
 * entities or loads anything: names, attributes and depth are all it needs.
 */
final class XmppDialog extends Dialog {

    static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";

    private enum Phase { HEADER, FEATURES, ANSWER }

    private final String header;
    private Phase phase = Phase.HEADER;
    private int depth;
    private boolean offered;
    private boolean inError;
    private String errorCondition;

    /**
     * @param server a server-to-server stream ({@code jabber:server}) instead of a client one
     * @param domain the domain the stream is opened to (the {@code to} attribute)
     */
    XmppDialog(boolean server, String domain) {
        super("the XMPP stream header");
        this.header = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='"
                + (server ? "jabber:server" : "jabber:client") + "' to='" + escape(domain) + "' version='1.0'>";
    }

    @Override
    public byte[] open() {
        return header.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    Step advance() throws Violation {
        String tag;
        while ((tag = tag()) != null) {
            if (tag.startsWith("?") || tag.startsWith("!")) {
                continue; // the XML declaration, a comment
            }
            boolean closing = tag.startsWith("/");
            boolean empty = tag.endsWith("/");
            String name = localName(closing ? tag.substring(1) : tag);
            if (inError) {
                if (closing && name.equals("error") && --depth == 0) {
                    return Step.refused("XMPP stream error: " + (errorCondition == null ? "no condition" : errorCondition));
                }
                if (!closing) {
                    if (errorCondition == null && !name.equals("text")) {
                        errorCondition = words(name);
                    }
                    depth += empty ? 0 : 1;
                } else {
                    depth--;
                }
                continue;
            }
            if (!closing && name.equals("error") && qualified(tag)) {
                inError = true;
                depth = empty ? 0 : 1;
                if (empty) {
                    return Step.refused("XMPP stream error: no condition");
                }
                continue;
            }
            if (closing && name.equals("stream")) {
                return Step.refused("the XMPP server closed the stream while waiting for "
                        + waitingFor().replace("the ", ""));
            }
            switch (phase) {
                case HEADER -> {
                    if (closing || !name.equals("stream")) {
                        throw new Violation("not an XMPP stream header: " + quote("<" + tag + ">"));
                    }
                    phase = Phase.FEATURES;
                    waitFor("the XMPP stream features");
                }
                case FEATURES -> {
                    if (depth == 0) {
                        if (closing || !name.equals("features")) {
                            throw new Violation("expected the XMPP stream features: " + quote("<" + tag + ">"));
                        }
                        if (!empty) {
                            depth = 1;
                            continue;
                        }
                    } else if (!closing) {
                        offered |= depth == 1 && name.equals("starttls");
                        depth += empty ? 0 : 1;
                        continue;
                    } else if (--depth > 0) {
                        continue;
                    }
                    if (!offered) {
                        return Step.refused("the XMPP stream features offer no STARTTLS");
                    }
                    send(("<starttls xmlns='" + TLS_NS + "'/>").getBytes(StandardCharsets.UTF_8));
                    phase = Phase.ANSWER;
                    waitFor("the answer to STARTTLS");
                }
                case ANSWER -> {
                    if (name.equals("proceed") && !closing) {
                        if (!empty) {
                            String end = tag();
                            if (end == null) {
                                throw new Violation("an unfinished <proceed> element");
                            }
                        }
                        return Step.upgrade();
                    }
                    if (name.equals("failure") && !closing) {
                        return Step.refused("STARTTLS: <failure/>");
                    }
                    throw new Violation("not an answer to STARTTLS: " + quote("<" + tag + ">"));
                }
                default -> throw new IllegalStateException(phase.name());
            }
        }
        return null;
    }

    /** Whether the tag is a stream-level element ({@code stream:error}, not an error inside something else). */
    private static boolean qualified(String tag) {
        int colon = tag.indexOf(':');
        int space = tag.indexOf(' ');
        return colon > 0 && (space < 0 || colon < space);
    }

    /** The next tag's text between {@code <} and {@code >}, character data before it skipped; {@code null} if incomplete. */
    private String tag() throws Violation {
        int n = available();
        int start = -1;
        for (int i = 0; i < n; i++) {
            if (peek(i) == '<') {
                start = i;
                break;
            }
        }
        if (start < 0) {
            take(n);
            return null;
        }
        take(start);
        n = available();
        int quote = 0;
        for (int i = 1; i < n; i++) {
            int c = peek(i);
            if (i > MAX_LINE) {
                throw new Violation("an XML tag longer than " + MAX_LINE + " bytes while waiting for " + waitingFor());
            }
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '>') {
                byte[] raw = take(i + 1);
                return new String(raw, 1, raw.length - 2, StandardCharsets.UTF_8).strip();
            }
        }
        if (n > MAX_LINE) {
            throw new Violation("an XML tag longer than " + MAX_LINE + " bytes while waiting for " + waitingFor());
        }
        return null;
    }

    /** The element's name without its prefix: {@code stream:features} → {@code features}. */
    private static String localName(String tag) {
        int end = 0;
        while (end < tag.length() && !Character.isWhitespace(tag.charAt(end)) && tag.charAt(end) != '/') {
            end++;
        }
        String qname = tag.substring(0, end);
        return qname.substring(qname.indexOf(':') + 1);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
    }
}
