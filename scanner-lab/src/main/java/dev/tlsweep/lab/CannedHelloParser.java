package dev.tlsweep.lab;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a ClientHello from the bytes a client sent so far: TLS records (the handshake message
 * possibly split across several) or an SSLv2-format CLIENT-HELLO.
 *
 * <p>Written independently of the scanner's codec on purpose, so that each can test the other. It
 * trusts no length: every length is checked against what is there and against fixed maxima
 * before anything is read or allocated.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2">RFC 8446 4.1.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.2">RFC 5246 7.4.1.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6101#appendix-E">RFC 6101 appendix E (SSLv2 hello)</a>
 */
final class CannedHelloParser {

    /** The largest ClientHello handshake body accepted. */
    static final int MAX_HANDSHAKE_LENGTH = 1 << 16;
    /** The largest TLS record body accepted (TLSPlaintext allows 2^14; some slack for odd clients). */
    static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;

    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE_HEADER = 4;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;

    private static final int EXT_SERVER_NAME = 0x0000;
    private static final int EXT_SUPPORTED_GROUPS = 0x000A;
    private static final int EXT_EXTENDED_MASTER_SECRET = 0x0017;
    private static final int EXT_SIGNATURE_ALGORITHMS = 0x000D;
    private static final int EXT_HEARTBEAT = 0x000F;
    private static final int EXT_ALPN = 0x0010;
    private static final int EXT_SUPPORTED_VERSIONS = 0x002B;
    private static final int EXT_KEY_SHARE = 0x0033;
    private static final int EXT_RENEGOTIATION_INFO = 0xFF01;

    private CannedHelloParser() {
    }

    /**
     * Decodes the ClientHello at the reader index of {@code in} without moving its indices.
     *
     * @return the hello once all its bytes are there, {@code null} while more are needed
     * @throws CannedDecodeException when the bytes cannot be a ClientHello
     */
    static CannedClientHello parse(ByteBuf in) {
        if (!in.isReadable()) {
            return null;
        }
        int first = in.getUnsignedByte(in.readerIndex());
        if (first == CONTENT_HANDSHAKE) {
            return parseRecords(in);
        }
        if ((first & 0x80) != 0) {
            return parseSslv2(in);
        }
        throw new CannedDecodeException("not a handshake record: first byte " + hex(first));
    }

    private static CannedClientHello parseRecords(ByteBuf in) {
        // First pass over the record headers only, so that a hello arriving in many small pieces
        // costs no copying until all of it is there.
        int start = in.readerIndex();
        int end = in.writerIndex();
        int index = start;
        int fragments = 0;
        int messageLength = -1;
        int headerBytes = 0;
        int header = 0;
        while (messageLength < 0 || fragments < HANDSHAKE_HEADER + messageLength) {
            if (end - index < RECORD_HEADER) {
                return null;
            }
            int length = checkRecordHeader(in, index);
            if (end - index - RECORD_HEADER < length) {
                return null;
            }
            for (int i = 0; i < length && headerBytes < HANDSHAKE_HEADER; i++, headerBytes++) {
                header = (header << 8) | in.getUnsignedByte(index + RECORD_HEADER + i);
            }
            fragments += length;
            index += RECORD_HEADER + length;
            if (messageLength < 0 && headerBytes == HANDSHAKE_HEADER) {
                messageLength = checkHandshakeHeader(header);
            }
        }
        int firstRecordLength = in.getUnsignedShort(start + 3);
        if (index == start + RECORD_HEADER + firstRecordLength) {
            return parseBody(in.slice(start + RECORD_HEADER + HANDSHAKE_HEADER, messageLength), firstRecordLength,
                    ByteBufUtil.getBytes(in, start + RECORD_HEADER, HANDSHAKE_HEADER + messageLength));
        }
        ByteBuf handshake = Unpooled.buffer(fragments);
        try {
            for (int at = start; at < index; at += RECORD_HEADER + in.getUnsignedShort(at + 3)) {
                handshake.writeBytes(in, at + RECORD_HEADER, in.getUnsignedShort(at + 3));
            }
            return parseBody(handshake.slice(HANDSHAKE_HEADER, messageLength), firstRecordLength,
                    ByteBufUtil.getBytes(handshake, 0, HANDSHAKE_HEADER + messageLength));
        } finally {
            handshake.release();
        }
    }

    /** Checks a record header and returns its length. */
    private static int checkRecordHeader(ByteBuf in, int index) {
        int type = in.getUnsignedByte(index);
        int major = in.getUnsignedByte(index + 1);
        int length = in.getUnsignedShort(index + 3);
        if (type != CONTENT_HANDSHAKE) {
            throw new CannedDecodeException("record type " + type + " before the ClientHello was complete");
        }
        if (major != 3) {
            throw new CannedDecodeException("record version major " + major + " (expected: 3)");
        }
        if (length == 0 || length > MAX_RECORD_LENGTH) {
            throw new CannedDecodeException("record length: " + length + " (expected: 1.." + MAX_RECORD_LENGTH + ")");
        }
        return length;
    }

