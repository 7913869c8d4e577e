package dev.tlsweep.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back a ClientHello: TLS records (the hello may span several) or an SSLv2 CLIENT-HELLO. Checks every
 * length, including those inside the extensions it knows, so a successful parse means a well-formed hello.
 * Used by tests and by anything that needs to look at a hello on the wire.
 */
public final class ClientHelloParser {

    /**
     * The largest ClientHello read, header included: 128 KiB, eight times what a hello with every post-quantum
     * key share and a long extension list takes. Also bounds the records (at least one byte each) it may span.
     */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;

    private ClientHelloParser() {
    }

    /**
     * Parses the hello at the reader index of {@code record}; the reader index is not changed.
     *
     * @param record one or more records holding exactly one ClientHello
     * @return the parsed hello
     * @throws WireException if the bytes are not a well-formed ClientHello
     */
    public static ParsedClientHello parse(ByteBuf record) throws WireException {
        ByteBuf in = record.duplicate();
        if (!in.isReadable()) {
            throw new WireException(WireError.TRUNCATED, "ClientHello: no bytes");
        }
        try {
            if ((in.getUnsignedByte(in.readerIndex()) & 0x80) != 0) {
                return parseSsl2(in);
            }
            return parseTls(in);
        } catch (IndexOutOfBoundsException e) {
            throw new WireException(WireError.INTERNAL, "ClientHello: parser defect: " + e);
        }
    }

    private static ParsedClientHello parseSsl2(ByteBuf in) throws WireException {
        WireReader r = new WireReader(in, 0, "SSLv2 CLIENT-HELLO");
        int length = r.u16("record header") & 0x7FFF;
        WireReader m = r.sub(length, "record");
        r.expectEnd();
        int type = m.u8("msg_type");
        if (type != Tls.SSL2_MT_CLIENT_HELLO) {
            throw m.bad(WireError.UNEXPECTED_MESSAGE, "message type " + type + " (expected: 1)");
        }
        int version = m.u16("version");
        int specsLen = m.u16("cipher_specs_length");
        int sidLen = m.u16("session_id_length");
        int challengeLen = m.u16("challenge_length");
        if (specsLen % 3 != 0) {
            throw m.bad(WireError.BAD_LENGTH, "cipher_specs_length " + specsLen + " (expected: a multiple of 3)");
        }
        if (sidLen > 32 || challengeLen < 16 || challengeLen > 32) {
            throw m.bad(WireError.BAD_LENGTH, "session id " + sidLen + " / challenge " + challengeLen
                    + " bytes (expected: <= 32 / 16..32)");
        }
        List<Integer> specs = new ArrayList<>(Math.min(specsLen / 3, m.remaining() / 3));
        WireReader sr = m.sub(specsLen, "cipher_specs");
        while (sr.remaining() > 0) {
            specs.add((sr.u8("cipher_spec") << 16) | sr.u16("cipher_spec"));
        }
        byte[] sid = m.bytes(sidLen, "session_id");
        byte[] challenge = m.bytes(challengeLen, "challenge");
        m.expectEnd();
        return new ParsedClientHello(true, -1, List.of(length), length, version, challenge, sid,
                Collections.unmodifiableList(specs), List.of(), Map.of(), null, List.of(), List.of(), Map.of(),
                List.of(), List.of());
    }

