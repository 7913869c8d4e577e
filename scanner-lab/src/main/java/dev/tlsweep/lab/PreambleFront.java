package dev.tlsweep.lab;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plaintext front on loopback that speaks the first part of a protocol — a greeting, the answers to the
 * commands a client sends to start TLS — from a {@link Script}, then hands the connection to a real TLS server
 * (a {@link CannedResponder}, a {@link LabServer}) by copying bytes both ways. For protocols that start TLS
 * inside a plaintext conversation and have no server here (LMTP, NNTP, ManageSieve, IRC, RDP, ...), and for
 * servers that refuse, break the protocol or hang in the middle of it.
 *
 * <p>The scripts are written from the protocols' specifications, independently of tlsweep's own clients. A
 * connection whose client sends something other than the script expects gets nothing more and is closed; {@link
 * #mismatches()} says what it sent. Plain sockets and a thread per connection (and per direction once
 * forwarding): connections are few.
 *
 * <pre>{@code
 * try (CannedResponder tls = CannedResponder.builder()...start();
 *      PreambleFront front = PreambleFront.start(tls.address(), PreambleFront.Script.nntp())) {
 *     scan("nntp://127.0.0.1:" + front.port());
 * }
 * }</pre>
 */
public final class PreambleFront extends LoopbackFront {

    private static final int MAX_LINE = 8192;
    private static final int READ_MILLIS = 30_000;

    /** One move of the front. */
    public record Move(Kind kind, byte[] bytes) {

        /** What the front does. */
        public enum Kind {
            /** Writes the bytes. */
            SEND,
            /** Reads one line (CR LF or LF) that must start with the bytes, case ignored. */
            EXPECT_LINE,
            /** Reads exactly as many bytes as given, which must be these bytes. */
            EXPECT_BYTES,
            /** Reads as many bytes as given, whatever they are. */
            SKIP,
            /** Reads and discards whatever comes, answering nothing, until the client goes away. */
            HANG,
            /** Closes the connection. */
            CLOSE
        }

        public Move {
            Objects.requireNonNull(kind, "kind");
            bytes = bytes.clone();
        }
    }

    /**
     * The plaintext part of a conversation, move by move; after the last move the connection goes to the TLS
     * server (unless it hangs or closes). Immutable; built from the protocols' specifications.
     */
    public record Script(String name, List<Move> moves) {

        public Script {
            moves = List.copyOf(moves);
        }

        /** An empty script named {@code name}, to extend with {@link #send} and {@link #expect}. */
        public static Script of(String name) {
            return new Script(name, List.of());
        }

        public Script send(String text) {
            return then(new Move(Move.Kind.SEND, text.getBytes(StandardCharsets.UTF_8)));
        }

        public Script send(byte[] bytes) {
            return then(new Move(Move.Kind.SEND, bytes));
        }

        /** Expects a line starting with {@code prefix} (case ignored). */
        public Script expect(String prefix) {
            return then(new Move(Move.Kind.EXPECT_LINE, prefix.getBytes(StandardCharsets.UTF_8)));
        }

        /** Expects exactly these bytes. */
        public Script expectBytes(byte[] bytes) {
            return then(new Move(Move.Kind.EXPECT_BYTES, bytes));
        }

        /** Reads {@code n} bytes, whatever they are. */
        public Script skip(int n) {
            return then(new Move(Move.Kind.SKIP, new byte[n]));
        }

        public Script hang() {
            return then(new Move(Move.Kind.HANG, new byte[0]));
        }

        public Script close() {
            return then(new Move(Move.Kind.CLOSE, new byte[0]));
        }

        private Script then(Move m) {
            List<Move> all = new ArrayList<>(moves);
            all.add(m);
            return new Script(name, all);
        }

        /** LMTP (RFC 2033) as Dovecot's LMTP server speaks it, up to STARTTLS. */
        public static Script lmtp() {
            return of("lmtp").send("220 lab.example LMTP ready\r\n").expect("LHLO ")
                    .send("250-lab.example\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250-STARTTLS\r\n250 PIPELINING\r\n")
                    .expect("STARTTLS").send("220 2.0.0 Begin TLS negotiation now.\r\n");
        }

        /** NNTP (RFC 3977, RFC 4642) as INN's nnrpd speaks it, up to STARTTLS. */
        public static Script nntp() {
            return of("nntp").send("200 lab.example InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n")
                    .expect("STARTTLS").send("382 Continue with TLS negotiation\r\n");
        }

        /** ManageSieve (RFC 5804) as Dovecot Pigeonhole speaks it, up to STARTTLS. */
        public static Script sieve() {
            return of("sieve").send("\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\"SIEVE\" \"fileinto reject envelope\"\r\n"
                    + "\"NOTIFY\" \"mailto\"\r\n\"SASL\" \"\"\r\n\"STARTTLS\"\r\n\"VERSION\" \"1.0\"\r\nOK \"Dovecot ready.\"\r\n")
                    .expect("STARTTLS").send("OK \"Begin TLS negotiation now.\"\r\n");
        }

        /** IRC with the IRCv3 tls extension (InspIRCd, UnrealIRCd): a notice, a ping, then 670. */
        public static Script irc() {
            return of("irc").send(":irc.lab.example NOTICE * :*** Looking up your hostname...\r\n")
                    .expect("STARTTLS").send("PING :4711\r\n").expect("PONG")
                    .send(":irc.lab.example 670 * :STARTTLS successful, go ahead with TLS handshake\r\n");
        }

