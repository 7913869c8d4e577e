package dev.tlsweep.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes a {@link ClientHelloSpec} into the bytes of one or more TLS records (or one SSLv2 record).
 *
 * <p>All sizes are known from the spec, so each call allocates exactly one buffer of the final size and
 * writes it front to back. Key shares come from the spec's cache (generated on the first encode of a spec).
 *
 * <p>Extension order: server_name, ec_point_formats, supported_groups, session_ticket, ALPN, status_request,
 * extended_master_secret, signature_algorithms, key_share, psk_key_exchange_modes, supported_versions,
 * renegotiation_info, heartbeat, padding. An empty extension is never last (some servers fail on that): a
 * non-empty one is moved to the end, or, if every extension is empty, a one-byte padding extension follows.
 */
public final class ClientHelloEncoder {

    private ClientHelloEncoder() {
    }

    /**
     * Prepares what the first hellos would otherwise pay for on an event loop: the process's shared
     * x25519 key share. Call it once, off the event loops, before scanning.
     */
    public static void prepare() {
        KeyShares.prepare();
    }

    /**
     * Encodes the hello as complete records; a handshake message larger than 2^14 bytes is split over records.
     *
     * @param spec the hello to encode
     * @param alloc the allocator of the returned buffer
     * @return a buffer the caller owns (and must release)
     */
    public static ByteBuf encode(ClientHelloSpec spec, ByteBufAllocator alloc) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(alloc, "alloc");
        if (spec.sslv2) {
            ByteBuf out = alloc.buffer(2 + spec.bodyLength);
            writeSsl2(spec, out);
            return out;
        }
        int message = 4 + spec.bodyLength;
        int records = (message + Tls.MAX_PLAINTEXT - 1) / Tls.MAX_PLAINTEXT;
        ByteBuf out = alloc.buffer(message + 5 * records);
        try {
            if (records == 1) {
                writeRecordHeader(out, spec.recordVersion, message);
                writeHandshake(spec, out);
            } else {
                ByteBuf hs = alloc.buffer(message);
                try {
                    writeHandshake(spec, hs);
                    while (hs.isReadable()) {
                        int n = Math.min(Tls.MAX_PLAINTEXT, hs.readableBytes());
                        writeRecordHeader(out, spec.recordVersion, n);
                        out.writeBytes(hs, n);
                    }
                } finally {
                    hs.release();
                }
            }
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    /**
     * Encodes the hello into a new array.
     *
     * @param spec the hello to encode
     * @return the record bytes
     */
    public static byte[] encode(ClientHelloSpec spec) {
        ByteBuf buf = encode(spec, UnpooledByteBufAllocator.DEFAULT);
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    private static void writeRecordHeader(ByteBuf out, int version, int length) {
        out.writeByte(Tls.CT_HANDSHAKE);
        out.writeShort(version);
        out.writeShort(length);
    }

    private static void writeSsl2(ClientHelloSpec spec, ByteBuf out) {
        int challenge = spec.ssl2ChallengeLength();
        out.writeShort(0x8000 | spec.bodyLength);
        out.writeByte(Tls.SSL2_MT_CLIENT_HELLO);
        out.writeShort(spec.legacyVersion);
        out.writeShort(3 * spec.cipherSuites.length);
        out.writeShort(spec.sessionIdLength);
        out.writeShort(challenge);
        for (int c : spec.cipherSuites) {
            out.writeMedium(c);
        }
        if (spec.sessionId != null) {
            out.writeBytes(spec.sessionId);
        } else {
            writeRandom(out, spec.sessionIdLength);
        }
        if (spec.random != null) {
            out.writeBytes(spec.random, 32 - challenge, challenge);
        } else {
            writeRandom(out, challenge);
        }
    }

    private static void writeHandshake(ClientHelloSpec spec, ByteBuf out) {
        out.writeByte(Tls.HT_CLIENT_HELLO);
        out.writeMedium(spec.bodyLength);
        int start = out.writerIndex();
        out.writeShort(spec.legacyVersion);
        if (spec.random != null) {
            out.writeBytes(spec.random);
        } else {
            writeRandom(out, 32);
        }
        out.writeByte(spec.sessionIdLength);
        if (spec.sessionId != null) {
            out.writeBytes(spec.sessionId);
        } else {
            writeRandom(out, spec.sessionIdLength);
        }
        out.writeShort(2 * spec.cipherSuites.length);
        for (int c : spec.cipherSuites) {
            out.writeShort(c);
        }
        out.writeByte(spec.compressionMethods.length);
        for (int m : spec.compressionMethods) {
            out.writeByte(m);
        }
        if (spec.extensionOrder.length > 0 || spec.extraTypes.length > 0 || spec.paddingLength >= 0) {
            int lengthIndex = out.writerIndex();
            out.writeShort(0);
            for (int i = 0; i < spec.extraTypes.length; i++) {
                out.writeShort(spec.extraTypes[i]);
                out.writeShort(spec.extraData[i].length);
                out.writeBytes(spec.extraData[i]);
            }
            for (int type : spec.extensionOrder) {
                out.writeShort(type);
                out.writeShort(extensionDataLength(spec, type));
                writeExtensionData(spec, type, out);
            }
            if (spec.paddingLength >= 0) {
                out.writeShort(Tls.EXT_PADDING);
                out.writeShort(spec.paddingLength);
                out.writeZero(spec.paddingLength);
            }
            out.setShort(lengthIndex, out.writerIndex() - lengthIndex - 2);
        }
        int written = out.writerIndex() - start;
        if (written != spec.bodyLength) {
            throw new IllegalStateException("ClientHello body: wrote " + written + " bytes (expected: "
                    + spec.bodyLength + ")");
        }
    }

    private static void writeRandom(ByteBuf out, int n) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            out.writeLong(rnd.nextLong());
        }
        for (; i < n; i++) {
            out.writeByte(rnd.nextInt());
        }
    }

