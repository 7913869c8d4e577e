package dev.tlsweep.core.quic;

import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.CryptoFlight;
import dev.tlsweep.core.wire.SentHello;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.WireError;
import dev.tlsweep.core.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;

/**
 * The client's side of a QUIC handshake up to the server's Finished, pure code: datagrams in, datagrams out, one
 * {@link Answer}. It sends tlsweep's own ClientHello in Initial packets (with its transport parameters, the
 * datagrams padded to 1,200 bytes, RFC 9000 14.1), follows a Retry (its integrity tag checked, the hello sent again
 * with the token under keys from the new connection ID), stops at a Version Negotiation that does not list its
 * version, decrypts the server's Initial packets (ServerHello or HelloRetryRequest, a CONNECTION_CLOSE carrying a
 * TLS alert) and, with the handshake secrets of tlsweep's own key share, its Handshake packets (EncryptedExtensions,
 * Certificate, CertificateVerify, Finished). It acknowledges what it receives, with a Handshake packet as soon as it
 * can (which validates its address: the server may then send more than three times what it received, RFC 9000
 * 8.1), and closes the connection once it has read what it wanted, so that the server frees its state at once.
 *
 * <p>Packets that do not decrypt are dropped, as RFC 9001 5.5 asks; malformed datagrams too. What was read stays in
 * the answer whatever ends the handshake. Not thread-safe: one instance per attempt, used on one event loop.
 */
public final class QuicClient {

    /** The smallest datagram carrying an Initial packet (RFC 9000 14.1). */
    public static final int MIN_DATAGRAM = 1200;

    /**
     * The longest Retry token followed: a token rides in every Initial packet after the Retry, so a longer one would
     * leave the hello too little room in a 1,200-byte datagram (servers' tokens are tens of bytes).
     */
    static final int MAX_RETRY_TOKEN = 512;

    private static final int CID_LENGTH = 8;
    private static final int PN_LENGTH = 2;
    private static final int MAX_BUFFERED = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How a CONNECTION_CLOSE of the server read.
     *
     * @param code the error code (0x0100-0x01ff: a TLS alert, RFC 9001 20.1)
     * @param application whether it was an application's close (frame type 0x1d)
     * @param reason the reason phrase as sent (at most 256 bytes of it), to be shown through input.Printable
     */
    public record Close(long code, boolean application, String reason) {
    }

    /**
     * What one handshake attempt saw.
     *
     * @param version the version of the Initial packets sent
     * @param versionNegotiation the versions of a Version Negotiation that did not list {@code version}, else
     *     {@code null}
     * @param retried whether a Retry was followed
     * @param close the server's CONNECTION_CLOSE, or {@code null}
     * @param flight the TLS flight read from the CRYPTO frames, as a TCP answer's
     * @param dropped packets or datagrams dropped (malformed, undecryptable, a Retry whose tag did not verify)
     * @param dropReason why the first one was dropped, or {@code null}
     */
    public record Answer(QuicVersion version, List<Integer> versionNegotiation, boolean retried, Close close,
            ServerFlight flight, int dropped, String dropReason) {

        /** The server's transport parameters from its EncryptedExtensions, or {@code null} when none were read. */
        public TransportParameters.Server parameters() throws QuicException {
            if (flight.encrypted() == null) {
                return null;
            }
            byte[] data = flight.encrypted().extensions().get(TransportParameters.EXTENSION);
            return data == null ? null : TransportParameters.read(data);
        }
    }

    private final QuicVersion version;
    private final SentHello sent;
    private final byte[] hello;
    private final byte[] scid;
    private final byte[] originalDcid;
    private final CryptoFlight flight;
    private final int maxBytes;

    private byte[] dcid;
    private byte[] token = new byte[0];
    private PacketKeys clientInitial;
    private PacketKeys serverInitial;
    private PacketKeys clientHandshake;
    private PacketKeys serverHandshake;
    private final CryptoStream initialStream;
    private final CryptoStream handshakeStream;
    private long nextInitialPn;
    private long nextHandshakePn;
    private final TreeSet<Long> initialReceived = new TreeSet<>();
    private final TreeSet<Long> handshakeReceived = new TreeSet<>();
    private final List<Datagram.Protected> buffered = new ArrayList<>();
    private boolean serverInitialSeen;
    private boolean retried;
    private List<Integer> versionNegotiation;
    private Close close;
    private boolean done;
    private int dropped;
    private String dropReason;

