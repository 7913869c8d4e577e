package dev.tlsweep.core.inventory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Parses one target as a user writes it on the command line or in an inventory line.
 *
 * <p>Accepted forms: {@code host}, {@code host:port}, an IPv4 literal with or without a port,
 * {@code [IPv6]} or {@code [IPv6]:port}, a bare IPv6 literal, and {@code https://host[:port]/...}
 * URLs. An SNI override follows after whitespace as {@code sni=NAME} (or {@code sni=} for none).
 * Names get themselves as SNI; IP literals get none unless overridden.
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
        String input = text.strip();
        if (input.isEmpty()) {
            throw new TargetSyntaxException(text, "empty target");
        }
        String[] words = input.split("\\s+");
        String sni = null;
        boolean sniGiven = false;
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (w.toLowerCase(Locale.ROOT).startsWith("sni=")) {
                sni = w.substring(4);
                sniGiven = true;
                if (!sni.isEmpty() && !HostSyntax.isHostName(sni)) {
                    throw new TargetSyntaxException(text, "sni: '" + sni + "' (expected: a DNS name)");
                }
            } else {
                throw new TargetSyntaxException(text, "unexpected '" + w + "' (expected: sni=NAME)");
            }
        }
        String hostPort = words[0];
        int defaultPort = Target.DEFAULT_PORT;
        if (hostPort.contains("://")) {
            URI uri;
            try {
                uri = new URI(hostPort);
            } catch (URISyntaxException e) {
                throw new TargetSyntaxException(text, "malformed URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https")) {
                throw new TargetSyntaxException(text, "scheme: '" + scheme + "' (expected: https)");
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
                    throw new TargetSyntaxException(text, "unexpected '" + rest + "' after ']'");
                }
                port = parsePort(text, rest.substring(1));
            }
            if (!HostSyntax.isIpLiteral(host) || host.indexOf(':') < 0) {
                throw new TargetSyntaxException(text, "'" + host + "' in brackets is not an IPv6 address");
            }
        } else if (hostPort.indexOf(':') != hostPort.lastIndexOf(':')) {
            host = hostPort; // a bare IPv6 literal: no port possible
            if (!HostSyntax.isIpLiteral(host)) {
                throw new TargetSyntaxException(text,
                        "'" + host + "' is not an IPv6 address (write [IPv6]:port to give a port)");
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (colon >= 0) {
                port = parsePort(text, hostPort.substring(colon + 1));
            }
            if (!HostSyntax.isIpLiteral(host) && !HostSyntax.isHostName(host)) {
                throw new TargetSyntaxException(text, "host: '" + host + "' (expected: a DNS name or an IP address)");
            }
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!sniGiven) {
            sni = HostSyntax.isIpLiteral(host) ? null : host;
        } else if (sni.isEmpty()) {
            sni = null;
        }
        return new Target(input, host, port, sni);
    }

    private static int parsePort(String text, String port) throws TargetSyntaxException {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TargetSyntaxException(text, "port: '" + port + "' (expected: 1..65535)");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65_535) {
            throw new TargetSyntaxException(text, "port: " + p + " (expected: 1..65535)");
        }
        return p;
    }
}
