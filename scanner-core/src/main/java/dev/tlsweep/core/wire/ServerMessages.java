package dev.tlsweep.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsers for the handshake messages of a server's first flight and for the SSLv2 SERVER-HELLO.
 * Each takes the message body (without the 4-byte handshake header) and either returns a value or
 * throws {@link WireException}; none allocates more than the bytes actually present.
 */
final class ServerMessages {

    private ServerMessages() {
    }

    /** Parses a ServerHello or HelloRetryRequest body (RFC 8446 4.1.3; RFC 5246 7.4.1.3; RFC 6101 5.6.1.3). */
    static ServerHello parseServerHello(ByteBuf body, long offset) throws WireException {
        WireReader r = new WireReader(body, offset, "ServerHello");
        int legacyVersion = r.u16("legacy_version");
        byte[] random = r.bytes(32, "random");
        int sidLen = r.u8("session_id length");
        if (sidLen > 32) {
            throw r.bad(WireError.BAD_LENGTH, "session_id length " + sidLen + " (expected: <= 32)");
        }
        byte[] sessionId = r.bytes(sidLen, "session_id");
        int cipherSuite = r.u16("cipher_suite");
        int compression = r.u8("compression_method");
        boolean hrr = Tls.isHrrRandom(random);
        Map<Integer, byte[]> extensions = Map.of();
        int selectedVersion = -1;
        int keyShareGroup = -1;
        if (r.remaining() > 0) {
            WireReader exts = r.subVector(2, "extensions");
            r.expectEnd();
            LinkedHashMap<Integer, byte[]> map = new LinkedHashMap<>();
            while (exts.remaining() > 0) {
                long extOffset = exts.offset();
                int type = exts.u16("extension type");
                byte[] data = exts.vector(2, "extension " + type);
                if (map.putIfAbsent(type, data) != null) {
                    throw new WireException(WireError.BAD_VALUE, "ServerHello: duplicate extension " + type
                            + " at offset " + extOffset);
                }
                if (type == Tls.EXT_SUPPORTED_VERSIONS) {
                    if (data.length != 2) {
                        throw new WireException(WireError.BAD_LENGTH, "ServerHello: supported_versions length "
                                + data.length + " (expected: 2) at offset " + extOffset);
                    }
                    selectedVersion = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
                } else if (type == Tls.EXT_KEY_SHARE) {
                    if (data.length < 2) {
                        throw new WireException(WireError.BAD_LENGTH, "ServerHello: key_share length "
                                + data.length + " (expected: >= 2) at offset " + extOffset);
                    }
                    keyShareGroup = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
                    if (!hrr) {
                        // KeyShareEntry: group, then a key_exchange vector that must fill the extension.
                        int keyLen = data.length >= 4 ? ((data[2] & 0xFF) << 8) | (data[3] & 0xFF) : -1;
                        if (keyLen < 1 || keyLen != data.length - 4) {
                            throw new WireException(WireError.BAD_LENGTH, "ServerHello: key_share entry of "
                                    + data.length + " bytes is malformed at offset " + extOffset);
                        }
                    }
                }
            }
            extensions = Collections.unmodifiableMap(map);
        }
        return new ServerHello(legacyVersion, random, sessionId, cipherSuite, compression, extensions,
                selectedVersion, hrr, keyShareGroup);
    }

    /** Parses a TLS 1.2-and-earlier Certificate body (RFC 5246 7.4.2). */
    static CertificateMessage parseCertificate(ByteBuf body, long offset) throws WireException {
        WireReader r = new WireReader(body, offset, "Certificate");
        WireReader list = r.subVector(3, "certificate_list");
        r.expectEnd();
        List<byte[]> certs = new ArrayList<>();
        while (list.remaining() > 0) {
            long certOffset = list.offset();
            byte[] der = list.vector(3, "certificate");
            if (der.length == 0) {
                throw new WireException(WireError.BAD_VALUE, "Certificate: empty certificate at offset " + certOffset);
            }
            certs.add(der);
        }
        return new CertificateMessage(Collections.unmodifiableList(certs));
    }

