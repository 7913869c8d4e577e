package dev.tlsweep.core.wire;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.KeyExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of a TLS 1.0-1.2 handshake, pure code over bytes: it reads the server's flight, answers with the
 * key exchange (ECDHE, DHE or RSA), the ChangeCipherSpec and an encrypted Finished, checks the server's Finished,
 * and then can send an encrypted renegotiation ClientHello or close_notify. It resumes a session by ID or by ticket
 * (RFC 5077) through the abbreviated handshake. Supports the AES-GCM, AES-CCM, ChaCha20-Poly1305 and AES-CBC
 * suites (extended master secret included, RFC 7627); other suites fail with a reason.
 *
 * <p>What it is for: the handshake behaviours that need a finished handshake — client-initiated renegotiation and
 * session resumption — under tlsweep's own control (which suites, which extensions, what is sent when), which no TLS
 * library offers. Certificates and signatures are not verified: a scanner trusts nothing it reads.
 *
 * <p>Feed it what the server sends ({@link #receive}); send what it returns. Never throws for what a server sends:
 * a problem ends it as {@link #failure()}. Not thread-safe: one instance per connection.
 */
public final class Tls12Client {

    /** How far the handshake got. */
    public enum Phase {
        /** Reading the server's flight, up to ServerHelloDone (or, resuming, the ServerHello). */
        SERVER_FLIGHT,
        /** The client's key exchange is sent (or the session resumed); waiting for the server's Finished. */
        SERVER_FINISHED,
        /** Both Finished messages are exchanged and verified: application data and renegotiation may follow. */
        ESTABLISHED,
        /** The handshake cannot go on: see {@link #failure()}. */
        FAILED
    }

    /**
     * A session the server established, to resume later: its ID, its ticket (RFC 5077) and the master secret, which
     * stays inside this object.
     */
    public static final class Session {
        private final int version;
        private final int suite;
        private final byte[] id;
        private final byte[] ticket;
        private final byte[] master;
        private final boolean extendedMasterSecret;

        Session(int version, int suite, byte[] id, byte[] ticket, byte[] master, boolean extendedMasterSecret) {
            this.version = version;
            this.suite = suite;
            this.id = id.clone();
            this.ticket = ticket == null ? null : ticket.clone();
            this.master = master.clone();
            this.extendedMasterSecret = extendedMasterSecret;
        }

        /** The session ID the server gave (empty when it gave none: no resumption by ID). */
        public byte[] id() {
            return id.clone();
        }

        /** The ticket of a NewSessionTicket, or {@code null} when the server sent none. */
        public byte[] ticket() {
            return ticket == null ? null : ticket.clone();
        }

        /** The version negotiated. */
        public int version() {
            return version;
        }

        /** The suite negotiated. */
        public int suite() {
            return suite;
        }

        @Override
        public String toString() {
            return "Session(version 0x" + Integer.toHexString(version) + ", suite 0x" + Integer.toHexString(suite)
                    + ", id " + id.length + " bytes, " + (ticket == null ? "no ticket" : "ticket " + ticket.length
                    + " bytes") + ")";
        }
    }

    static final int MAX_BYTES = 256 * 1024;
    private static final int HT_FINISHED = 20;
    private static final int HT_CLIENT_KEY_EXCHANGE = 16;

    private final SentHello hello;
    private final Session resume;
    private final byte[] clientRandom;
    private final byte[] offeredSessionId;
    private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    private byte[] records = new byte[0];
    private byte[] handshake = new byte[0];
    private int received;

    private Phase phase = Phase.SERVER_FLIGHT;
    private String failure;
    private Alert alert;
    private ServerHello serverHello;
    private CipherSuite suite;
    private RecordCipher.Mode mode;
    private int keyLength;
    private TlsHash macHash;
    private TlsHash prfHash;
    private int version;
    private byte[] certificate;
    private ServerKeyExchange serverKeyExchange;
    private boolean certificateRequested;
    private boolean resumed;
    private byte[] ticket;
    private byte[] master;
    private RecordCipher pendingRead;
    private RecordCipher read;
    private RecordCipher write;
    private byte[] clientVerifyData;
    private boolean renegotiationSent;
    private ServerHello renegotiationServerHello;
    private int applicationRecords;

    private Tls12Client(SentHello hello, Session resume) {
        this.hello = Objects.requireNonNull(hello, "hello");
        this.resume = resume;
        byte[] m = hello.messageShared();
        if (m.length < 39 || m[0] != Tls.HT_CLIENT_HELLO) {
            throw new IllegalArgumentException("hello: not a ClientHello message");
        }
        this.clientRandom = Arrays.copyOfRange(m, 6, 38);
        this.offeredSessionId = Arrays.copyOfRange(m, 39, 39 + (m[38] & 0xFF));
        transcript.writeBytes(m);
    }

    /** A full handshake answering {@code hello}. */
    public static Tls12Client full(SentHello hello) {
        return new Tls12Client(hello, null);
    }

    /**
     * A handshake that offers to resume {@code session}: {@code hello} must carry the session's ID as its session
     * id, or its ticket in session_ticket (with a fresh session id the server echoes when it accepts the ticket).
     * If the server does not resume, the handshake goes on in full.
     */
    public static Tls12Client resuming(SentHello hello, Session session) {
        return new Tls12Client(hello, Objects.requireNonNull(session, "session"));
    }

    /**
     * Reads what the server sent; returns the bytes to send now (empty when nothing). Consumes all of {@code in}.
     */
    public byte[] receive(ByteBuf in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = in.readableBytes();
        if (phase == Phase.FAILED || n == 0) {
            in.skipBytes(n);
            return new byte[0];
        }
        received += n;
        if (received > MAX_BYTES) {
            in.skipBytes(n);
            fail("the server sent more than " + MAX_BYTES + " bytes");
            return new byte[0];
        }
        byte[] chunk = new byte[n];
        in.readBytes(chunk);
        records = TlsHash.concat(records, chunk);
        try {
            int i = 0;
            while (phase != Phase.FAILED && records.length - i >= 5) {
                int type = records[i] & 0xFF;
                int recordVersion = ((records[i + 1] & 0xFF) << 8) | (records[i + 2] & 0xFF);
                int length = ((records[i + 3] & 0xFF) << 8) | (records[i + 4] & 0xFF);
                if (type < Tls.CT_CHANGE_CIPHER_SPEC || type > Tls.CT_HEARTBEAT || (recordVersion >>> 8) != 3) {
                    throw new WireException(WireError.BAD_RECORD_TYPE, "a record of type " + type + ", version 0x"
                            + Integer.toHexString(recordVersion));
                }
                if (length > Tls.MAX_RECORD_LENGTH) {
                    throw new WireException(WireError.OVERSIZED, "a record of " + length + " bytes");
                }
                if (records.length - i - 5 < length) {
                    break;
                }
                byte[] fragment = Arrays.copyOfRange(records, i + 5, i + 5 + length);
                i += 5 + length;
                if (read != null) {
                    fragment = read.open12(type, recordVersion, fragment);
                }
                record(type, fragment, out);
            }
            records = Arrays.copyOfRange(records, i, records.length);
        } catch (WireException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            fail("internal error: " + e);
        }
        return out.toByteArray();
    }

    private void record(int type, byte[] fragment, ByteArrayOutputStream out) throws WireException {
        switch (type) {
            case Tls.CT_HANDSHAKE -> {
                handshake = TlsHash.concat(handshake, fragment);
                int i = 0;
                while (phase != Phase.FAILED && handshake.length - i >= 4) {
                    int length = ((handshake[i + 1] & 0xFF) << 16) | ((handshake[i + 2] & 0xFF) << 8)
                            | (handshake[i + 3] & 0xFF);
                    if (length > MAX_BYTES) {
                        throw new WireException(WireError.OVERSIZED, "a handshake message of " + length + " bytes");
                    }
                    if (handshake.length - i - 4 < length) {
                        break;
                    }
                    byte[] message = Arrays.copyOfRange(handshake, i, i + 4 + length);
                    i += 4 + length;
                    message(message[0] & 0xFF, message, out);
                }
                handshake = Arrays.copyOfRange(handshake, i, handshake.length);
            }
            case Tls.CT_CHANGE_CIPHER_SPEC -> {
                if (fragment.length != 1 || fragment[0] != 1) {
                    throw new WireException(WireError.BAD_VALUE, "a ChangeCipherSpec that is not the byte 1");
                }
                if (pendingRead == null || read != null) {
                    throw new WireException(WireError.UNEXPECTED_MESSAGE, "a ChangeCipherSpec before the keys are"
                            + " agreed");
                }
                read = pendingRead;
            }
            case Tls.CT_ALERT -> {
                if (fragment.length < 2) {
                    throw new WireException(WireError.BAD_LENGTH, "an alert of " + fragment.length + " bytes");
                }
                alert = new Alert(fragment[0] & 0xFF, fragment[1] & 0xFF);
                if (alert.level() == 2 && phase != Phase.ESTABLISHED) {
                    fail("the server sent " + alert.describe());
                }
            }
            case Tls.CT_APPLICATION_DATA -> applicationRecords++;
            default -> {
                // heartbeat: ignored
            }
        }
    }

    private void message(int type, byte[] message, ByteArrayOutputStream out) throws WireException {
        ByteBuf body = Unpooled.wrappedBuffer(message, 4, message.length - 4);
        if (phase == Phase.ESTABLISHED) {
            if (type == Tls.HT_SERVER_HELLO && renegotiationSent && renegotiationServerHello == null) {
                renegotiationServerHello = ServerMessages.parseServerHello(body, 4);
            }
            return; // HelloRequest and the rest of a renegotiation are not followed
        }
        if (type == Tls.HT_HELLO_REQUEST) {
            return;
        }
        if (phase == Phase.SERVER_FLIGHT) {
            serverFlight(type, message, body, out);
            return;
        }
        // SERVER_FINISHED
        if (type == Tls.HT_NEW_SESSION_TICKET) {
            WireReader r = new WireReader(body, 4, "NewSessionTicket");
            r.skip(4, "ticket_lifetime_hint");
            ticket = r.vector(2, "ticket");
            transcript.writeBytes(message);
            return;
        }
        if (type != HT_FINISHED) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake message type " + type
                    + " where the server's Finished was expected");
        }
        if (read == null) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "a Finished before the server's ChangeCipherSpec");
        }
        byte[] expected = verifyData("server finished");
        if (!java.security.MessageDigest.isEqual(expected, Arrays.copyOfRange(message, 4, message.length))) {
            throw new WireException(WireError.BAD_VALUE, "the server's Finished does not verify");
        }
        transcript.writeBytes(message);
        if (resumed) {
            out.writeBytes(changeCipherSpecAndFinished());
        }
        phase = Phase.ESTABLISHED;
    }

    private void serverFlight(int type, byte[] message, ByteBuf body, ByteArrayOutputStream out) throws WireException {
        if (serverHello == null) {
            if (type != Tls.HT_SERVER_HELLO) {
                throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake message type " + type
                        + " before the ServerHello");
            }
            serverHello(ServerMessages.parseServerHello(body, 4));
            transcript.writeBytes(message);
            if (resumed) {
                keys();
                read = null;
                phase = Phase.SERVER_FINISHED;
            }
            return;
        }
        transcript.writeBytes(message);
        switch (type) {
            case Tls.HT_CERTIFICATE -> {
                CertificateMessage c = ServerMessages.parseCertificate(body, 4);
                certificate = c.certificates().isEmpty() ? null : c.certificates().get(0);
            }
            case Tls.HT_CERTIFICATE_STATUS -> {
                // stapled OCSP: not needed here
            }
            case Tls.HT_SERVER_KEY_EXCHANGE -> serverKeyExchange = ServerMessages.parseServerKeyExchange(body, 4,
                    switch (suite.keyExchange()) {
                        case ECDHE -> KeyExchangeKind.ECDHE;
                        case DHE -> KeyExchangeKind.DHE;
                        default -> KeyExchangeKind.NONE;
                    }, version);
            case Tls.HT_CERTIFICATE_REQUEST -> certificateRequested = true;
            case Tls.HT_SERVER_HELLO_DONE -> {
                out.writeBytes(keyExchange());
                phase = Phase.SERVER_FINISHED;
            }
            default -> throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake message type " + type
                    + " in the server's flight");
        }
    }

    private void serverHello(ServerHello sh) throws WireException {
        serverHello = sh;
        version = sh.legacyVersion();
        if (sh.selectedVersion() >= 0 || version < 0x0301 || version > 0x0303 || version > hello.spec().legacyVersion()) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, String.format("the server negotiated version 0x%04X,"
                    + " which this TLS 1.0-1.2 client does not speak here", sh.negotiatedVersion()));
        }
        if (!hello.spec().cipherSuites().contains(sh.cipherSuite())) {
            throw new WireException(WireError.BAD_VALUE, String.format("the server picked suite 0x%04X, which was not"
                    + " offered", sh.cipherSuite()));
        }
        if (sh.compressionMethod() != 0) {
            throw new WireException(WireError.BAD_VALUE, "the server picked compression method "
                    + sh.compressionMethod());
        }
        suite = CipherSuites.byCode(sh.cipherSuite()).orElseThrow(() -> new WireException(WireError.BAD_VALUE,
                String.format("suite 0x%04X is unknown", sh.cipherSuite())));
        mode = mode(suite);
        if (mode == null) {
            throw new WireException(WireError.BAD_VALUE, "suite " + suite.ianaName() + " is not one tlsweep can finish"
                    + " a handshake with");
        }
        keyLength = suite.encryption().contains("256") ? 32 : 16;
        macHash = switch (suite.mac()) {
            case SHA1 -> TlsHash.SHA1;
            case SHA256 -> TlsHash.SHA256;
            case SHA384 -> TlsHash.SHA384;
            default -> null;
        };
        prfHash = suite.ianaName().endsWith("SHA384") ? TlsHash.SHA384 : TlsHash.SHA256;
        if (mode != RecordCipher.Mode.AES_CBC && version != 0x0303) {
            throw new WireException(WireError.BAD_VALUE, "an AEAD suite below TLS 1.2");
        }
        resumed = resume != null && offeredSessionId.length > 0 && Arrays.equals(offeredSessionId, sh.sessionId());
        if (resumed) {
            if (resume.version != version || resume.suite != sh.cipherSuite()) {
                throw new WireException(WireError.BAD_VALUE, "the server resumed with another version or suite than"
                        + " the session's");
            }
            master = resume.master.clone();
        }
    }

    /** The cipher of a TLS 1.0-1.2 suite, or {@code null} when tlsweep cannot finish a handshake with it. */
    static RecordCipher.Mode mode(CipherSuite s) {
        if (s.keyExchange() != KeyExchange.ECDHE && s.keyExchange() != KeyExchange.DHE
                && s.keyExchange() != KeyExchange.RSA) {
            return null;
        }
        return switch (s.encryption()) {
            case "AES_128_GCM", "AES_256_GCM" -> RecordCipher.Mode.AES_GCM;
            case "AES_128_CCM", "AES_256_CCM" -> RecordCipher.Mode.AES_CCM;
            case "AES_128_CCM_8", "AES_256_CCM_8" -> RecordCipher.Mode.AES_CCM_8;
            case "CHACHA20_POLY1305" -> RecordCipher.Mode.CHACHA20_POLY1305;
            case "AES_128_CBC", "AES_256_CBC" -> switch (s.mac()) {
                case SHA1, SHA256, SHA384 -> RecordCipher.Mode.AES_CBC;
                default -> null;
            };
            default -> null;
        };
    }

    /** Whether tlsweep can finish a handshake with {@code suite} (a TLS 1.0-1.2 code point). */
    public static boolean canFinish(int suite) {
        return CipherSuites.byCode(suite).map(Tls12Client::mode).isPresent();
    }

    private byte[] keyExchange() throws WireException {
        byte[] premaster;
        byte[] exchange;
        switch (suite.keyExchange()) {
            case ECDHE -> {
                if (serverKeyExchange == null || serverKeyExchange.publicValue() == null) {
                    throw new WireException(WireError.UNEXPECTED_MESSAGE, "no ServerKeyExchange for an ECDHE suite");
                }
                KeyShare mine = KeyShares.share(serverKeyExchange.namedGroup());
                if (!mine.agreeable()) {
                    throw new WireException(WireError.BAD_VALUE, String.format("group 0x%04X is not one tlsweep"
                            + " implements", serverKeyExchange.namedGroup()));
                }
                premaster = mine.agree(serverKeyExchange.publicValue());
                byte[] pub = mine.publicKey();
                exchange = TlsHash.concat(new byte[] {(byte) pub.length}, pub);
            }
            case DHE -> {
                if (serverKeyExchange == null || serverKeyExchange.dhPrime() == null) {
                    throw new WireException(WireError.UNEXPECTED_MESSAGE, "no ServerKeyExchange for a DHE suite");
                }
                BigInteger p = new BigInteger(1, serverKeyExchange.dhPrime());
                BigInteger g = new BigInteger(1, serverKeyExchange.dhGenerator());
                BigInteger ys = new BigInteger(1, serverKeyExchange.publicValue());
                if (p.bitLength() < 256 || ys.compareTo(BigInteger.ONE) <= 0 || ys.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
                    throw new WireException(WireError.BAD_VALUE, "unusable DH parameters");
                }
                BigInteger x = new BigInteger(Math.min(512, p.bitLength() - 1), ThreadLocalRandom.current()).setBit(1);
                byte[] yc = unsigned(g.modPow(x, p));
                premaster = unsigned(ys.modPow(x, p)); // leading zeros stripped (RFC 5246 8.1.2)
                exchange = TlsHash.concat(new byte[] {(byte) (yc.length >>> 8), (byte) yc.length}, yc);
            }
            default -> {
                RsaKey key = RsaKey.of(certificate);
                if (key == null) {
                    throw new WireException(WireError.BAD_VALUE, "no RSA key in the server's certificate");
                }
                premaster = new byte[48];
                ThreadLocalRandom.current().nextBytes(premaster);
                int offered = hello.spec().legacyVersion();
                premaster[0] = (byte) (offered >>> 8);
                premaster[1] = (byte) offered;
                byte[] encrypted = key.encrypt(premaster);
                exchange = TlsHash.concat(new byte[] {(byte) (encrypted.length >>> 8), (byte) encrypted.length}, encrypted);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        if (certificateRequested) {
            byte[] empty = {Tls.HT_CERTIFICATE, 0, 0, 3, 0, 0, 0};
            transcript.writeBytes(empty);
            plain.writeBytes(empty);
        }
        byte[] cke = handshakeMessage(HT_CLIENT_KEY_EXCHANGE, exchange);
        transcript.writeBytes(cke);
        plain.writeBytes(cke);
        out.writeBytes(plainRecord(Tls.CT_HANDSHAKE, plain.toByteArray()));
        boolean ems = serverHello.hasExtension(Tls.EXT_EXTENDED_MASTER_SECRET) && hello.spec().extendedMasterSecret();
        master = ems
                ? TlsHash.prf(prfHash, version == 0x0303, premaster, "extended master secret", sessionHash(), 48)
                : TlsHash.prf(prfHash, version == 0x0303, premaster, "master secret",
                        TlsHash.concat(clientRandom, serverHello.random()), 48);
        keys();
        out.writeBytes(changeCipherSpecAndFinished());
        return out.toByteArray();
    }

    private byte[] sessionHash() {
        byte[] t = transcript.toByteArray();
        return version == 0x0303 ? prfHash.hash(t) : TlsHash.concat(TlsHash.MD5.hash(t), TlsHash.SHA1.hash(t));
    }

    private void keys() {
        int macLength = mode == RecordCipher.Mode.AES_CBC ? macHash.length() : 0;
        int ivLength = RecordCipher.ivLength(mode);
        byte[] block = TlsHash.prf(prfHash, version == 0x0303, master, "key expansion",
                TlsHash.concat(serverHello.random(), clientRandom), 2 * (macLength + keyLength + ivLength));
        int i = 0;
        byte[] clientMac = Arrays.copyOfRange(block, i, i += macLength);
        byte[] serverMac = Arrays.copyOfRange(block, i, i += macLength);
        byte[] clientKey = Arrays.copyOfRange(block, i, i += keyLength);
        byte[] serverKey = Arrays.copyOfRange(block, i, i += keyLength);
        byte[] clientIv = Arrays.copyOfRange(block, i, i += ivLength);
        byte[] serverIv = Arrays.copyOfRange(block, i, i + ivLength);
        if (mode == RecordCipher.Mode.AES_CBC) {
            boolean explicit = version >= 0x0302;
            write = RecordCipher.cbc(clientKey, clientIv, clientMac, macHash, explicit);
            pendingRead = RecordCipher.cbc(serverKey, serverIv, serverMac, macHash, explicit);
        } else {
            write = RecordCipher.tls12Aead(mode, clientKey, clientIv);
            pendingRead = RecordCipher.tls12Aead(mode, serverKey, serverIv);
        }
    }

    private byte[] changeCipherSpecAndFinished() {
        clientVerifyData = verifyData("client finished");
        byte[] finished = handshakeMessage(HT_FINISHED, clientVerifyData);
        transcript.writeBytes(finished);
        return TlsHash.concat(plainRecord(Tls.CT_CHANGE_CIPHER_SPEC, new byte[] {1}),
                write.seal12(Tls.CT_HANDSHAKE, version, finished));
    }

    private byte[] verifyData(String label) {
        return TlsHash.prf(prfHash, version == 0x0303, master, label, sessionHash(), 12);
    }

    private byte[] plainRecord(int type, byte[] fragment) {
        return TlsHash.concat(new byte[] {(byte) type, (byte) (version >>> 8), (byte) version,
            (byte) (fragment.length >>> 8), (byte) fragment.length}, fragment);
    }

    private static byte[] handshakeMessage(int type, byte[] body) {
        return TlsHash.concat(new byte[] {(byte) type, (byte) (body.length >>> 16), (byte) (body.length >>> 8),
            (byte) body.length}, body);
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        int zeros = 0;
        while (zeros < b.length - 1 && b[zeros] == 0) {
            zeros++;
        }
        return Arrays.copyOfRange(b, zeros, b.length);
    }

    private void fail(String why) {
        if (phase != Phase.FAILED) {
            failure = why;
            phase = Phase.FAILED;
        }
    }

    // ---- once established ----

    /**
     * A renegotiation ClientHello (the message of {@code hello}, which the caller built with renegotiation_info
     * carrying {@link #clientVerifyData()} for a secure renegotiation, or without it for an insecure one), encrypted.
     * The server's ServerHello, if it renegotiates, is then {@link #renegotiationServerHello()}.
     */
    public byte[] renegotiate(SentHello renegotiation) {
        if (phase != Phase.ESTABLISHED) {
            throw new IllegalStateException("renegotiate: " + phase + " (expected: ESTABLISHED)");
        }
        renegotiationSent = true;
        return write.seal12(Tls.CT_HANDSHAKE, version, renegotiation.messageShared());
    }

    /** An encrypted close_notify alert. */
    public byte[] closeNotify() {
        if (write == null || phase != Phase.ESTABLISHED) {
            return new byte[0];
        }
        return write.seal12(Tls.CT_ALERT, version, new byte[] {1, 0});
    }

    /** The client's verify_data of the handshake (12 bytes), for renegotiation_info (RFC 5746 3.5). */
    public byte[] clientVerifyData() {
        return clientVerifyData == null ? null : clientVerifyData.clone();
    }

    /** How far the handshake got. */
    public Phase phase() {
        return phase;
    }

    /** Why the handshake stopped, or {@code null}. */
    public String failure() {
        return failure;
    }

    /** The last alert the server sent, or {@code null}. */
    public Alert alert() {
        return alert;
    }

    /** The server's ServerHello, or {@code null} before it. */
    public ServerHello serverHello() {
        return serverHello;
    }

    /** The server's ServerHello in answer to a renegotiation, or {@code null}. */
    public ServerHello renegotiationServerHello() {
        return renegotiationServerHello;
    }

    /** Whether the server resumed the offered session (an abbreviated handshake). */
    public boolean resumed() {
        return resumed;
    }

    /** Whether the server sent a NewSessionTicket. */
    public boolean ticketIssued() {
        return ticket != null;
    }

    /** The session once established (for resumption), or {@code null}. */
    public Session session() {
        if (phase != Phase.ESTABLISHED) {
            return null;
        }
        boolean ems = serverHello.hasExtension(Tls.EXT_EXTENDED_MASTER_SECRET);
        return new Session(version, serverHello.cipherSuite(), serverHello.sessionId(),
                ticket != null ? ticket : resumed ? resume.ticket : null, master, ems);
    }

    /** Application-data records received (and decrypted). */
    public int applicationRecords() {
        return applicationRecords;
    }
}