    /** Returns the extension types (without padding) in the order they are written. */
    static int[] extensionOrder(ClientHelloSpec s) {
        int[] all = {
            Tls.EXT_SERVER_NAME, Tls.EXT_EC_POINT_FORMATS, Tls.EXT_SUPPORTED_GROUPS, Tls.EXT_SESSION_TICKET,
            Tls.EXT_ALPN, Tls.EXT_STATUS_REQUEST, Tls.EXT_EXTENDED_MASTER_SECRET, Tls.EXT_SIGNATURE_ALGORITHMS,
            Tls.EXT_KEY_SHARE, Tls.EXT_PSK_KEY_EXCHANGE_MODES, Tls.EXT_SUPPORTED_VERSIONS,
            Tls.EXT_RENEGOTIATION_INFO, Tls.EXT_HEARTBEAT,
        };
        int n = 0;
        int[] order = new int[all.length];
        for (int type : all) {
            if (present(s, type)) {
                order[n++] = type;
            }
        }
        int[] result = java.util.Arrays.copyOf(order, n);
        // Never end on an empty extension: move the last non-empty one to the end.
        if (n > 0 && extensionDataLength(s, result[n - 1]) == 0) {
            for (int i = n - 2; i >= 0; i--) {
                if (extensionDataLength(s, result[i]) > 0) {
                    int t = result[i];
                    System.arraycopy(result, i + 1, result, i, n - 1 - i);
                    result[n - 1] = t;
                    break;
                }
            }
        }
        return result;
    }

    private static boolean present(ClientHelloSpec s, int type) {
        return switch (type) {
            case Tls.EXT_SERVER_NAME -> s.serverName != null;
            case Tls.EXT_EC_POINT_FORMATS -> s.ecPointFormats;
            case Tls.EXT_SUPPORTED_GROUPS -> s.supportedGroups.length > 0;
            case Tls.EXT_SESSION_TICKET -> s.sessionTicket;
            case Tls.EXT_ALPN -> s.alpn.length > 0;
            case Tls.EXT_STATUS_REQUEST -> s.statusRequest;
            case Tls.EXT_EXTENDED_MASTER_SECRET -> s.extendedMasterSecret;
            case Tls.EXT_SIGNATURE_ALGORITHMS -> s.signatureAlgorithms.length > 0;
            case Tls.EXT_KEY_SHARE -> s.keyShares.length > 0 || s.offersTls13();
            case Tls.EXT_PSK_KEY_EXCHANGE_MODES -> s.pskKeyExchangeModes;
            case Tls.EXT_SUPPORTED_VERSIONS -> s.supportedVersions.length > 0;
            case Tls.EXT_RENEGOTIATION_INFO -> s.renegotiationInfo;
            case Tls.EXT_HEARTBEAT -> s.heartbeat;
            default -> false;
        };
    }

    /**
     * Decides the padding extension's data length, -1 for none (RFC 7685 and the size quirks of
     * enumeration-pitfalls 1, 2 and 6).
     */
    static int paddingLength(ClientHelloSpec s, int fixedLength, int extensionsLength) {
        boolean hasExtensions = s.extensionOrder.length > 0 || s.extraTypes.length > 0;
        int body = hasExtensions ? fixedLength + 2 + extensionsLength : fixedLength;
        boolean allEmpty = hasExtensions && extensionsLength == 4 * (s.extensionOrder.length + s.extraTypes.length);
        if (s.padding && badLength(body)) {
            int overhead = hasExtensions ? 4 : 6; // a new extensions block costs 2 more bytes
            int k = body <= 511 ? Math.max(1, 512 - body - overhead) : 1;
            while (badLength(body + overhead + k)) {
                k++; // bad lengths above 511 are isolated values, so this runs at most a few times
            }
            return k;
        }
        if (!allEmpty) {
            return -1;
        }
        int k = 1;
        while (s.padding && badLength(body + 4 + k)) {
            k++;
        }
        return k;
    }

