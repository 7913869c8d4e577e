package dev.tlsweep.core.inventory;

import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.reach.Transport;
import java.util.Objects;

/**
 * One endpoint to scan, as the user named it.
 *
 * @param input the text the target was parsed from, kept verbatim for reports
 * @param host  a DNS name or an IP literal (IPv6 without brackets)
 * @param port  the TCP port, 1..65535
 * @param sni   the server name to send, or {@code null} to send none (the default for IP literals)
 * @param expected the certificate the endpoint should serve ({@link Expected#NONE} when the line says nothing)
 * @param transport what carries TLS: {@link Transport#TCP}, or {@link Transport#QUIC} for {@code quic://}
 * @param starttls  the plaintext upgrade before TLS ({@code smtp://}, {@code --starttls smtp}, ...), or {@code null}
 *                  for TLS from the first byte
 */
public record Target(String input, String host, int port, String sni, Expected expected, Transport transport,
        Starttls starttls) {

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
        Objects.requireNonNull(transport, "transport");
        if (starttls != null && transport != Transport.TCP) {
            throw new IllegalArgumentException("starttls: " + starttls.label() + " over " + transport.label()
                    + " (expected: tcp)");
        }
    }

    /** A target reached over TCP, TLS from the first byte. */
    public Target(String input, String host, int port, String sni, Expected expected) {
        this(input, host, port, sni, expected, Transport.TCP, null);
    }

    /** A target with nothing expected of its certificate, TLS from the first byte over TCP. */
    public Target(String input, String host, int port, String sni) {
        this(input, host, port, sni, Expected.NONE);
    }

    /**
     * Whether this is an HTTPS target — TLS from the first byte over TCP, without an upgrade — whose UDP side
     * {@code --quic} scans as well.
     */
    public boolean https() {
        return transport == Transport.TCP && starttls == null;
    }

    /** The same endpoint reached over QUIC: its UDP side ({@code --quic}), same name, port and expectations. */
    public Target overQuic() {
        return new Target(input, host, port, sni, expected, Transport.QUIC, null);
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