    private QuicClient(QuicVersion version, ClientHelloSpec spec, byte[] scid, byte[] dcid, int maxBytes) {
        this.version = Objects.requireNonNull(version, "version");
        this.scid = scid.clone();
        this.originalDcid = dcid.clone();
        this.dcid = dcid.clone();
        this.maxBytes = maxBytes;
        this.sent = SentHello.encode(quicShape(spec, scid));
        this.hello = sent.message();
        this.flight = new CryptoFlight(sent, maxBytes);
        this.initialStream = new CryptoStream(maxBytes);
        this.handshakeStream = new CryptoStream(maxBytes);
        this.clientInitial = PacketKeys.initial(version, dcid, true);
        this.serverInitial = PacketKeys.initial(version, dcid, false);
    }

    /**
     * A handshake of {@code version} offering {@code spec} (TLS 1.3 only: the hello is shaped as QUIC requires — its
     * transport parameters added, no legacy session ID, no padding extension, TLS 1.3 alone in supported_versions),
     * with fresh random connection IDs.
     */
    public static QuicClient start(QuicVersion version, ClientHelloSpec spec, int maxBytes) {
        return start(version, spec, maxBytes, RANDOM);
    }

    /** As {@link #start(QuicVersion, ClientHelloSpec, int)}, the connection IDs drawn from {@code random}. */
    static QuicClient start(QuicVersion version, ClientHelloSpec spec, int maxBytes, Random random) {
        byte[] scid = new byte[CID_LENGTH];
        byte[] dcid = new byte[CID_LENGTH];
        random.nextBytes(scid);
        random.nextBytes(dcid);
        return new QuicClient(version, spec, scid, dcid, maxBytes);
    }

    /** The hello as QUIC wants it (RFC 9001 4.2, 8.2, 8.4). */
    static ClientHelloSpec quicShape(ClientHelloSpec spec, byte[] scid) {
        return spec.toBuilder()
                .supportedVersions(0x0304)
                .legacyVersion(0x0303)
                .sessionId(new byte[0])
                .padding(false)
                .extension(TransportParameters.EXTENSION, TransportParameters.client(scid))
                .build();
    }

    /** The hello as sent: its spec holds the private halves of its key shares. */
    public SentHello sent() {
        return sent;
    }

    /** The first datagrams: the ClientHello in Initial packets, each datagram padded to 1,200 bytes. */
    public List<byte[]> open() {
        return helloDatagrams();
    }

    private List<byte[]> helloDatagrams() {
        List<byte[]> out = new ArrayList<>();
        int chunk = Math.max(MIN_DATAGRAM - 64 - token.length, MIN_DATAGRAM / 2); // the token is bounded on receipt
        for (int from = 0; from < hello.length; from += chunk) {
            int to = Math.min(hello.length, from + chunk);
            out.add(datagram(Frames.crypto(from, hello, from, to), null));
        }
        return out;
    }

    /** Whether the handshake is over: read to its end, refused, negotiated away or closed. */
    public boolean done() {
        return done;
    }

    /**
     * Reads one datagram from the server; returns the datagrams to send in answer (acknowledgements, the hello again
     * after a Retry, a CONNECTION_CLOSE once done), possibly none.
     */
    public List<byte[]> receive(byte[] datagram) {
        if (done) {
            return List.of();
        }
        flight.received(datagram);
        List<Datagram.Packet> packets;
        try {
            packets = Datagram.parse(datagram, scid.length);
        } catch (QuicException e) {
            drop("a malformed datagram: " + e.getMessage());
            return List.of();
        }
        boolean ackEliciting = false;
        for (Datagram.Packet p : packets) {
            if (done) {
                break;
            }
            if (p instanceof Datagram.VersionNegotiation vn) {
                if (serverInitialSeen || retried || !Arrays.equals(vn.dcid(), scid)
                        || !Arrays.equals(vn.scid(), dcid) || vn.versions().contains(version.wire())) {
                    drop("a Version Negotiation packet that does not answer this connection, or lists its version");
                } else {
                    versionNegotiation = vn.versions();
                    done = true;
                    return List.of();
                }
            } else if (p instanceof Datagram.Retry retry) {
                if (serverInitialSeen || retried || retry.version() != version || !Arrays.equals(retry.dcid(), scid)) {
                    drop("a Retry packet after the first one or after the server's Initial");
                } else if (!RetryIntegrity.valid(version, originalDcid, retry.bytes())) {
                    drop("a Retry packet whose integrity tag does not verify");
                } else if (retry.token().length == 0) {
                    drop("a Retry packet without a token");
                } else if (retry.token().length > MAX_RETRY_TOKEN) {
                    // it would leave no room for the hello in a datagram: a real server's token is far shorter
                    drop("a Retry packet whose token (" + retry.token().length + " bytes) is longer than "
                            + MAX_RETRY_TOKEN + " bytes");
                } else {
                    retried = true;
                    token = retry.token();
                    dcid = retry.scid();
                    clientInitial = PacketKeys.initial(version, dcid, true);
                    serverInitial = PacketKeys.initial(version, dcid, false);
                    return helloDatagrams();
                }
            } else if (p instanceof Datagram.Protected packet) {
                ackEliciting |= onProtected(packet);
            } else if (p instanceof Datagram.Unreadable unreadable) {
                drop(unreadable.reason());
            }
        }
        if (flight.over() || close != null) {
            done = true;
            return closing();
        }
        return ackEliciting ? List.of(acks(false)) : List.of();
    }