    /**
     * A body length that some servers fail on: the body or the message (body + 4) in 256..511, or either
     * congruent to 10 or 14 modulo 256 above 511.
     */
    static boolean badLength(int body) {
        if (body >= 252 && body <= 511) {
            return true;
        }
        int mod = body % 256;
        return body >= 512 && (mod == 6 || mod == 10 || mod == 14);
    }

    static int extensionDataLength(ClientHelloSpec s, int type) {
        return switch (type) {
            case Tls.EXT_SERVER_NAME -> 2 + 1 + 2 + s.serverName.length;
            case Tls.EXT_EC_POINT_FORMATS -> 2;
            case Tls.EXT_SUPPORTED_GROUPS -> 2 + 2 * s.supportedGroups.length;
            case Tls.EXT_ALPN -> {
                int len = 2;
                for (byte[] p : s.alpn) {
                    len += 1 + p.length;
                }
                yield len;
            }
            case Tls.EXT_STATUS_REQUEST -> 5;
            case Tls.EXT_SIGNATURE_ALGORITHMS -> 2 + 2 * s.signatureAlgorithms.length;
            case Tls.EXT_KEY_SHARE -> 2 + s.keyShareListLength();
            case Tls.EXT_PSK_KEY_EXCHANGE_MODES -> 2;
            case Tls.EXT_SUPPORTED_VERSIONS -> 1 + 2 * s.supportedVersions.length;
            case Tls.EXT_RENEGOTIATION_INFO -> 1 + (s.renegotiationData == null ? 0 : s.renegotiationData.length);
            case Tls.EXT_SESSION_TICKET -> s.sessionTicketData == null ? 0 : s.sessionTicketData.length;
            case Tls.EXT_HEARTBEAT -> 1;
            default -> 0; // extended_master_secret
        };
    }

    private static void writeExtensionData(ClientHelloSpec s, int type, ByteBuf out) {
        switch (type) {
            case Tls.EXT_SERVER_NAME -> {
                out.writeShort(3 + s.serverName.length);
                out.writeByte(0); // host_name
                out.writeShort(s.serverName.length);
                out.writeBytes(s.serverName);
            }
            case Tls.EXT_EC_POINT_FORMATS -> {
                out.writeByte(1);
                out.writeByte(0); // uncompressed
            }
            case Tls.EXT_SUPPORTED_GROUPS -> writeU16List(out, s.supportedGroups);
            case Tls.EXT_ALPN -> {
                out.writeShort(extensionDataLength(s, type) - 2);
                for (byte[] p : s.alpn) {
                    out.writeByte(p.length);
                    out.writeBytes(p);
                }
            }
            case Tls.EXT_STATUS_REQUEST -> {
                out.writeByte(1); // ocsp
                out.writeShort(0); // responder_id_list
                out.writeShort(0); // request_extensions
            }
            case Tls.EXT_SIGNATURE_ALGORITHMS -> writeU16List(out, s.signatureAlgorithms);
            case Tls.EXT_KEY_SHARE -> {
                byte[] list = s.keyShareList();
                out.writeShort(list.length);
                out.writeBytes(list);
            }
            case Tls.EXT_PSK_KEY_EXCHANGE_MODES -> {
                out.writeByte(1);
                out.writeByte(1); // psk_dhe_ke
            }
            case Tls.EXT_SUPPORTED_VERSIONS -> {
                out.writeByte(2 * s.supportedVersions.length);
                for (int v : s.supportedVersions) {
                    out.writeShort(v);
                }
            }
            case Tls.EXT_RENEGOTIATION_INFO -> {
                byte[] data = s.renegotiationData == null ? new byte[0] : s.renegotiationData;
                out.writeByte(data.length); // renegotiated_connection: empty on a first handshake
                out.writeBytes(data);
            }
            case Tls.EXT_SESSION_TICKET -> {
                if (s.sessionTicketData != null) {
                    out.writeBytes(s.sessionTicketData);
                }
            }
            case Tls.EXT_HEARTBEAT -> out.writeByte(1); // peer_allowed_to_send
            default -> {
                // empty extension data
            }
        }
    }

    private static void writeU16List(ByteBuf out, int[] values) {
        out.writeShort(2 * values.length);
        for (int v : values) {
            out.writeShort(v);
        }
    }
}
