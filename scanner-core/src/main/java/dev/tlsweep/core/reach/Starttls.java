package dev.tlsweep.core.reach;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The protocols whose servers start TLS inside a plaintext conversation, each with its label (in reports,
 * metrics and {@code --starttls}), its default port, the connections tlsweep opens at once to one of its
 * endpoints by default, and a {@link Preamble} per connection.
 *
 * <p>Mail servers (SMTP, LMTP, IMAP, POP3, ManageSieve) and news servers rate-limit and count plaintext
 * sessions per client (Postfix's anvil, Exim's {@code smtp_accept_max_per_host}, Dovecot's login limits): their
 * endpoints get 2 connections at once; the others 4. A lower {@code --per-endpoint} wins.
 */
public enum Starttls {
    /** SMTP STARTTLS (RFC 3207), port 25; {@code submission://} is SMTP on port 587. */
    SMTP("smtp", 25, 2),
    /** LMTP STARTTLS (RFC 2033), port 24. */
    LMTP("lmtp", 24, 2),
    /** IMAP STARTTLS (RFC 2595), port 143. */
    IMAP("imap", 143, 2),
    /** POP3 STLS (RFC 2595), port 110. */
    POP3("pop3", 110, 2),
    /** FTP AUTH TLS (RFC 4217), port 21. */
    FTP("ftp", 21, 4),
    /** XMPP client-to-server STARTTLS (RFC 6120), port 5222. */
    XMPP("xmpp", 5222, 4),
    /** XMPP server-to-server STARTTLS (RFC 6120), port 5269. */
    XMPP_SERVER("xmpp-server", 5269, 4),
    /** LDAP StartTLS extended operation (RFC 4511 §4.14), port 389. */
    LDAP("ldap", 389, 4),
    /** PostgreSQL SSLRequest, port 5432. */
    POSTGRES("postgres", 5432, 4),
    /** MySQL and MariaDB SSLRequest in the connection phase, port 3306. */
    MYSQL("mysql", 3306, 4),
    /** NNTP STARTTLS (RFC 4642), port 119. */
    NNTP("nntp", 119, 2),
    /** ManageSieve STARTTLS (RFC 5804), port 4190. */
    SIEVE("sieve", 4190, 2),
    /** IRC STARTTLS (IRCv3 tls), port 6667. */
    IRC("irc", 6667, 4),
    /** RDP X.224 negotiation of TLS or CredSSP (MS-RDPBCGR), port 3389. */
    RDP("rdp", 3389, 4),
    /**
     * PostgreSQL 17's direct TLS ({@code sslnegotiation=direct}), port 5432: no plaintext at all, but every
     * ClientHello must offer the ALPN protocol {@code postgresql}, or the server ends the handshake.
     */
    POSTGRES_DIRECT("postgres-direct", 5432, 4);

    /**
     * The name tlsweep gives itself in SMTP's EHLO and LMTP's LHLO: a name under {@code .invalid} (RFC 6761), so
     * that it can never be taken for a real host.
     */
    public static final String CLIENT_NAME = "tlsweep.invalid";

    private final String label;
    private final int defaultPort;
    private final int maxPerEndpoint;

    Starttls(String label, int defaultPort, int maxPerEndpoint) {
        this.label = label;
        this.defaultPort = defaultPort;
        this.maxPerEndpoint = maxPerEndpoint;
    }

    /** The label written in reports and metrics and taken by {@code --starttls}: {@code smtp}, {@code xmpp-server}. */
    public String label() {
        return label;
    }

    /** The protocol's well-known port. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The connections opened at once to one endpoint of this protocol, by default. */
    public int maxPerEndpoint() {
        return maxPerEndpoint;
    }

    /** Whether connections run a plaintext dialog before TLS; false for PostgreSQL's direct TLS. */
    public boolean hasPreamble() {
        return this != POSTGRES_DIRECT;
    }

    /** The ALPN protocol every ClientHello must offer instead of HTTP's, or {@code null}. */
    public String alpn() {
        return this == POSTGRES_DIRECT ? "postgresql" : null;
    }

    /**
     * A fresh dialog for one connection.
     *
     * @throws IllegalStateException for a protocol without a dialog ({@link #hasPreamble()})
     *
     * @param domain the name the server is known by (the SNI, else the host): XMPP opens its stream to it
     */
    public Preamble preamble(String domain) {
        return switch (this) {
            case SMTP -> new SmtpDialog(false, CLIENT_NAME);
            case LMTP -> new SmtpDialog(true, CLIENT_NAME);
            case IMAP -> new ImapDialog();
            case POP3 -> new Pop3Dialog();
            case FTP -> NumberedDialog.ftp();
            case XMPP -> new XmppDialog(false, domain);
            case XMPP_SERVER -> new XmppDialog(true, domain);
            case LDAP -> new LdapDialog();
            case POSTGRES -> new PostgresDialog();
            case MYSQL -> new MysqlDialog();
            case NNTP -> NumberedDialog.nntp();
            case SIEVE -> new SieveDialog();
            case IRC -> new IrcDialog();
            case RDP -> new RdpDialog();
            case POSTGRES_DIRECT -> throw new IllegalStateException(label + ": TLS from the first byte, no preamble");
        };
    }

    /**
     * The upgrade protocol whose greeting {@code firstBytes} looks like, when a server answered a ClientHello with
     * plaintext: an SMTP, FTP, IMAP, POP3, NNTP, ManageSieve or XMPP greeting. A hint for the user, never a verdict.
     */
    public static Optional<Starttls> guessFromGreeting(byte[] firstBytes) {
        String s = new String(firstBytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = s.indexOf('\n');
        String line = (end < 0 ? s : s.substring(0, end)).toUpperCase(Locale.ROOT);
        if (line.startsWith("220")) {
            return line.contains("FTP") ? Optional.of(FTP) : line.contains("LMTP") ? Optional.of(LMTP)
                    : line.contains("SMTP") || line.contains("MAIL") ? Optional.of(SMTP) : Optional.empty();
        }
        if (line.startsWith("* OK")) {
            return Optional.of(IMAP);
        }
        if (line.startsWith("+OK")) {
            return Optional.of(POP3);
        }
        if ((line.startsWith("200 ") || line.startsWith("201 ")) && (line.contains("NNTP") || line.contains("NEWS"))) {
            return Optional.of(NNTP);
        }
        if (line.startsWith("\"IMPLEMENTATION\"") || line.startsWith("\"SIEVE\"")) {
            return Optional.of(SIEVE);
        }
        if (line.startsWith("<?XML") || line.startsWith("<STREAM:STREAM")) {
            return Optional.of(XMPP);
        }
        return Optional.empty();
    }

    /** The protocol with this label. */
    public static Optional<Starttls> fromLabel(String label) {
        for (Starttls s : values()) {
            if (s.label.equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * A URL scheme, or a {@code --starttls} name, and what it means: the protocol (null for {@code https}: TLS from
     * the first byte), the transport and the default port.
     *
     * @param name      the scheme as written in targets, lower case
     * @param starttls  the upgrade, or {@code null} for TLS from the first byte
     * @param transport what carries TLS
     * @param port      the port when the target names none
     */
    public record Scheme(String name, Starttls starttls, Transport transport, int port) {
    }

    /** Every scheme a target may start with, in the order of the documentation. */
    public static final List<Scheme> SCHEMES = List.of(
            new Scheme("https", null, Transport.TCP, 443),
            new Scheme("quic", null, Transport.QUIC, 443),
            new Scheme("smtp", SMTP, Transport.TCP, 25),
            new Scheme("submission", SMTP, Transport.TCP, 587),
            new Scheme("lmtp", LMTP, Transport.TCP, 24),
            new Scheme("imap", IMAP, Transport.TCP, 143),
            new Scheme("pop3", POP3, Transport.TCP, 110),
            new Scheme("ftp", FTP, Transport.TCP, 21),
            new Scheme("xmpp", XMPP, Transport.TCP, 5222),
            new Scheme("xmpp-server", XMPP_SERVER, Transport.TCP, 5269),
            new Scheme("ldap", LDAP, Transport.TCP, 389),
            new Scheme("postgres", POSTGRES, Transport.TCP, 5432),
            new Scheme("postgresql", POSTGRES, Transport.TCP, 5432),
            new Scheme("postgres-direct", POSTGRES_DIRECT, Transport.TCP, 5432),
            new Scheme("mysql", MYSQL, Transport.TCP, 3306),
            new Scheme("nntp", NNTP, Transport.TCP, 119),
            new Scheme("sieve", SIEVE, Transport.TCP, 4190),
            new Scheme("irc", IRC, Transport.TCP, 6667),
            new Scheme("rdp", RDP, Transport.TCP, 3389));

    /** The scheme with this name (case ignored). */
    public static Optional<Scheme> scheme(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SCHEMES.stream().filter(s -> s.name().equals(lower)).findFirst();
    }

    /** The names of every upgrade scheme, for messages: {@code smtp, submission, lmtp, ...}. */
    public static String upgradeNames() {
        return String.join(", ", SCHEMES.stream().filter(s -> s.starttls() != null).map(Scheme::name).toList());
    }
}
