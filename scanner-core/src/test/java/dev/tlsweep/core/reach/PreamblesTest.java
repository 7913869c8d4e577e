package dev.tlsweep.core.reach;

import static dev.tlsweep.core.reach.Conversation.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The preambles against transcripts of real servers' plaintext parts (Postfix, Dovecot, vsftpd, Prosody, OpenLDAP,
 * PostgreSQL, MariaDB, and the protocols' RFC examples), whole and cut at every offset; their refusals in the
 * server's words; and hostile bytes, which end every preamble with a step and a printable reason, never an
 * exception.
 */
class PreamblesTest {

    /** One scripted conversation and what it must end in. */
    record Script(String name, Supplier<Preamble> preamble, List<byte[]> turns, String expectSent, Step.State expect,
            String reasonContains) {
        int length() {
            return turns.stream().mapToInt(t -> t.length).sum();
        }
    }

    static List<byte[]> lines(String... turns) {
        List<byte[]> out = new ArrayList<>();
        for (String t : turns) {
            out.add(ascii(t));
        }
        return out;
    }

    static final String EHLO = "EHLO tlsweep.invalid\r\n";

    static List<Script> scripts() {
        List<Script> s = new ArrayList<>();
        s.add(new Script("smtp", () -> Starttls.SMTP.preamble("mx.example"), lines(
                "220 mx.example ESMTP Postfix (Debian/GNU)\r\n",
                "250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n"
                        + "250 CHUNKING\r\n",
                "220 2.0.0 Ready to start TLS\r\n"),
                EHLO + "STARTTLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("smtp refused", () -> Starttls.SMTP.preamble("mx"), lines(
                "220 mx ESMTP\r\n", "250-mx\r\n250 STARTTLS\r\n", "454 4.7.0 TLS not available due to local problem\r\n"),
                EHLO + "STARTTLS\r\n", Step.State.REFUSED, "STARTTLS: 454 4.7.0 TLS not available due to local problem"));
        s.add(new Script("smtp not offered", () -> Starttls.SMTP.preamble("mx"), lines(
                "220 mx ESMTP\r\n", "250-mx\r\n250 8BITMIME\r\n", "502 5.5.1 Error: command not implemented\r\n"),
                EHLO + "STARTTLS\r\n", Step.State.REFUSED, "502 5.5.1 Error: command not implemented (the EHLO reply did not offer STARTTLS)"));
        s.add(new Script("smtp greeting refused", () -> Starttls.SMTP.preamble("mx"), lines(
                "554 5.7.1 mx: no SMTP service here\r\n"), "", Step.State.REFUSED, "SMTP greeting: 554 5.7.1 mx: no SMTP service here"));
        s.add(new Script("smtp multi-line greeting", () -> Starttls.SMTP.preamble("mx"), lines(
                "220-mx ESMTP\r\n220-please wait\r\n220 ready\r\n", "250 STARTTLS\r\n", "220 go ahead\r\n"),
                EHLO + "STARTTLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("smtp speaks http", () -> Starttls.SMTP.preamble("mx"), lines(
                "HTTP/1.1 400 Bad Request\r\n"), "", Step.State.FAILED, "not an SMTP reply: 'HTTP/1.1 400 Bad Request'"));
        s.add(new Script("smtp bytes after 220", () -> Starttls.SMTP.preamble("mx"), lines(
                "220 mx\r\n", "250 STARTTLS\r\n", "220 Ready\r\n\u0016\u0003\u0001"),
                EHLO + "STARTTLS\r\n", Step.State.FAILED, "3 bytes after agreeing to start TLS"));
        s.add(new Script("lmtp", () -> Starttls.LMTP.preamble("mx"), lines(
                "220 mx LMTP Dovecot ready\r\n", "250-mx\r\n250-STARTTLS\r\n250 PIPELINING\r\n", "220 2.0.0 Begin TLS negotiation now.\r\n"),
                "LHLO tlsweep.invalid\r\nSTARTTLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("imap", () -> Starttls.IMAP.preamble("mail"), lines(
                "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED] Dovecot (Debian) ready.\r\n",
                "A OK Begin TLS negotiation now.\r\n"), "A STARTTLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("imap untagged first", () -> Starttls.IMAP.preamble("mail"), lines(
                "* OK ready\r\n", "* CAPABILITY IMAP4rev1 STARTTLS\r\nA OK go\r\n"), "A STARTTLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("imap no", () -> Starttls.IMAP.preamble("mail"), lines(
                "* OK ready\r\n", "A BAD Unknown command.\r\n"), "A STARTTLS\r\n", Step.State.REFUSED, "STARTTLS: BAD Unknown command."));
        s.add(new Script("imap preauth", () -> Starttls.IMAP.preamble("mail"), lines(
                "* PREAUTH [CAPABILITY IMAP4rev1] logged in as admin\r\n"), "", Step.State.REFUSED, "IMAP greeting: * PREAUTH"));
        s.add(new Script("pop3", () -> Starttls.POP3.preamble("mail"), lines(
                "+OK Dovecot (Debian) ready.\r\n", "+OK Begin TLS negotiation now.\r\n"), "STLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("pop3 refused", () -> Starttls.POP3.preamble("mail"), lines(
                "+OK ready\r\n", "-ERR Unknown command: STLS\r\n"), "STLS\r\n", Step.State.REFUSED, "STLS: -ERR Unknown command: STLS"));
        s.add(new Script("ftp", () -> Starttls.FTP.preamble("ftp"), lines(
                "220-Welcome\r\n this server is watched\r\n220 (vsFTPd 3.0.3)\r\n", "234 Proceed with negotiation.\r\n"),
                "AUTH TLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("ftp refused", () -> Starttls.FTP.preamble("ftp"), lines(
                "120 in 1 minute\r\n220 (vsFTPd 3.0.3)\r\n", "530 Please login with USER and PASS.\r\n"),
                "AUTH TLS\r\n", Step.State.REFUSED, "AUTH TLS: 530 Please login with USER and PASS."));
        s.add(new Script("nntp", () -> Starttls.NNTP.preamble("news"), lines(
                "200 news.example InterNetNews NNRP server INN 2.7 ready (posting ok)\r\n", "382 Continue with TLS negotiation\r\n"),
                "STARTTLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("nntp refused", () -> Starttls.NNTP.preamble("news"), lines(
                "201 ready (no posting)\r\n", "580 Can not initiate TLS negotiation\r\n"),
                "STARTTLS\r\n", Step.State.REFUSED, "STARTTLS: 580 Can not initiate TLS negotiation"));
        s.add(new Script("sieve", () -> Starttls.SIEVE.preamble("mail"), lines(
                "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\"SIEVE\" \"fileinto reject\"\r\n\"STARTTLS\"\r\n\"VERSION\" \"1.0\"\r\nOK \"Dovecot ready.\"\r\n",
                "OK \"Begin TLS negotiation now.\"\r\n"), "STARTTLS\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("sieve no", () -> Starttls.SIEVE.preamble("mail"), lines(
                "\"IMPLEMENTATION\" \"x\"\r\nOK\r\n", "NO \"TLS support isn't enabled.\"\r\n"), "STARTTLS\r\n",
                Step.State.REFUSED, "(the capabilities did not offer STARTTLS)"));
        s.add(new Script("irc", () -> Starttls.IRC.preamble("irc"), lines(
                ":irc.example NOTICE * :*** Looking up your hostname...\r\nPING :12345\r\n",
                ":irc.example 670 * :STARTTLS successful, proceed with TLS handshake\r\n"),
                "STARTTLS\r\nPONG :12345\r\n", Step.State.UPGRADE, ""));
        s.add(new Script("irc refused", () -> Starttls.IRC.preamble("irc"), lines(
                ":irc.example 691 * :STARTTLS failed (Internal error)\r\n"), "STARTTLS\r\n", Step.State.REFUSED,
                "STARTTLS: 691 STARTTLS failed (Internal error)"));
        String header = "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' to='chat.example' version='1.0'>";
        String features = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xml:lang='en' id='c1' from='chat.example' "
                + "version='1.0' xmlns:stream='http://etherx.jabber.org/streams'><stream:features><starttls "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls><mechanisms "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";
        s.add(new Script("xmpp", () -> Starttls.XMPP.preamble("chat.example"), lines(features,
                "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
                header + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", Step.State.UPGRADE, ""));
        s.add(new Script("xmpp failure", () -> Starttls.XMPP.preamble("chat.example"), lines(features,
                "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>"),
                header + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", Step.State.REFUSED, "STARTTLS: <failure/>"));
        s.add(new Script("xmpp host unknown", () -> Starttls.XMPP.preamble("chat.example"), lines(
                "<?xml version='1.0'?><stream:stream xmlns='jabber:client' version='1.0' xmlns:stream='http://etherx.jabber.org/streams'>"
                        + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>"
                        + "This server does not serve chat.example</text></stream:error></stream:stream>"),
                header, Step.State.REFUSED, "XMPP stream error: host-unknown"));
        s.add(new Script("xmpp no starttls", () -> Starttls.XMPP_SERVER.preamble("chat.example"), lines(
                "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:server' version='1.0'>"
                        + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'/></stream:features>"),
                header.replace("jabber:client", "jabber:server"), Step.State.REFUSED, "offer no STARTTLS"));
        byte[] ldapOk = {0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00};
        s.add(new Script("ldap", () -> Starttls.LDAP.preamble("ldap"), List.of(ldapOk),
                new String(new LdapDialog().open(), StandardCharsets.ISO_8859_1), Step.State.UPGRADE, ""));
        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        byte[] diag = ascii("TLS already started");
        refused.writeBytes(new byte[] {0x30, (byte) (12 + diag.length), 0x02, 0x01, 0x01, 0x78, (byte) (7 + diag.length),
            0x0a, 0x01, 0x01, 0x04, 0x00, 0x04, (byte) diag.length});
        refused.writeBytes(diag);
        s.add(new Script("ldap refused", () -> Starttls.LDAP.preamble("ldap"), List.of(refused.toByteArray()),
                new String(new LdapDialog().open(), StandardCharsets.ISO_8859_1), Step.State.REFUSED,
                "StartTLS: result 1 (operationsError): TLS already started"));
        String sslRequest = new String(new byte[] {0, 0, 0, 8, 4, (byte) 0xD2, 0x16, 0x2F}, StandardCharsets.ISO_8859_1);
        s.add(new Script("postgres", () -> Starttls.POSTGRES.preamble("db"), lines("S"), sslRequest, Step.State.UPGRADE, ""));
        s.add(new Script("postgres N", () -> Starttls.POSTGRES.preamble("db"), lines("N"), sslRequest, Step.State.REFUSED,
                "answered 'N'"));
        s.add(new Script("postgres S and plaintext (CVE-2021-23214)", () -> Starttls.POSTGRES.preamble("db"),
                lines("SE\u0000\u0000"), sslRequest, Step.State.FAILED, "3 bytes after agreeing to start TLS"));
        s.add(new Script("mysql", () -> Starttls.MYSQL.preamble("db"), List.of(mysqlGreeting(0xFFFE)),
                new String(MysqlDialog.sslRequest(), StandardCharsets.ISO_8859_1), Step.State.UPGRADE, ""));
        s.add(new Script("mysql without ssl", () -> Starttls.MYSQL.preamble("db"), List.of(mysqlGreeting(0xF7FE)),
                "", Step.State.REFUSED, "does not offer SSL"));
        s.add(new Script("mysql error", () -> Starttls.MYSQL.preamble("db"), List.of(mysqlError(1130,
                "Host '10.1.2.3' is not allowed to connect to this MariaDB server")),
                "", Step.State.REFUSED, "MySQL greeting: error 1130: Host '10.1.2.3' is not allowed to connect"));
        String cr = new String(new RdpDialog().open(), StandardCharsets.ISO_8859_1);
        s.add(new Script("rdp", () -> Starttls.RDP.preamble("rdp"), List.of(new byte[] {3, 0, 0, 0x13, 0x0e, (byte) 0xd0,
            0, 0, 0x12, 0x34, 0, 0x02, 0x1f, 0x08, 0, 0x02, 0, 0, 0}), cr, Step.State.UPGRADE, ""));
        s.add(new Script("rdp failure", () -> Starttls.RDP.preamble("rdp"), List.of(new byte[] {3, 0, 0, 0x13, 0x0e, (byte) 0xd0,
            0, 0, 0x12, 0x34, 0, 0x03, 0, 0x08, 0, 0x02, 0, 0, 0}), cr, Step.State.REFUSED, "SSL_NOT_ALLOWED_BY_SERVER (2)"));
        s.add(new Script("rdp standard security", () -> Starttls.RDP.preamble("rdp"), List.of(new byte[] {3, 0, 0, 0x0b,
            0x06, (byte) 0xd0, 0, 0, 0x12, 0x34, 0}), cr, Step.State.REFUSED, "standard RDP security"));
        return s;
    }

    /** A MariaDB 10.11 greeting (protocol 10) with these lower capability flags. */
    static byte[] mysqlGreeting(int capabilities) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(10);
        p.writeBytes(ascii("5.5.5-10.11.6-MariaDB-0+deb12u1\0"));
        p.writeBytes(new byte[] {0x2a, 0, 0, 0});
        p.writeBytes(ascii("abcdefgh"));
        p.write(0);
        p.write(capabilities & 0xFF);
        p.write(capabilities >>> 8);
        p.write(45);
        p.writeBytes(new byte[] {2, 0, (byte) 0xff, (byte) 0x81, 21, 0, 0, 0, 0, 0, 0, 0x1d, 0, 0, 0});
        p.writeBytes(ascii("ijklmnopqrst\0mysql_native_password\0"));
        return packet(0, p.toByteArray());
    }

    static byte[] mysqlError(int code, String message) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0xff);
        p.write(code & 0xff);
        p.write(code >>> 8);
        p.writeBytes(ascii(message));
        return packet(0, p.toByteArray());
    }

    static byte[] packet(int sequence, byte[] payload) {
        byte[] out = new byte[4 + payload.length];
        out[0] = (byte) payload.length;
        out[1] = (byte) (payload.length >>> 8);
        out[2] = (byte) (payload.length >>> 16);
        out[3] = (byte) sequence;
        System.arraycopy(payload, 0, out, 4, payload.length);
        return out;
    }

    @Test
    void everyScriptEndsAsTheServerMeantWhole() {
        for (Script s : scripts()) {
            Conversation.Outcome o = Conversation.play(s.preamble().get(), s.turns());
            assertThat(o.last()).as(s.name()).isNotNull();
            assertThat(o.state()).as(s.name() + ": " + o.last().reason()).isEqualTo(s.expect());
            assertThat(o.sent()).as(s.name()).isEqualTo(s.expectSent());
            assertThat(o.last().reason()).as(s.name()).contains(s.reasonContains());
        }
    }

    /**
     * The scripts whose end does not depend on how the bytes arrive: not those with bytes after the server agreed
     * to start TLS, which a preamble sees only when they come with the agreement (later, they reach the TLS reader,
     * which fails on them as not TLS).
     */
    static List<Script> splittable() {
        return scripts().stream().filter(s -> !s.reasonContains().contains("after agreeing")).toList();
    }

    /** Every script, its bytes cut at every single offset: the same end, the same bytes sent. */
    @Test
    void everyScriptEndsTheSameCutAtEveryOffset() {
        for (Script s : splittable()) {
            for (int cut = 1; cut < s.length(); cut++) {
                Conversation.Outcome o = Conversation.play(s.preamble().get(), s.turns(), List.of(cut));
                assertThat(o.state()).as(s.name() + " cut at " + cut).isEqualTo(s.expect());
                assertThat(o.sent()).as(s.name() + " cut at " + cut).isEqualTo(s.expectSent());
            }
        }
    }

    /** And cut into many pieces at once, one byte at a time included. */
    @Property(tries = 300)
    void everyScriptEndsTheSameCutAnywhere(@ForAll("scriptIndex") int index,
            @ForAll @Size(max = 40) List<@net.jqwik.api.constraints.IntRange(min = 1, max = 600) Integer> cuts) {
        Script s = splittable().get(index);
        Conversation.Outcome o = Conversation.play(s.preamble().get(), s.turns(), cuts);
        assertThat(o.state()).as(s.name()).isEqualTo(s.expect());
        assertThat(o.sent()).as(s.name()).isEqualTo(s.expectSent());
    }

    @Provide
    Arbitrary<Integer> scriptIndex() {
        return Arbitraries.integers().between(0, splittable().size() - 1);
    }

    @Provide
    Arbitrary<Starttls> protocols() {
        return Arbitraries.of(Starttls.class).filter(Starttls::hasPreamble);
    }

    /**
     * Hostile bytes, any amount in any chunks: every preamble answers each chunk with a step and never throws; a
     * reason is short and printable (no control character reaches it); once done, it stays done.
     */
    @Property(tries = 1000)
    void hostileBytesEndInAStepNeverAnException(@ForAll("protocols") Starttls protocol,
            @ForAll @Size(max = 12) List<@Size(max = 3000) byte[]> chunks) {
        Preamble p = protocol.preamble("example.com");
        p.open();
        boolean done = false;
        for (byte[] c : chunks) {
            Step step = p.receive(c, 0, c.length);
            assertThat(step).isNotNull();
            if (done) {
                assertThat(step.state()).isEqualTo(Step.State.FAILED);
            }
            done |= step.done();
            assertThat(step.reason()).hasSizeLessThan(700);
            assertThat(step.reason().chars()).noneMatch(ch -> ch < 0x20 || (ch >= 0x7f && ch <= 0x9f));
        }
    }

    /** Printable but endless: a line protocol fed one long line fails at its bound, naming it. */
    @Test
    void aLineLongerThanTheBoundFails() {
        Preamble p = Starttls.SMTP.preamble("mx");
        byte[] chunk = ascii("220-" + "x".repeat(1000));
        Step last = null;
        for (int i = 0; i < 20 && (last == null || !last.done()); i++) {
            last = p.receive(chunk, 0, chunk.length);
        }
        assertThat(last.state()).isEqualTo(Step.State.FAILED);
        assertThat(last.reason()).contains("a line longer than 8192 bytes while waiting for the SMTP greeting");
    }

    /** A refusing server's words are cut and made printable: control characters and escapes never pass. */
    @Test
    void refusalTextIsCutAndPrintable() {
        Preamble p = Starttls.POP3.preamble("mail");
        byte[] greeting = ascii("-ERR \u001b[31mred\u0007 " + "y".repeat(500) + "\r\n");
        Step s = p.receive(greeting, 0, greeting.length);
        assertThat(s.state()).isEqualTo(Step.State.REFUSED);
        assertThat(s.reason()).startsWith("POP3 greeting: -ERR \\x1b[31mred\\x07 yyy").endsWith("... (515 characters)")
                .hasSizeLessThan(260);
    }

    @Test
    void greetingsOfUpgradableProtocolsAreRecognised() {
        assertThat(Starttls.guessFromGreeting(ascii("220 mx.example ESMTP Postfix (Debian/GNU)\r\n"))).contains(Starttls.SMTP);
        assertThat(Starttls.guessFromGreeting(ascii("220 (vsFTPd 3.0.3)\r\n"))).contains(Starttls.FTP);
        assertThat(Starttls.guessFromGreeting(ascii("* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n"))).contains(Starttls.IMAP);
        assertThat(Starttls.guessFromGreeting(ascii("+OK Dovecot ready.\r\n"))).contains(Starttls.POP3);
        assertThat(Starttls.guessFromGreeting(ascii("200 news.example NNTP ready\r\n"))).contains(Starttls.NNTP);
        assertThat(Starttls.guessFromGreeting(ascii("\"IMPLEMENTATION\" \"Dovecot\"\r\n"))).contains(Starttls.SIEVE);
        assertThat(Starttls.guessFromGreeting(ascii("<?xml version='1.0'?><stream:stream"))).contains(Starttls.XMPP);
        assertThat(Starttls.guessFromGreeting(ascii("HTTP/1.1 400 Bad Request\r\n"))).isEmpty();
        assertThat(Starttls.guessFromGreeting(ascii("SSH-2.0-OpenSSH_9.2\r\n"))).isEmpty();
        assertThat(Starttls.guessFromGreeting(new byte[0])).isEmpty();
    }

    @Test
    void schemesAndLabels() {
        assertThat(Starttls.scheme("SUBMISSION")).get().satisfies(sc -> {
            assertThat(sc.starttls()).isEqualTo(Starttls.SMTP);
            assertThat(sc.port()).isEqualTo(587);
        });
        assertThat(Starttls.scheme("quic")).get().extracting(Starttls.Scheme::transport).isEqualTo(Transport.QUIC);
        for (Starttls s : Starttls.values()) {
            assertThat(Starttls.fromLabel(s.label())).contains(s);
            assertThat(Starttls.scheme(s.label())).get().extracting(Starttls.Scheme::port).isEqualTo(s.defaultPort());
        }
        assertThat(Starttls.upgradeNames()).startsWith("smtp, submission, lmtp, imap");
    }
}