    /** Reads a protected packet; returns whether it called for an acknowledgement. */
    private boolean onProtected(Datagram.Protected p) {
        if (p.type() == PacketType.INITIAL) {
            if (p.version() != version) {
                drop("an Initial packet of another version");
                return false;
            }
            PacketKeys.Opened opened;
            try {
                opened = serverInitial.open(p.datagram(), p.start(), p.pnOffset(), p.end(), largest(initialReceived));
            } catch (QuicException e) {
                drop("an Initial packet: " + e.getMessage());
                return false;
            }
            if (!serverInitialSeen) {
                serverInitialSeen = true;
                dcid = p.scid();
            }
            initialReceived.add(opened.packetNumber());
            trim(initialReceived);
            boolean eliciting = frames(opened.payload(), initialStream, true);
            if (flight.handshakeKeys() && serverHandshake == null && !flight.over()) {
                try {
                    serverHandshake = PacketKeys.forSuite(version, flight.suite(), flight.serverHandshakeSecret());
                    clientHandshake = PacketKeys.forSuite(version, flight.suite(), flight.clientHandshakeSecret());
                } catch (QuicException e) {
                    flight.fail(new WireException(WireError.BAD_VALUE, e.getMessage()));
                    return eliciting;
                }
                List<Datagram.Protected> waiting = new ArrayList<>(buffered);
                buffered.clear();
                for (Datagram.Protected h : waiting) {
                    eliciting |= onProtected(h);
                }
            }
            return eliciting;
        }
        if (p.type() == PacketType.HANDSHAKE) {
            if (serverHandshake == null) {
                if (buffered.size() < MAX_BUFFERED) {
                    buffered.add(p);
                } else {
                    drop("a Handshake packet before the keys to read it");
                }
                return false;
            }
            PacketKeys.Opened opened;
            try {
                opened = serverHandshake.open(p.datagram(), p.start(), p.pnOffset(), p.end(),
                        largest(handshakeReceived));
            } catch (QuicException e) {
                drop("a Handshake packet: " + e.getMessage());
                return false;
            }
            handshakeReceived.add(opened.packetNumber());
            trim(handshakeReceived);
            return frames(opened.payload(), handshakeStream, false);
        }
        return false; // 0-RTT and 1-RTT packets: nothing tlsweep reads
    }

    /** Acts on the frames of a decrypted payload; returns whether they call for an acknowledgement. */
    private boolean frames(byte[] payload, CryptoStream stream, boolean initial) {
        List<Frames.Frame> frames;
        try {
            frames = Frames.parse(payload, maxBytes);
        } catch (QuicException e) {
            flight.fail(new WireException(WireError.BAD_VALUE, "QUIC " + (initial ? "Initial" : "Handshake")
                    + " packet: " + e.getMessage()));
            return false;
        }
        boolean eliciting = false;
        for (Frames.Frame f : frames) {
            if (f instanceof Frames.Crypto c) {
                eliciting = true;
                byte[] ready;
                try {
                    ready = stream.add(c.offset(), c.data());
                } catch (QuicException e) {
                    flight.fail(new WireException(WireError.OVERSIZED, e.getMessage()));
                    return false;
                }
                if (initial) {
                    flight.initial(ready);
                } else {
                    flight.handshake(ready);
                }
            } else if (f instanceof Frames.Close c) {
                close = new Close(c.code(), c.application(), c.reason());
                if (!c.application() && c.code() >= 0x0100 && c.code() <= 0x01ff) {
                    flight.alert((int) (c.code() & 0xFF));
                }
            } else if (f instanceof Frames.Other o) {
                eliciting |= o.type() == Frames.PING;
            }
        }
        return eliciting;
    }