    private static ParsedClientHello parseTls(ByteBuf in) throws WireException {
        WireReader r = new WireReader(in, 0, "ClientHello record");
        List<Integer> recordLengths = new ArrayList<>();
        int recordVersion = -1;
        // The fragments are copied into one flat buffer: however many records the hello is split into, reading
        // it is one loop over bytes, never a nest of buffers as deep as the records are many.
        ByteBuf hs = null;
        int messageLength = -1;
        while (r.remaining() > 0) {
            long offset = r.offset();
            int type = r.u8("content type");
            int version = r.u16("record version");
            if (type != Tls.CT_HANDSHAKE) {
                throw new WireException(WireError.BAD_RECORD_TYPE, "ClientHello: record type " + type
                        + " (expected: 22) at offset " + offset);
            }
            if ((version >>> 8) != 3) {
                throw new WireException(WireError.BAD_RECORD_TYPE, "ClientHello: record version 0x"
                        + Integer.toHexString(version) + " at offset " + offset);
            }
            if (recordVersion < 0) {
                recordVersion = version;
            }
            int length = r.u16("record length");
            if (length == 0 || length > Tls.MAX_PLAINTEXT) {
                throw new WireException(WireError.BAD_LENGTH, "ClientHello: record length " + length
                        + " (expected: 1..16384) at offset " + offset);
            }
            recordLengths.add(length);
            byte[] fragment = r.bytes(length, "record fragment");
            if (hs == null) {
                hs = Unpooled.buffer(Math.min(length, MAX_MESSAGE_BYTES));
            }
            hs.writeBytes(fragment);
            if (messageLength < 0 && hs.readableBytes() >= 4) {
                messageLength = 4 + hs.getUnsignedMedium(hs.readerIndex() + 1);
                if (messageLength > MAX_MESSAGE_BYTES) {
                    throw new WireException(WireError.BAD_LENGTH, "ClientHello: handshake message of " + messageLength
                            + " bytes (expected: at most " + MAX_MESSAGE_BYTES + ")");
                }
            }
            if (hs.readableBytes() > MAX_MESSAGE_BYTES) {
                throw new WireException(WireError.BAD_LENGTH, "ClientHello: more than " + MAX_MESSAGE_BYTES
                        + " bytes of handshake records");
            }
            if (messageLength >= 0 && hs.readableBytes() >= messageLength) {
                break;
            }
        }
        r.expectEnd();
        if (hs == null || messageLength < 0 || hs.readableBytes() < messageLength) {
            throw new WireException(WireError.TRUNCATED, "ClientHello: the records end before the handshake message");
        }
        if (hs.readableBytes() > messageLength) {
            throw new WireException(WireError.BAD_LENGTH, "ClientHello: " + (hs.readableBytes() - messageLength)
                    + " bytes after the handshake message");
        }
        WireReader h = new WireReader(hs, 0, "ClientHello");
        int msgType = h.u8("msg_type");
        if (msgType != Tls.HT_CLIENT_HELLO) {
            throw h.bad(WireError.UNEXPECTED_MESSAGE, "handshake type " + msgType + " (expected: 1)");
        }
        int bodyLength = h.u24("length");
        WireReader b = h.sub(bodyLength, "body");
        int legacyVersion = b.u16("legacy_version");
        byte[] random = b.bytes(32, "random");
        byte[] sid = b.vector(1, "session_id");
        if (sid.length > 32) {
            throw b.bad(WireError.BAD_LENGTH, "session_id of " + sid.length + " bytes (expected: <= 32)");
        }
        List<Integer> suites = u16List(b.subVector(2, "cipher_suites"), "cipher_suite");
        byte[] compression = b.vector(1, "compression_methods");
        if (compression.length == 0) {
            throw b.bad(WireError.BAD_LENGTH, "no compression methods");
        }
        List<Integer> compressionList = new ArrayList<>(compression.length);
        for (byte c : compression) {
            compressionList.add(c & 0xFF);
        }
        LinkedHashMap<Integer, byte[]> exts = new LinkedHashMap<>();
        String serverName = null;
        List<Integer> versions = List.of();
        List<Integer> groups = List.of();
        LinkedHashMap<Integer, byte[]> shares = new LinkedHashMap<>();
        List<Integer> sigalgs = List.of();
        List<String> alpn = List.of();
        if (b.remaining() > 0) {
            WireReader er = b.subVector(2, "extensions");
            while (er.remaining() > 0) {
                long offset = er.offset();
                int type = er.u16("extension type");
                int len = er.u16("extension length");
                WireReader d = er.sub(len, "extension " + type);
                if (exts.containsKey(type)) {
                    throw new WireException(WireError.BAD_VALUE, "ClientHello: duplicate extension " + type
                            + " at offset " + offset);
                }
                byte[] data = d.bytes(len, "extension " + type);
                exts.put(type, data);
                d = new WireReader(Unpooled.wrappedBuffer(data), offset + 4, "ClientHello extension " + type);
                switch (type) {
                    case Tls.EXT_SERVER_NAME -> serverName = serverName(d);
                    case Tls.EXT_SUPPORTED_VERSIONS -> versions = u16List(d.subVector(1, "versions"), "version");
                    case Tls.EXT_SUPPORTED_GROUPS -> groups = u16List(d.subVector(2, "named_group_list"), "group");
                    case Tls.EXT_SIGNATURE_ALGORITHMS ->
                        sigalgs = u16List(d.subVector(2, "supported_signature_algorithms"), "scheme");
                    case Tls.EXT_KEY_SHARE -> {
                        WireReader list = d.subVector(2, "client_shares");
                        while (list.remaining() > 0) {
                            long entryOffset = list.offset();
                            int group = list.u16("group");
                            byte[] key = list.vector(2, "key_exchange");
                            if (key.length == 0 || shares.putIfAbsent(group, key) != null) {
                                throw new WireException(WireError.BAD_VALUE, "ClientHello: empty or duplicate"
                                        + " key share for group " + group + " at offset " + entryOffset);
                            }
                        }
                    }
                    case Tls.EXT_ALPN -> {
                        WireReader list = d.subVector(2, "protocol_name_list");
                        List<String> names = new ArrayList<>();
                        while (list.remaining() > 0) {
                            byte[] name = list.vector(1, "protocol_name");
                            if (name.length == 0) {
                                throw list.bad(WireError.BAD_VALUE, "empty ALPN protocol name");
                            }
                            names.add(new String(name, StandardCharsets.UTF_8));
                        }
                        alpn = Collections.unmodifiableList(names);
                    }
                    case Tls.EXT_EC_POINT_FORMATS, Tls.EXT_PSK_KEY_EXCHANGE_MODES, Tls.EXT_RENEGOTIATION_INFO -> {
                        if (type != Tls.EXT_RENEGOTIATION_INFO && d.remaining() < 2) {
                            throw d.bad(WireError.BAD_LENGTH, "empty list");
                        }
                        d.skipVector(1, "list");
                    }
                    case Tls.EXT_STATUS_REQUEST -> {
                        d.u8("status_type");
                        d.skipVector(2, "responder_id_list");
                        d.skipVector(2, "request_extensions");
                    }
                    case Tls.EXT_HEARTBEAT -> d.u8("mode");
                    default -> d.skip(d.remaining(), "extension data");
                }
                d.expectEnd();
            }
        }
        b.expectEnd();
        h.expectEnd();
        return new ParsedClientHello(false, recordVersion, Collections.unmodifiableList(recordLengths), bodyLength,
                legacyVersion, random, sid, suites, Collections.unmodifiableList(compressionList),
                Collections.unmodifiableMap(exts), serverName, versions, groups, Collections.unmodifiableMap(shares),
                sigalgs, alpn);
    }

    private static String serverName(WireReader d) throws WireException {
        WireReader list = d.subVector(2, "server_name_list");
        String host = null;
        if (list.remaining() == 0) {
            throw list.bad(WireError.BAD_LENGTH, "empty server_name_list");
        }
        while (list.remaining() > 0) {
            int nameType = list.u8("name_type");
            byte[] name = list.vector(2, "host_name");
            if (nameType == 0) {
                if (host != null || name.length == 0) {
                    throw list.bad(WireError.BAD_VALUE, "empty or second host_name");
                }
                host = new String(name, StandardCharsets.US_ASCII);
            }
        }
        return host;
    }

    private static List<Integer> u16List(WireReader r, String what) throws WireException {
        if (r.remaining() % 2 != 0) {
            throw r.bad(WireError.BAD_LENGTH, "a list of " + what + " with odd length " + r.remaining());
        }
        List<Integer> out = new ArrayList<>(r.remaining() / 2);
        while (r.remaining() > 0) {
            out.add(r.u16(what));
        }
        return Collections.unmodifiableList(out);
    }
}