        /** RDP (MS-RDPBCGR 2.2.1.2): an X.224 Connection Confirm selecting TLS (PROTOCOL_SSL). */
        public static Script rdp() {
            return of("rdp").expectBytes(new byte[] {0x03, 0x00, 0x00, 0x13, 0x0E, (byte) 0xE0, 0, 0, 0, 0, 0})
                    .expectBytes(new byte[] {0x01, 0x00, 0x08, 0x00}).skip(4) // the protocols requested
                    .send(new byte[] {0x03, 0x00, 0x00, 0x13, 0x0E, (byte) 0xD0, 0x00, 0x00, 0x12, 0x34, 0x00,
                        0x02, 0x1F, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00});
        }

        /** SMTP (RFC 5321, RFC 3207) as Postfix speaks it, up to STARTTLS. */
        public static Script smtp() {
            return of("smtp").send("220 lab.example ESMTP Postfix\r\n").expect("EHLO ")
                    .send("250-lab.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 CHUNKING\r\n")
                    .expect("STARTTLS").send("220 2.0.0 Ready to start TLS\r\n");
        }

        /** SMTP up to EHLO, then the answer to STARTTLS is {@code 454 4.7.0 TLS not available}. */
        public static Script smtpRefusing() {
            return of("smtp refusing").send("220 lab.example ESMTP\r\n").expect("EHLO ")
                    .send("250-lab.example\r\n250 STARTTLS\r\n").expect("STARTTLS")
                    .send("454 4.7.0 TLS not available due to local problem\r\n").expect("QUIT");
        }

        /** SMTP greeting and EHLO, then silence: a server that hangs in the middle of the preamble. */
        public static Script smtpHanging() {
            return of("smtp hanging").send("220 lab.example ESMTP\r\n").expect("EHLO ").hang();
        }
    }

    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final List<String> mismatches = new CopyOnWriteArrayList<>();

    private PreambleFront(InetSocketAddress upstream, Script script) throws IOException {
        super("preamble-front", upstream, 128);
        this.script = Objects.requireNonNull(script, "script");
        startAccepting();
    }

    /** A front on 127.0.0.1, on an ephemeral port, playing {@code script} before handing over to {@code upstream}. */
    public static PreambleFront start(InetSocketAddress upstream, Script script) throws IOException {
        return new PreambleFront(upstream, script);
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections whose script ran to its end and that were handed to the TLS server. */
    public int forwarded() {
        return forwarded.get();
    }


    /** What clients sent where the script expected something else, one entry per connection. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    @Override
    public String toString() {
        return "PreambleFront(" + script.name() + ", 127.0.0.1:" + port() + " -> " + upstream + ')';
    }

    @Override
    void accept() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            if (!track(client) || !spawn("conversation", () -> converse(client))) {
                closeQuietly(client);
            }
        }
    }

    private void converse(Socket client) {
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout(READ_MILLIS);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            for (Move m : script.moves()) {
                switch (m.kind()) {
                    case SEND -> {
                        out.write(m.bytes());
                        out.flush();
                    }
                    case EXPECT_LINE -> {
                        byte[] line = readLine(in);
                        String got = new String(line, StandardCharsets.UTF_8);
                        String want = new String(m.bytes(), StandardCharsets.UTF_8);
                        if (!got.regionMatches(true, 0, want, 0, want.length())) {
                            mismatches.add("expected a line starting '" + want + "', got '" + got + "'");
                            return;
                        }
                    }
                    case EXPECT_BYTES -> {
                        byte[] got = in.readNBytes(m.bytes().length);
                        if (!Arrays.equals(got, m.bytes())) {
                            mismatches.add("expected " + Arrays.toString(m.bytes()) + ", got " + Arrays.toString(got));
                            return;
                        }
                    }
                    case SKIP -> {
                        if (in.readNBytes(m.bytes().length).length < m.bytes().length) {
                            mismatches.add("the connection ended within " + m.bytes().length + " bytes to skip");
                            return;
                        }
                    }
                    case HANG -> {
                        client.setSoTimeout(0);
                        while (in.read() >= 0) {
                            // discarded
                        }
                        return;
                    }
                    case CLOSE -> {
                        return;
                    }
                    default -> throw new IllegalStateException(m.kind().name());
                }
            }
            forwarded.incrementAndGet();
            client.setSoTimeout(0);
            forward(client, in);
        } catch (IOException e) {
            // the client went away
        } finally {
            release(client);
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && line.size() < MAX_LINE;) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toByteArray();
    }

    /** Copies both ways between the client and a new connection to the TLS server, until either side ends. */
    private void forward(Socket client, InputStream clientIn) throws IOException {
        Socket server = new Socket();
        if (!track(server)) {
            return;
        }
        try {
            server.connect(upstream, UPSTREAM_CONNECT_MILLIS);
            server.setTcpNoDelay(true);
            Socket s = server;
            if (!spawn("from-server", () -> pump(quietStream(s), out(client), s, client))) {
                return;
            }
            pump(clientIn, server.getOutputStream(), client, server);
        } finally {
            release(server);
        }
    }

    private static InputStream quietStream(Socket s) {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
    }

    private static OutputStream out(Socket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            return OutputStream.nullOutputStream();
        }
    }

    private void pump(InputStream in, OutputStream out, Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0;) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        }
        release(from);
        release(to);
    }

}
