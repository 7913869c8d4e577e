package dev.tlsweep.core.inventory;

import java.util.Objects;

/**
 * One endpoint to scan, as the user named it.
 *
 * @param input the text the target was parsed from, kept verbatim for reports
 * @param host  a DNS name or an IP literal (IPv6 without brackets)
 * @param port  the TCP port, 1..65535
 * @param sni   the server name to send, or {@code null} to send none (the default for IP literals)
 * @param expected the certificate the endpoint should serve ({@link Expected#NONE} when the line says nothing)
 */
public record Target(String input, String host, int port, String sni, Expected expected) {

    /** The port scanned when a target names none. */
    public static final int DEFAULT_PORT = 443;

    public Target {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected: a name or an IP address)");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        Objects.requireNonNull(expected, "expected");
    }

    /** A target with nothing expected of its certificate. */
    public Target(String input, String host, int port, String sni) {
        this(input, host, port, sni, Expected.NONE);
    }

    /** Whether {@link #host()} is an IP literal rather than a name. */
    public boolean hostIsIp() {
        return HostSyntax.isIpLiteral(host);
    }

    /** {@code host:port}, with brackets around IPv6 literals. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
