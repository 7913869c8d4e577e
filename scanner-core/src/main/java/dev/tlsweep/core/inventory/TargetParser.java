package dev.tlsweep.core.inventory;

import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.reach.Transport;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Parses one target as a user writes it on the command line or in an inventory line.
 *
 * <p>A user name and password in the target ({@code https://user:pass@host}) are dropped before anything
 * else: they are never kept in the {@link Target}, so no report, metric label or message carries them.
 *
 * <p>Accepted forms: {@code host}, {@code host:port}, an IPv4 literal with or without a port,
 * {@code [IPv6]} or {@code [IPv6]:port}, a bare IPv6 literal, and URLs: {@code https://host[:port]/...}, the
 * plaintext upgrades {@code smtp://}, {@code submission://}, {@code lmtp://}, {@code imap://}, {@code pop3://},
 * {@code ftp://}, {@code xmpp://}, {@code xmpp-server://}, {@code ldap://}, {@code postgres://} (or
 * {@code postgresql://}; {@code ?sslnegotiation=direct} or {@code postgres-direct://} for PostgreSQL 17's direct
 * TLS), {@code mysql://}, {@code nntp://}, {@code sieve://}, {@code irc://}, {@code rdp://} (see
 * {@link Starttls#SCHEMES}), each with its protocol's default port, and {@code quic://}. A target without a scheme
 * takes the scheme given to {@link #parse(String, Starttls.Scheme)} ({@code --starttls}), else TLS on port 443. An
 * SNI override follows after whitespace as {@code sni=NAME} (or {@code sni=} for none), and
 * the expected certificate as {@code expect-sha256=HEX}, {@code expect-serial=HEX} or
 * {@code expect-cert=FILE.pem} (see {@link Expected}).
 * Names get themselves as SNI; IP literals get none unless overridden.
 *
 * <p>{@link #expand} also accepts CIDR ranges: {@code 10.0.0.0/24}, {@code 10.0.0.0/24:8443},
 * {@code 2001:db8::/120} and {@code [2001:db8::]/120:8443}, each followed by an optional SNI
 * override, enumerated lazily.
 */
public final class TargetParser {

    private TargetParser() {
    }

    /**
     * Parses {@code text} into a target.
     *
     * @throws TargetSyntaxException naming what is wrong with the text
     */
    public static Target parse(String text) throws TargetSyntaxException {
        return parse(text, null);
    }

    /**
     * Parses {@code text} into a target; one without a URL scheme is reached as {@code bare} says (its upgrade and
     * default port: {@code --starttls}), or by TLS on port 443 when {@code bare} is {@code null}.
     *
     * @throws TargetSyntaxException naming what is wrong with the text
     */
    public static Target parse(String text, Starttls.Scheme bare) throws TargetSyntaxException {
        String clean = withoutUserInfo(text);
        try {
            return parseClean(clean, bare);
        } catch (TargetSyntaxException e) {
            throw withoutSecrets(clean, e);
        }
    }

    /**
     * {@code e}, or when the text holds what looks like key material, an exception that quotes none of it: the
     * parts a message names (a host, a CIDR before its slash) could otherwise show pieces of a key too short to
     * be recognised alone.
     */
    private static TargetSyntaxException withoutSecrets(String text, TargetSyntaxException e) {
        String[] words = text.strip().split("\\s+");
        boolean fragment = false;
        for (int i = 1; i < words.length; i++) {
            fragment |= looksLikeKeyFragment(words[i]);
        }
        if (!fragment && Printable.hideSecrets(text).equals(text)) {
            return e;
        }
        String first = Printable.hideSecrets(words[0]);
        return new TargetSyntaxException(words.length > 1 || !first.equals(words[0]) ? first + " [...]" : first,
                "holds what looks like base64 data (a key or a certificate?), not shown: not a target");
    }

    /**
     * Whether a word after the target looks like a piece of base64 (the short last line of a key pasted after
     * a target): eight or more characters of the base64 alphabet, with a {@code +}, a {@code /} or padding, or
     * with letters and digits mixed. Options ({@code sni=NAME}) have their {@code =} inside, never at the end.
     */
    static boolean looksLikeKeyFragment(String word) {
        if (word.length() < 8) {
            return false;
        }
        String body = word.replaceFirst("=+$", "");
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!Printable.isBase64(c) || c == '=') {
                return false;
            }
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return body.length() < word.length() || body.indexOf('+') >= 0 || body.indexOf('/') >= 0 || (letter && digit);
    }

    private static Target parseClean(String text, Starttls.Scheme bare) throws TargetSyntaxException {
        String input = text.strip();
        if (input.isEmpty()) {
            throw new TargetSyntaxException(text, "empty target");
        }
        String[] words = input.split("\\s+");
        String sni = null;
        boolean sniGiven = false;
        String sha256 = null;
        String serial = null;
        Path certificate = null;
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.startsWith("sni=")) {
                sni = w.substring(4);
                sniGiven = true;
                if (!sni.isEmpty() && !HostSyntax.isHostName(sni)) {
                    throw new TargetSyntaxException(text, "sni: " + Printable.quote(sni) + " (expected: a DNS name)");
                }
            } else if (lower.startsWith("expect-sha256=")) {
                sha256 = Expected.fingerprint(w.substring(14));
                if (sha256 == null) {
                    throw new TargetSyntaxException(text, "expect-sha256: " + Printable.quote(w.substring(14))
                            + " (expected: 64 hex digits, colons allowed)");
                }
            } else if (lower.startsWith("expect-serial=")) {
                serial = Expected.serial(w.substring(14));
                if (serial == null) {
                    throw new TargetSyntaxException(text, "expect-serial: " + Printable.quote(w.substring(14))
                            + " (expected: the serial number in hex, colons allowed)");
                }
            } else if (lower.startsWith("expect-cert=")) {
                if (w.length() == 12) {
                    throw new TargetSyntaxException(text, "expect-cert: '' (expected: a PEM file)");
                }
                try {
                    certificate = Path.of(w.substring(12));
                } catch (java.nio.file.InvalidPathException e) {
                    throw new TargetSyntaxException(text, "expect-cert: " + Printable.echo(e.getMessage()));
                }
            } else {
                throw new TargetSyntaxException(text, "unexpected " + Printable.quote(w)
                        + " (expected: sni=NAME, expect-sha256=HEX, expect-serial=HEX or expect-cert=FILE)");
            }
        }
        Expected expected = new Expected(sha256, serial, certificate);
        String hostPort = words[0];
        Starttls.Scheme scheme = bare;
        int defaultPort = bare == null ? Target.DEFAULT_PORT : bare.port();
        if (hostPort.contains("://")) {
            URI uri;
            try {
                uri = new URI(hostPort);
            } catch (URISyntaxException e) {
                throw new TargetSyntaxException(text, "malformed URL: " + Printable.echo(e.getReason()));
            }
            String name = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            scheme = Starttls.scheme(name).orElse(null);
            if (scheme == null) {
                throw new TargetSyntaxException(text, "scheme: " + Printable.quote(name) + " (expected: https, quic, "
                        + Starttls.upgradeNames() + ")");
            }
            defaultPort = scheme.port();
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery().toLowerCase(Locale.ROOT);
            if (scheme.starttls() == Starttls.POSTGRES && ("&" + query + "&").contains("&sslnegotiation=direct&")) {
                scheme = Starttls.scheme("postgres-direct").orElseThrow(); // libpq's way of saying direct TLS
            }
            if (uri.getRawAuthority() == null) {
                throw new TargetSyntaxException(text, "URL without a host");
            }
            hostPort = uri.getRawAuthority();
            if (hostPort.contains("@")) {
                hostPort = hostPort.substring(hostPort.lastIndexOf('@') + 1);
            }
        }
        String host;
        int port = defaultPort;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new TargetSyntaxException(text, "'[' without ']' around an IPv6 address");
            }
            host = hostPort.substring(1, close);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new TargetSyntaxException(text, "unexpected " + Printable.quote(rest) + " after ']'");
                }
                port = parsePort(text, rest.substring(1));
            }
            if (!HostSyntax.isIpLiteral(host) || host.indexOf(':') < 0) {
                throw new TargetSyntaxException(text, Printable.quote(host) + " in brackets is not an IPv6 address");
            }
        } else if (hostPort.indexOf(':') != hostPort.lastIndexOf(':')) {
            host = hostPort; // a bare IPv6 literal: no port possible
            if (!HostSyntax.isIpLiteral(host)) {
                throw new TargetSyntaxException(text,
                        Printable.quote(host) + " is not an IPv6 address (write [IPv6]:port to give a port)");
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (colon >= 0) {
                port = parsePort(text, hostPort.substring(colon + 1));
            }
            if (!HostSyntax.isIpLiteral(host) && !HostSyntax.isHostName(host)) {
                throw new TargetSyntaxException(text, "host: " + Printable.quote(host)
                        + " (expected: a DNS name or an IP address)");
            }
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (holdsSecret(host) || (sni != null && holdsSecret(sni))) {
            // A pasted key reads as a valid name: it must not be looked up, sent as SNI, or kept in a report.
            throw new TargetSyntaxException(text, "a name that looks like base64 data (a key or a certificate?)");
        }
        if (!sniGiven) {
            sni = HostSyntax.isIpLiteral(host) ? null : host;
        } else if (sni.isEmpty()) {
            sni = null;
        }
        return new Target(input, host, port, sni, expected.any() ? expected : Expected.NONE,
                scheme == null ? Transport.TCP : scheme.transport(), scheme == null ? null : scheme.starttls());
    }

    /**
     * Parses {@code text} into the targets it names: one, or every address of a CIDR range in
     * ascending order, produced on demand. Each address's target has the text
     * {@code ADDRESS:PORT} (IPv6 in brackets) followed by the line's SNI override, if any.
     *
     * @param maxAddresses the largest range accepted
     * @throws TargetSyntaxException naming what is wrong with the text, or a range larger than
     *     {@code maxAddresses}
     */
    public static Iterator<Target> expand(String text, long maxAddresses) throws TargetSyntaxException {
        return expand(text, maxAddresses, null);
    }

    /**
     * As {@link #expand(String, long)}, with targets without a scheme reached as {@code bare} says (see {@link
     * #parse(String, Starttls.Scheme)}).
     */
    public static Iterator<Target> expand(String text, long maxAddresses, Starttls.Scheme bare)
            throws TargetSyntaxException {
        String clean = withoutUserInfo(text);
        try {
            return expandClean(clean, maxAddresses, bare);
        } catch (TargetSyntaxException e) {
            throw withoutSecrets(clean, e);
        }
    }

    private static Iterator<Target> expandClean(String text, long maxAddresses, Starttls.Scheme bare)
            throws TargetSyntaxException {
        String input = text.strip();
        int space = indexOfWhitespace(input);
        String first = space < 0 ? input : input.substring(0, space);
        String rest = space < 0 ? "" : input.substring(space);
        if (first.contains("://") || first.indexOf('/') < 0) {
            Target single = parse(text, bare);
            return java.util.List.of(single).iterator();
        }
        String cidr;
        String portText = null;
        boolean v6;
        if (first.startsWith("[")) {
            int close = first.indexOf(']');
            int slash = first.indexOf('/', Math.max(close, 0));
            if (close < 0 || slash != close + 1) {
                throw new TargetSyntaxException(text, "CIDR: expected [IPv6]/PREFIX or [IPv6]/PREFIX:PORT");
            }
            int colon = first.indexOf(':', slash);
            cidr = first.substring(1, close) + (colon < 0 ? first.substring(slash) : first.substring(slash, colon));
            portText = colon < 0 ? null : first.substring(colon + 1);
            v6 = true;
        } else if (first.indexOf(':') != first.lastIndexOf(':')) {
            cidr = first; // a bare IPv6 range: no port possible
            v6 = true;
        } else {
            int colon = first.indexOf(':');
            cidr = colon < 0 ? first : first.substring(0, colon);
            portText = colon < 0 ? null : first.substring(colon + 1);
            v6 = false;
        }
        int port = portText == null ? (bare == null ? Target.DEFAULT_PORT : bare.port()) : parsePort(text, portText);
        CidrRange range = CidrRange.parse(text, cidr);
        if (v6 != (range.base().length == 16)) {
            throw new TargetSyntaxException(text, v6 ? "CIDR: " + Printable.quote(cidr) + " is not an IPv6 range"
                    : "CIDR: " + Printable.quote(cidr) + " is not an IPv4 range");
        }
        if (range.size() > maxAddresses) {
            throw new TargetSyntaxException(text, "CIDR: /" + range.prefix() + " has " + range.size()
                    + " addresses (expected: at most " + maxAddresses + ")");
        }
        // Validate the rest of the line (the SNI override) once, on a representative address.
        Iterator<String> addresses = range.addresses();
        String suffix = rest;
        parse((v6 ? "[::1]" : "127.0.0.1") + ":" + port + suffix, bare);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return addresses.hasNext();
            }

            @Override
            public Target next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String a = addresses.next();
                try {
                    return parse((v6 ? "[" + a + "]" : a) + ":" + port + suffix, bare);
                } catch (TargetSyntaxException e) {
                    throw new AssertionError("validated on the first address", e);
                }
            }
        };
    }

    /**
     * Whether the target's first word holds a user name or password ({@code https://user:pass@host}, or
     * {@code user@host}): {@link #parse} drops them, since tlsweep sends no HTTP request, and no report,
     * label or message may carry them.
     */
    public static boolean hasUserInfo(String text) {
        return !withoutUserInfo(text).equals(text);
    }

    /**
     * {@code text} without user names and passwords: in its first word, in a URL everything between {@code ://}
     * and the last {@code @} of the authority (or, for a password with an unencoded {@code /}, the first
     * {@code @} after a {@code :}), elsewhere everything up to the last {@code @}; in a later word (the line's
     * words run together) a {@code user:password@} before its last {@code @}.
     */
    static String withoutUserInfo(String text) {
        if (text.indexOf('@') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        boolean first = true;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            out.append(text, start, i);
            int wordStart = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > wordStart) {
                String word = text.substring(wordStart, i);
                out.append(first ? firstWordWithoutUserInfo(word) : laterWordWithoutUserInfo(word));
                first = false;
            }
        }
        return out.toString();
    }

    private static String firstWordWithoutUserInfo(String word) {
        if (word.indexOf('@') < 0) {
            return word;
        }
        int scheme = word.indexOf("://");
        if (scheme < 0) {
            return word.substring(word.lastIndexOf('@') + 1);
        }
        String prefix = word.substring(0, scheme + 3);
        String rest = word.substring(scheme + 3);
        int authorityEnd = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < authorityEnd) {
                authorityEnd = at;
            }
        }
        int at = authorityEnd == 0 ? -1 : rest.lastIndexOf('@', authorityEnd - 1);
        if (at < 0) {
            int firstAt = rest.indexOf('@');
            if (firstAt < 0 || rest.substring(0, firstAt).indexOf(':') < 0) {
                return word; // an '@' in the path, after a host: no user information
            }
            at = firstAt;
        }
        return prefix + rest.substring(at + 1);
    }

    private static String laterWordWithoutUserInfo(String word) {
        int at = word.lastIndexOf('@');
        if (at < 0) {
            return word;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.startsWith("expect-cert=") || lower.startsWith("expect-sha256=") || lower.startsWith("expect-serial=")) {
            return word; // a file name may hold '@'
        }
        int scheme = word.indexOf("://");
        if (scheme + 3 > at) {
            scheme = -1; // "://" after the '@' (or overlapping it) is not the word's scheme
        }
        String before = word.substring(scheme < 0 ? 0 : scheme + 3, at);
        if (before.indexOf(':') < 0) {
            return word;
        }
        return (scheme < 0 ? "" : word.substring(0, scheme + 3)) + word.substring(at + 1);
    }

    /** Whether a label of the name looks like key material ({@link Printable#looksLikeSecret}). */
    private static boolean holdsSecret(String name) {
        for (String label : name.split("\\.")) {
            if (Printable.looksLikeSecret(label)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int parsePort(String text, String port) throws TargetSyntaxException {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TargetSyntaxException(text, "port: " + Printable.quote(port) + " (expected: 1..65535)");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65_535) {
            throw new TargetSyntaxException(text, "port: " + p + " (expected: 1..65535)");
        }
        return p;
    }
}