    /** Checks a handshake header (type and 24-bit length as one int) and returns the body length. */
    private static int checkHandshakeHeader(int header) {
        int messageType = header >>> 24;
        int messageLength = header & 0xFFFFFF;
        if (messageType != CLIENT_HELLO) {
            throw new CannedDecodeException("handshake type " + messageType + " (expected: 1)");
        }
        if (messageLength > MAX_HANDSHAKE_LENGTH) {
            throw new CannedDecodeException(
                    "ClientHello length: " + messageLength + " (expected: <= " + MAX_HANDSHAKE_LENGTH + ")");
        }
        return messageLength;
    }

    private static CannedClientHello parseBody(ByteBuf body, int recordLength, byte[] message) {
        int legacyVersion = u16(body, "legacy_version");
        skip(body, 32, "random");
        int sessionIdLength = u8(body, "session_id length");
        if (sessionIdLength > 32) {
            throw new CannedDecodeException("session_id length: " + sessionIdLength + " (expected: <= 32)");
        }
        byte[] sessionId = new byte[sessionIdLength];
        need(body, sessionIdLength, "session_id");
        body.readBytes(sessionId);
        int suitesLength = u16(body, "cipher_suites length");
        if (suitesLength < 2 || suitesLength % 2 != 0) {
            throw new CannedDecodeException("cipher_suites length: " + suitesLength + " (expected: even, >= 2)");
        }
        ByteBuf suitesBuf = slice(body, suitesLength, "cipher_suites");
        List<Integer> suites = new ArrayList<>(suitesLength / 2);
        while (suitesBuf.isReadable()) {
            suites.add(suitesBuf.readUnsignedShort());
        }
        int compressionLength = u8(body, "compression_methods length");
        if (compressionLength < 1) {
            throw new CannedDecodeException("compression_methods length: 0 (expected: >= 1)");
        }
        ByteBuf compressionBuf = slice(body, compressionLength, "compression_methods");
        List<Integer> compression = new ArrayList<>(compressionLength);
        while (compressionBuf.isReadable()) {
            compression.add((int) compressionBuf.readUnsignedByte());
        }

        List<Integer> supportedVersions = List.of();
        List<Integer> supportedGroups = List.of();
        Map<Integer, byte[]> keyShares = Map.of();
        List<Integer> signatureAlgorithms = List.of();
        String sni = null;
        boolean renegotiationInfo = false;
        boolean extendedMasterSecret = false;
        boolean heartbeat = false;
        List<String> alpn = List.of();
        if (body.isReadable()) {
            int extensionsLength = u16(body, "extensions length");
            if (extensionsLength != body.readableBytes()) {
                throw new CannedDecodeException("extensions length: " + extensionsLength
                        + " (expected: " + body.readableBytes() + ", the rest of the ClientHello)");
            }
            while (body.isReadable()) {
                int type = u16(body, "extension type");
                int length = u16(body, "extension length");
                ByteBuf data = slice(body, length, "extension " + type);
                switch (type) {
                    case EXT_SERVER_NAME -> sni = serverName(data);
                    case EXT_SUPPORTED_VERSIONS -> supportedVersions = u16List(data, 1, "supported_versions");
                    case EXT_SUPPORTED_GROUPS -> supportedGroups = u16List(data, 2, "supported_groups");
                    case EXT_KEY_SHARE -> keyShares = keyShares(data);
                    case EXT_SIGNATURE_ALGORITHMS -> signatureAlgorithms = u16List(data, 2, "signature_algorithms");
                    case EXT_RENEGOTIATION_INFO -> {
                        renegotiationInfo = true;
                        int infoLength = u8(data, "renegotiation_info length");
                        end(data, infoLength, "renegotiation_info");
                    }
                    case EXT_EXTENDED_MASTER_SECRET -> extendedMasterSecret = true;
                    case EXT_HEARTBEAT -> heartbeat = true;
                    case EXT_ALPN -> alpn = alpn(data);
                    default -> {
                        // not needed to answer
                    }
                }
            }
        }
        return new CannedClientHello(legacyVersion, false, recordLength, sessionId, suites, supportedVersions,
                sni, supportedGroups, List.copyOf(keyShares.keySet()), renegotiationInfo, extendedMasterSecret, compression,
                heartbeat, alpn, new CannedClientHello.Handshake(message, keyShares, signatureAlgorithms));
    }

    /** The protocol names of an ALPN extension (RFC 7301 §3.1). */
    private static List<String> alpn(ByteBuf data) {
        int listLength = u16(data, "ALPN list length");
        end(data, listLength, "ALPN");
        List<String> out = new ArrayList<>();
        while (data.isReadable()) {
            int n = u8(data, "ALPN protocol length");
            if (n == 0) {
                throw new CannedDecodeException("ALPN protocol length: 0 (expected: 1..255)");
            }
            need(data, n, "ALPN protocol");
            out.add(data.readCharSequence(n, java.nio.charset.StandardCharsets.US_ASCII).toString());
        }
        return out;
    }

