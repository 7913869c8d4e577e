package dev.tlsweep.core.quic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The packets of one datagram from a server (RFC 9000 12.2: several long-header packets may be coalesced, a
 * short-header packet ends the datagram), parsed up to their protected part: what {@link PacketKeys#open} needs.
 * Pure code over hostile bytes: every length is checked against the datagram.
 */
final class Datagram {

    /** The largest connection ID of version 1 and 2 (RFC 9000 17.2). */
    static final int MAX_CID_LENGTH = 20;

    private Datagram() {
    }

    /** What one packet of a datagram is. */
    sealed interface Packet permits VersionNegotiation, Retry, Protected, Unreadable {
    }

    /** A Version Negotiation packet: the versions the server supports (RFC 9000 17.2.1). */
    record VersionNegotiation(byte[] dcid, byte[] scid, List<Integer> versions) implements Packet {
    }

    /**
     * A Retry packet (RFC 9000 17.2.5): the server's new connection ID, its token and its integrity tag;
     * {@code bytes} is the whole packet, for the tag's check.
     */
    record Retry(QuicVersion version, byte[] dcid, byte[] scid, byte[] token, byte[] bytes) implements Packet {
    }

    /** An Initial, 0-RTT or Handshake packet, or a short-header one ({@code type} null), still protected. */
    record Protected(PacketType type, QuicVersion version, byte[] dcid, byte[] scid, byte[] token, byte[] datagram,
            int start, int pnOffset, int end) implements Packet {
    }

    /** A long-header packet of a version tlsweep does not speak: the rest of the datagram cannot be read. */
    record Unreadable(int version, String reason) implements Packet {
    }

    /**
     * Parses the packets of {@code datagram}; a short-header packet's destination connection ID is taken to be
     * {@code shortCidLength} bytes (the one tlsweep chose).
     *
     * @throws QuicException when a packet is malformed (what came before it is lost too: the datagram is dropped)
     */
    static List<Packet> parse(byte[] datagram, int shortCidLength) throws QuicException {
        List<Packet> out = new ArrayList<>(2);
        int pos = 0;
        while (pos < datagram.length) {
            int first = datagram[pos] & 0xFF;
            if ((first & 0x80) == 0) {
                if (datagram.length - pos < 1 + shortCidLength) {
                    throw new QuicException("short-header packet of " + (datagram.length - pos) + " bytes");
                }
                out.add(new Protected(null, null, Arrays.copyOfRange(datagram, pos + 1, pos + 1 + shortCidLength),
                        null, null, datagram, pos, pos + 1 + shortCidLength, datagram.length));
                return out;
            }
            Reader r = new Reader(datagram, pos + 1, datagram.length, "long header at offset " + pos);
            int version = r.u32("version");
            byte[] dcid = r.bytes(r.u8("destination connection ID length"), "destination connection ID");
            byte[] scid = r.bytes(r.u8("source connection ID length"), "source connection ID");
            if (version == 0) {
                if (r.remaining() == 0 || r.remaining() % 4 != 0) {
                    throw new QuicException("Version Negotiation packet with " + r.remaining()
                            + " bytes of versions (expected: a positive multiple of 4)");
                }
                List<Integer> versions = new ArrayList<>();
                while (r.remaining() > 0 && versions.size() < 256) {
                    versions.add(r.u32("supported version"));
                }
                out.add(new VersionNegotiation(dcid, scid, List.copyOf(versions)));
                return out;
            }
            QuicVersion v = QuicVersion.of(version).orElse(null);
            if (v == null) {
                out.add(new Unreadable(version, "a long header of version " + QuicVersion.describe(version)));
                return out;
            }
            if (dcid.length > MAX_CID_LENGTH || scid.length > MAX_CID_LENGTH) {
                throw new QuicException("connection ID of " + Math.max(dcid.length, scid.length)
                        + " bytes (expected: <= " + MAX_CID_LENGTH + ")");
            }
            if ((first & 0x40) == 0) {
                throw new QuicException("long header at offset " + pos + " without the fixed bit");
            }
            PacketType type = v.typeOf((first >>> 4) & 0x03);
            if (type == PacketType.RETRY) {
                if (r.remaining() < PacketKeys.TAG_LENGTH) {
                    throw new QuicException("Retry packet without its integrity tag");
                }
                byte[] token = r.bytes(r.remaining() - PacketKeys.TAG_LENGTH, "retry token");
                out.add(new Retry(v, dcid, scid, token, Arrays.copyOfRange(datagram, pos, datagram.length)));
                return out;
            }
            byte[] token = null;
            if (type == PacketType.INITIAL) {
                token = r.bytes(r.length("token length", datagram.length), "token");
            }
            int length = r.lengthWithin("length");
            int pnOffset = r.position();
            if (length < 1) {
                throw new QuicException("packet length " + length + " at offset " + pos);
            }
            int end = pnOffset + length;
            out.add(new Protected(type, v, dcid, scid, token, datagram, pos, pnOffset, end));
            pos = end;
        }
        return out;
    }
}