    /**
     * Parses a CertificateStatus body (RFC 6066 §8; {@code ocsp_multi} of RFC 6961 §2.2) and returns the
     * DER OCSPResponse: for {@code ocsp}, the response; for {@code ocsp_multi}, the first non-empty one.
     * Returns {@code null} for an unknown status type, an empty list, or a response above {@code maxBytes}.
     */
    static byte[] parseCertificateStatus(ByteBuf body, long offset, int maxBytes) throws WireException {
        WireReader r = new WireReader(body, offset, "CertificateStatus");
        int type = r.u8("status_type");
        if (type == 1) {
            WireReader response = r.subVector(3, "ocsp_response");
            r.expectEnd();
            int length = response.remaining();
            if (length == 0) {
                throw r.bad(WireError.BAD_VALUE, "empty ocsp_response");
            }
            return length > maxBytes ? null : response.bytes(length, "ocsp_response");
        }
        if (type == 2) {
            WireReader list = r.subVector(3, "ocsp_response_list");
            r.expectEnd();
            byte[] first = null;
            while (list.remaining() > 0) {
                WireReader response = list.subVector(3, "ocsp_response");
                int length = response.remaining();
                if (first == null && length > 0 && length <= maxBytes) {
                    first = response.bytes(length, "ocsp_response");
                }
            }
            return first;
        }
        return null;
    }

    /**
     * Parses the key parameters of a ServerKeyExchange body (RFC 8422 5.4, RFC 5246 7.4.3, RFC 4279, RFC 5489).
     * With a {@code null} or {@link KeyExchangeKind#UNKNOWN} kind the structure decides: DHE if it parses as
     * p, g, Ys, else ECDHE if it parses as ECParameters and a point, else UNKNOWN. At TLS 1.2 ({@code version}
     * 0x0303 and above) the signature's algorithm is read too, when what follows the parameters is exactly a
     * SignatureAndHashAlgorithm and a signature.
     */
    static ServerKeyExchange parseServerKeyExchange(ByteBuf body, long offset, KeyExchangeKind kind, int version)
            throws WireException {
        if (kind == null || kind == KeyExchangeKind.UNKNOWN) {
            int mark = body.readerIndex();
            // DHE first: its three 2-byte-length vectors rarely fit by accident, while a large DH prime
            // (768 bytes, 0x03 0x00 ...) also reads as a named-curve ECParameters.
            try {
                return parseServerKeyExchange(body, offset, KeyExchangeKind.DHE, version);
            } catch (WireException notDhe) {
                body.readerIndex(mark);
            }
            try {
                return parseServerKeyExchange(body, offset, KeyExchangeKind.ECDHE, version);
            } catch (WireException notEcdhe) {
                body.readerIndex(mark);
            }
            return new ServerKeyExchange(KeyExchangeKind.UNKNOWN, -1, -1, -1);
        }
        WireReader r = new WireReader(body, offset, "ServerKeyExchange");
        ServerKeyExchange params = switch (kind) {
            case ECDHE -> ecParams(r, kind);
            case ECDHE_PSK -> {
                r.skipVector(2, "psk_identity_hint");
                yield ecParams(r, kind);
            }
            case DHE -> dhParams(r, kind);
            case DHE_PSK -> {
                r.skipVector(2, "psk_identity_hint");
                yield dhParams(r, kind);
            }
            case RSA_EXPORT -> {
                int modLen = r.u16("rsa_modulus length");
                int bits = r.bitLength(modLen, "rsa_modulus");
                if (r.skipVector(2, "rsa_exponent") == 0 || bits == 0) {
                    throw r.bad(WireError.BAD_VALUE, "empty RSA modulus or exponent");
                }
                yield new ServerKeyExchange(kind, -1, -1, bits);
            }
            default -> new ServerKeyExchange(KeyExchangeKind.NONE, -1, -1, -1);
        };
        return params.withSignatureScheme(signatureScheme(r, version));
    }

    /** The SignatureAndHashAlgorithm after the parameters when exactly a TLS 1.2 signature follows, else -1. */
    private static int signatureScheme(WireReader r, int version) {
        if (version < 0x0303 || r.remaining() < 4) {
            return -1;
        }
        try {
            int scheme = r.u16("signature algorithm");
            int length = r.u16("signature length");
            return length > 0 && length == r.remaining() ? scheme : -1;
        } catch (WireException e) {
            return -1;
        }
    }