    /**
     * The datagrams to send when nothing came for a while: the hello again before the server's first Initial,
     * else acknowledgements with a PING, which makes the server send again what was lost.
     */
    public List<byte[]> retransmit() {
        if (done) {
            return List.of();
        }
        return serverInitialSeen ? List.of(acks(true)) : helloDatagrams();
    }

    /** What was seen so far. */
    public Answer result() {
        ServerFlight f = flight.result();
        return new Answer(version, versionNegotiation, retried, close, f, dropped, dropReason);
    }

    /** The acknowledgements of both levels (with a PING when {@code ping}) in one padded datagram. */
    private byte[] acks(boolean ping) {
        byte[] handshake = null;
        if (clientHandshake != null && (!handshakeReceived.isEmpty() || ping)) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            if (!handshakeReceived.isEmpty()) {
                frames.writeBytes(Frames.ack(handshakeReceived));
            }
            if (ping) {
                frames.write(Frames.PING);
            }
            handshake = handshakePacket(frames.toByteArray());
        }
        ByteArrayOutputStream initial = new ByteArrayOutputStream();
        if (!initialReceived.isEmpty()) {
            initial.writeBytes(Frames.ack(initialReceived));
        }
        if (ping) {
            initial.write(Frames.PING);
        }
        return datagram(initial.toByteArray(), handshake);
    }

    /** A CONNECTION_CLOSE (NO_ERROR) at every level the server may read, so that it drops the connection now. */
    private List<byte[]> closing() {
        if (!serverInitialSeen || close != null) {
            return List.of();
        }
        byte[] handshake = clientHandshake == null ? null : handshakePacket(Frames.close());
        return List.of(datagram(Frames.close(), handshake));
    }

    /** One datagram: an Initial packet carrying {@code initialFrames}, padded to 1,200 bytes, then {@code handshake}. */
    private byte[] datagram(byte[] initialFrames, byte[] handshake) {
        int after = handshake == null ? 0 : handshake.length;
        byte[] header = longHeader(PacketType.INITIAL, token, 0);
        int payload = Math.max(initialFrames.length, MIN_DATAGRAM - after - header.length - PacketKeys.TAG_LENGTH);
        byte[] frames = Arrays.copyOf(initialFrames, payload); // PADDING frames are zero bytes
        long pn = nextInitialPn++;
        byte[] packet = clientInitial.seal(longHeader(PacketType.INITIAL, token, payload, pn), PN_LENGTH, pn, frames);
        if (handshake == null) {
            return packet;
        }
        byte[] out = Arrays.copyOf(packet, packet.length + handshake.length);
        System.arraycopy(handshake, 0, out, packet.length, handshake.length);
        return out;
    }

    private byte[] handshakePacket(byte[] frames) {
        byte[] payload = frames.length >= 4 ? frames : Arrays.copyOf(frames, 4);
        long pn = nextHandshakePn++;
        return clientHandshake.seal(longHeader(PacketType.HANDSHAKE, null, payload.length, pn), PN_LENGTH, pn,
                payload);
    }

    /** The header of a long-header packet whose payload is {@code payloadLength} bytes before its tag. */
    private byte[] longHeader(PacketType type, byte[] packetToken, int payloadLength, long pn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(0xC0 | (version.typeBits(type) << 4) | (PN_LENGTH - 1));
        int v = version.wire();
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        out.write(dcid.length);
        out.writeBytes(dcid);
        out.write(scid.length);
        out.writeBytes(scid);
        if (type == PacketType.INITIAL) {
            Varint.write(out, packetToken.length);
            out.writeBytes(packetToken);
        }
        int length = PN_LENGTH + payloadLength + PacketKeys.TAG_LENGTH;
        out.write(0x40 | (length >>> 8)); // always two bytes, so that the size does not depend on the length
        out.write(length);
        out.write((int) (pn >>> 8));
        out.write((int) pn);
        return out.toByteArray();
    }

    /** The size of a header without its length and packet number fields (for the padding computation). */
    private byte[] longHeader(PacketType type, byte[] packetToken, int ignored) {
        return longHeader(type, packetToken, 0, 0);
    }

    private static long largest(TreeSet<Long> received) {
        return received.isEmpty() ? -1 : received.last();
    }

    private static void trim(TreeSet<Long> received) {
        while (received.size() > 256) {
            received.pollFirst();
        }
    }

    private void drop(String reason) {
        dropped++;
        if (dropReason == null) {
            dropReason = reason;
        }
    }
}