    private static String serverName(ByteBuf data) {
        int listLength = u16(data, "server_name_list length");
        end(data, listLength, "server_name_list");
        String first = null;
        while (data.isReadable()) {
            int nameType = u8(data, "server_name type");
            int nameLength = u16(data, "server_name length");
            ByteBuf name = slice(data, nameLength, "server_name");
            if (nameType == 0 && first == null) {
                first = name.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return first;
    }

    /** The key_share entries: group and key_exchange, in order (a group repeated keeps its first share). */
    private static Map<Integer, byte[]> keyShares(ByteBuf data) {
        int sharesLength = u16(data, "client_shares length");
        end(data, sharesLength, "client_shares");
        Map<Integer, byte[]> shares = new LinkedHashMap<>();
        while (data.isReadable()) {
            int group = u16(data, "key_share group");
            int keyLength = u16(data, "key_exchange length");
            if (keyLength == 0) {
                throw new CannedDecodeException("key_exchange length: 0 (expected: > 0)");
            }
            need(data, keyLength, "key_exchange");
            byte[] share = new byte[keyLength];
            data.readBytes(share);
            shares.putIfAbsent(group, share);
        }
        return shares;
    }

    /** A list of 16-bit values preceded by its length in {@code lengthBytes} bytes, filling {@code data}. */
    private static List<Integer> u16List(ByteBuf data, int lengthBytes, String what) {
        int length = lengthBytes == 1 ? u8(data, what + " length") : u16(data, what + " length");
        if (length < 2 || length % 2 != 0) {
            throw new CannedDecodeException(what + " length: " + length + " (expected: even, >= 2)");
        }
        end(data, length, what);
        List<Integer> values = new ArrayList<>(length / 2);
        while (data.isReadable()) {
            values.add(data.readUnsignedShort());
        }
        return values;
    }

    private static CannedClientHello parseSslv2(ByteBuf in) {
        int index = in.readerIndex();
        if (in.readableBytes() < 2) {
            return null;
        }
        int length = ((in.getUnsignedByte(index) & 0x7F) << 8) | in.getUnsignedByte(index + 1);
        if (length < 9) {
            throw new CannedDecodeException("SSLv2 record length: " + length + " (expected: >= 9)");
        }
        if (in.readableBytes() - 2 < length) {
            return null;
        }
        ByteBuf body = in.slice(index + 2, length);
        int type = u8(body, "SSLv2 message type");
        if (type != CLIENT_HELLO) {
            throw new CannedDecodeException("SSLv2 message type " + type + " (expected: 1, CLIENT-HELLO)");
        }
        int version = u16(body, "SSLv2 version");
        int specsLength = u16(body, "cipher_specs length");
        int sessionIdLength = u16(body, "session_id length");
        int challengeLength = u16(body, "challenge length");
        if (specsLength == 0 || specsLength % 3 != 0) {
            throw new CannedDecodeException("cipher_specs length: " + specsLength + " (expected: a multiple of 3, > 0)");
        }
        if (sessionIdLength > 32) {
            throw new CannedDecodeException("session_id length: " + sessionIdLength + " (expected: <= 32)");
        }
        if (challengeLength < 16 || challengeLength > 32) {
            throw new CannedDecodeException("challenge length: " + challengeLength + " (expected: 16..32)");
        }
        if (specsLength + sessionIdLength + challengeLength != body.readableBytes()) {
            throw new CannedDecodeException("SSLv2 CLIENT-HELLO lengths add up to "
                    + (9 + specsLength + sessionIdLength + challengeLength) + " (expected: " + length + ")");
        }
        List<Integer> kinds = new ArrayList<>(specsLength / 3);
        for (int i = 0; i < specsLength / 3; i++) {
            kinds.add(body.readUnsignedMedium());
        }
        byte[] sessionId = new byte[sessionIdLength];
        body.readBytes(sessionId);
        return new CannedClientHello(version, true, length, sessionId, kinds, List.of(), null,
                List.of(), List.of(), false, false, List.of(), false, List.of(), CannedClientHello.Handshake.NONE);
    }

    private static void need(ByteBuf buf, int n, String what) {
        if (buf.readableBytes() < n) {
            throw new CannedDecodeException(what + ": " + n + " bytes needed, " + buf.readableBytes() + " left");
        }
    }

    private static int u8(ByteBuf buf, String what) {
        need(buf, 1, what);
        return buf.readUnsignedByte();
    }

    private static int u16(ByteBuf buf, String what) {
        need(buf, 2, what);
        return buf.readUnsignedShort();
    }

    private static void skip(ByteBuf buf, int n, String what) {
        need(buf, n, what);
        buf.skipBytes(n);
    }

    private static ByteBuf slice(ByteBuf buf, int n, String what) {
        need(buf, n, what);
        return buf.readSlice(n);
    }

    /** Checks that an inner length covers exactly what is left of its extension. */
    private static void end(ByteBuf data, int length, String what) {
        if (length != data.readableBytes()) {
            throw new CannedDecodeException(
                    what + " length: " + length + " (expected: " + data.readableBytes() + ", the rest of the extension)");
        }
    }

    private static String hex(int b) {
        return String.format("0x%02X", b);
    }
}