    private static ServerKeyExchange ecParams(WireReader r, KeyExchangeKind kind) throws WireException {
        int curveType = r.u8("curve_type");
        int group;
        switch (curveType) {
            case 3:
                group = r.u16("namedcurve");
                break;
            case 1:
                group = ServerKeyExchange.EXPLICIT_PRIME_CURVE;
                r.skipVector(1, "prime_p");
                skipCurve(r);
                break;
            case 2: {
                group = ServerKeyExchange.EXPLICIT_CHAR2_CURVE;
                r.u16("m");
                int basis = r.u8("basis");
                if (basis == 1) {
                    r.skipVector(1, "k");
                } else if (basis == 2) {
                    r.skipVector(1, "k1");
                    r.skipVector(1, "k2");
                    r.skipVector(1, "k3");
                } else {
                    throw r.bad(WireError.BAD_VALUE, "unknown char2 basis " + basis);
                }
                skipCurve(r);
                break;
            }
            default:
                throw r.bad(WireError.BAD_VALUE, "unknown ECCurveType " + curveType);
        }
        byte[] point = r.vector(1, "public point");
        if (point.length == 0) {
            throw r.bad(WireError.BAD_VALUE, "empty public point");
        }
        return new ServerKeyExchange(kind, group, -1, -1, -1, null, null, point);
    }

    private static void skipCurve(WireReader r) throws WireException {
        r.skipVector(1, "curve.a");
        r.skipVector(1, "curve.b");
        r.skipVector(1, "base");
        r.skipVector(1, "order");
        r.skipVector(1, "cofactor");
    }

    private static ServerKeyExchange dhParams(WireReader r, KeyExchangeKind kind) throws WireException {
        byte[] p = r.vector(2, "dh_p");
        byte[] g = r.vector(2, "dh_g");
        byte[] ys = r.vector(2, "dh_Ys");
        int bits = new java.math.BigInteger(1, p).bitLength();
        if (bits == 0 || g.length == 0 || ys.length == 0) {
            throw r.bad(WireError.BAD_VALUE, "empty DH parameter");
        }
        return new ServerKeyExchange(kind, -1, bits, -1, -1, p, g, ys);
    }

    /** Parses an SSLv2 SERVER-HELLO message, starting at its message type byte. */
    static Ssl2ServerHello parseSsl2ServerHello(ByteBuf msg, long offset) throws WireException {
        WireReader r = new WireReader(msg, offset, "SSLv2 SERVER-HELLO");
        int type = r.u8("msg_type");
        if (type != Tls.SSL2_MT_SERVER_HELLO) {
            throw r.bad(WireError.UNEXPECTED_MESSAGE, "message type " + type + " (expected: 4)");
        }
        r.u8("session_id_hit");
        r.u8("certificate_type");
        int version = r.u16("server_version");
        int certLen = r.u16("certificate_length");
        int specsLen = r.u16("cipher_specs_length");
        int connIdLen = r.u16("connection_id_length");
        if (specsLen % 3 != 0) {
            throw r.bad(WireError.BAD_LENGTH, "cipher_specs_length " + specsLen + " (expected: a multiple of 3)");
        }
        if ((long) certLen + specsLen + connIdLen != r.remaining()) {
            throw r.bad(WireError.BAD_LENGTH, "lengths " + certLen + "+" + specsLen + "+" + connIdLen
                    + " do not match the " + r.remaining() + " bytes of the message");
        }
        byte[] cert = r.bytes(certLen, "certificate");
        List<Integer> specs = new ArrayList<>(specsLen / 3);
        for (int i = 0; i < specsLen / 3; i++) {
            specs.add((r.u8("cipher_spec") << 16) | r.u16("cipher_spec"));
        }
        byte[] connectionId = r.bytes(connIdLen, "connection_id");
        return new Ssl2ServerHello(version, cert, Collections.unmodifiableList(specs), connectionId);
    }
}
