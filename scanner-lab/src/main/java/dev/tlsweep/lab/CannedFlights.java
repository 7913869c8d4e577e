package dev.tlsweep.lab;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the server's messages as bytes: TLS records carrying ServerHello, Certificate,
 * ServerKeyExchange, CertificateRequest, ServerHelloDone, HelloRetryRequest and alerts, and SSLv2
 * SERVER-HELLO and ERROR messages. Key material and signatures are random bytes of the right
 * shape: nothing here can finish a handshake. Stateless apart from immutable configuration.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5246#section-7.4">RFC 5246 7.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3">RFC 8446 4.1.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8422#section-5.4">RFC 8422 5.4</a>
 */
final class CannedFlights {

    static final int CONTENT_CHANGE_CIPHER_SPEC = 20;
    static final int CONTENT_ALERT = 21;
    static final int CONTENT_HANDSHAKE = 22;
    static final int CONTENT_APPLICATION_DATA = 23;

    private static final int SERVER_HELLO = 2;
    private static final int CERTIFICATE = 11;
    private static final int SERVER_KEY_EXCHANGE = 12;
    private static final int CERTIFICATE_REQUEST = 13;
    private static final int SERVER_HELLO_DONE = 14;
    private static final int MAX_FRAGMENT = 1 << 14;

    /** SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest (RFC 8446 4.1.3). */
    private static final byte[] HRR_RANDOM = ByteBufUtil.decodeHexDump(
            "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");
    private static final byte[] DOWNGRADE = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44};
    private static final int[] CERTIFICATE_REQUEST_SCHEMES = {
        0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601};

    private final CannedConfig config;
    private final byte[] serverShare;
    private final int rsaSignatureLength;
    private final CannedTls13 tls13 = new CannedTls13();

    /**
     * @param serverShare the key share of {@code config.group()}, used in TLS 1.3 and, for curves,
     *     in ECDHE ServerKeyExchanges
     * @param rsaSignatureLength the length of an RSA signature by the certificate's key
     */
    CannedFlights(CannedConfig config, byte[] serverShare, int rsaSignatureLength) {
        this.config = Objects.requireNonNull(config, "config");
        this.serverShare = serverShare.clone();
        this.rsaSignatureLength = rsaSignatureLength;
    }

    /** ServerHello, Certificate, [ServerKeyExchange], [CertificateRequest], ServerHelloDone, per the quirks. */
    byte[] tls12(CannedClientHello hello, int version, int suite) {
        ByteBuf messages = Unpooled.buffer();
        handshake(messages, SERVER_HELLO, serverHello12(hello, version, suite));
        if (config.has(CannedQuirk.RESET_AFTER_SERVER_HELLO)) {
            return records(CONTENT_HANDSHAKE, version, messages);
        }
        handshake(messages, CERTIFICATE, certificate());
        if (config.has(CannedQuirk.HANDSHAKE_FAILURE_AFTER_SERVER_HELLO)) {
            return concat(records(CONTENT_HANDSHAKE, version, messages),
                    alert(version, CannedAnswer.ALERT_HANDSHAKE_FAILURE));
        }
        CannedSuites.Kind kind = CannedSuites.kind(suite);
        if (kind.keyExchange() != CannedSuites.KeyExchange.NONE) {
            handshake(messages, SERVER_KEY_EXCHANGE, serverKeyExchange(version, kind));
        }
        if (config.has(CannedQuirk.CLIENT_CERT_REQUIRED)) {
            handshake(messages, CERTIFICATE_REQUEST, certificateRequest(version));
        }
        handshake(messages, SERVER_HELLO_DONE, new byte[0]);
        return records(CONTENT_HANDSHAKE, version, messages);
    }

    /**
     * ServerHello, ChangeCipherSpec and the encrypted flight up to Finished ({@link CannedTls13}) when the suite, the
     * group and the client's share allow; else one record of random bytes where the encrypted flight would be.
     *
     * @param first the hello answered with a HelloRetryRequest before this one, or {@code null}
     */
    byte[] tls13(CannedClientHello hello, CannedClientHello first, int suite, int group) {
        byte[] clientShare = hello.handshake().keyShares().get(group);
        boolean real = clientShare != null && CannedTls13.supports(suite, group);
        byte[] share = real ? tls13.share(group) : serverShare;
        ByteBuf extensions = Unpooled.buffer();
        supportedVersions13(extensions);
        extensions.writeShort(0x0033).writeShort(4 + share.length)
                .writeShort(group).writeShort(share.length).writeBytes(share);
        byte[] serverHelloMessage = ByteBufUtil.getBytes(handshake(Unpooled.buffer(), SERVER_HELLO,
                serverHello13(randomBytes(32), hello, suite, extensions)));
        byte[] serverHello = records(CONTENT_HANDSHAKE, CannedConfig.TLS12, Unpooled.wrappedBuffer(serverHelloMessage));
        if (config.has(CannedQuirk.HANDSHAKE_FAILURE_AFTER_SERVER_HELLO)) {
            return concat(serverHello, alert(CannedConfig.TLS12, CannedAnswer.ALERT_HANDSHAKE_FAILURE));
        }
        byte[] encrypted = real ? tls13.flight(suite, group, transcript(first, hello, suite, group, serverHelloMessage),
                clientShare, config.chain(), hello.handshake().signatureAlgorithms(),
                config.has(CannedQuirk.REQUIRE_ALPN_POSTGRESQL) ? "postgresql" : null) : null;
        if (encrypted == null) {
            // looks like EncryptedExtensions: 4-byte header, a few extension bytes, content type, 16-byte tag
            encrypted = records(CONTENT_APPLICATION_DATA, CannedConfig.TLS12,
                    Unpooled.wrappedBuffer(randomBytes(4 + 6 + 1 + 16)));
        }
        return concat(serverHello, changeCipherSpec(), encrypted);
    }

    /** The handshake messages before the encrypted flight: [message_hash, HelloRetryRequest,] ClientHello, ServerHello. */
    private byte[] transcript(CannedClientHello first, CannedClientHello hello, int suite, int group,
            byte[] serverHello) {
        try {
            ByteBuf out = Unpooled.buffer();
            if (first != null) {
                out.writeBytes(CannedTls13.messageHash(suite, first.handshake().message()));
                out.writeBytes(ByteBufUtil.getBytes(handshake(Unpooled.buffer(), SERVER_HELLO,
                        serverHello13(HRR_RANDOM, first, suite, retryExtensions(group)))));
            }
            out.writeBytes(hello.handshake().message());
            out.writeBytes(serverHello);
            return ByteBufUtil.getBytes(out);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("SHA-2 is missing: " + e, e);
        }
    }

    /** HelloRetryRequest (followed by a ChangeCipherSpec when the client is in middlebox-compatibility mode). */
    byte[] retry(CannedClientHello hello, int suite, int group) {
        byte[] hrr = records(CONTENT_HANDSHAKE, CannedConfig.TLS12,
                handshake(Unpooled.buffer(), SERVER_HELLO, serverHello13(HRR_RANDOM, hello, suite, retryExtensions(group))));
        return hello.sessionId().length > 0 ? concat(hrr, changeCipherSpec()) : hrr;
    }

    /** The HelloRetryRequest's extensions: supported_versions and the group asked for. */
    private static ByteBuf retryExtensions(int group) {
        ByteBuf extensions = Unpooled.buffer();
        supportedVersions13(extensions);
        extensions.writeShort(0x0033).writeShort(2).writeShort(group);
        return extensions;
    }

    /** An SSLv2 SERVER-HELLO with the first certificate and the given cipher kinds. */
    byte[] sslv2ServerHello(List<Integer> kinds) {
        byte[] certificate = config.chain().get(0);
        ByteBuf body = Unpooled.buffer();
        body.writeByte(4); // SERVER-HELLO
        body.writeByte(0); // session id hit
        body.writeByte(1); // SSL_X509_CERTIFICATE
        body.writeShort(CannedConfig.SSL2);
        body.writeShort(certificate.length);
        body.writeShort(kinds.size() * 3);
        body.writeShort(16);
        body.writeBytes(certificate);
        for (int kind : kinds) {
            body.writeMedium(kind);
        }
        body.writeBytes(randomBytes(16)); // connection id
        return sslv2Record(body);
    }

    /** An SSLv2 ERROR message: NO-CIPHER-ERROR. */
    static byte[] sslv2Error() {
        ByteBuf body = Unpooled.buffer(3).writeByte(0).writeShort(0x0001);
        return sslv2Record(body);
    }

    /** A fatal alert record. */
    static byte[] alert(int recordVersion, int description) {
        return new byte[] {CONTENT_ALERT, (byte) (recordVersion >>> 8), (byte) recordVersion, 0, 2, 2,
            (byte) description};
    }

    private static byte[] changeCipherSpec() {
        return new byte[] {CONTENT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1};
    }

    private byte[] serverHello12(CannedClientHello hello, int version, int suite) {
        ByteBuf body = Unpooled.buffer();
        body.writeShort(version);
        byte[] random = randomBytes(32);
        if (config.speaksTls13()) {
            // RFC 8446 4.1.3: a TLS 1.3 server negotiating less says so in the last 8 bytes
            System.arraycopy(DOWNGRADE, 0, random, 24, DOWNGRADE.length);
            random[31] = (byte) (version == CannedConfig.TLS12 ? 1 : 0);
        }
        body.writeBytes(random);
        body.writeByte(32).writeBytes(randomBytes(32));
        body.writeShort(suite);
        boolean deflate = config.has(CannedQuirk.COMPRESSION) && hello.compressionMethods().contains(1);
        body.writeByte(deflate ? 1 : 0);
        ByteBuf extensions = Unpooled.buffer();
        if (hello.signalsRenegotiation() && !config.has(CannedQuirk.NO_SECURE_RENEGOTIATION)) {
            extensions.writeShort(0xFF01).writeShort(1).writeByte(0);
        }
        if (hello.heartbeat() && (config.has(CannedQuirk.HEARTBLEED) || config.has(CannedQuirk.HEARTBEAT))) {
            extensions.writeShort(0x000F).writeShort(1).writeByte(1);
        }
        if (hello.extendedMasterSecret() && version >= CannedConfig.TLS10) {
            extensions.writeShort(0x0017).writeShort(0);
        }
        if (extensions.isReadable()) {
            body.writeShort(extensions.readableBytes()).writeBytes(extensions);
        }
        return ByteBufUtil.getBytes(body);
    }

    private static byte[] serverHello13(byte[] random, CannedClientHello hello, int suite, ByteBuf extensions) {
        ByteBuf body = Unpooled.buffer();
        body.writeShort(CannedConfig.TLS12);
        body.writeBytes(random);
        byte[] sessionId = hello.sessionId();
        body.writeByte(sessionId.length).writeBytes(sessionId);
        body.writeShort(suite);
        body.writeByte(0);
        body.writeShort(extensions.readableBytes()).writeBytes(extensions);
        return ByteBufUtil.getBytes(body);
    }

    private static void supportedVersions13(ByteBuf extensions) {
        extensions.writeShort(0x002B).writeShort(2).writeShort(CannedConfig.TLS13);
    }

    private byte[] certificate() {
        ByteBuf list = Unpooled.buffer();
        boolean first = true;
        for (byte[] der : config.chain()) {
            boolean lie = first && config.has(CannedQuirk.BAD_CERTIFICATE_LIST);
            list.writeMedium(der.length + (lie ? 1 : 0)).writeBytes(der);
            first = false;
        }
        ByteBuf body = Unpooled.buffer(3 + list.readableBytes());
        body.writeMedium(list.readableBytes()).writeBytes(list);
        return ByteBufUtil.getBytes(body);
    }

    private byte[] serverKeyExchange(int version, CannedSuites.Kind kind) {
        ByteBuf body = Unpooled.buffer();
        switch (kind.keyExchange()) {
            case ECDHE -> {
                boolean curve = CannedSuites.isCurve(config.group());
                int group = curve ? config.group() : 0x001D;
                byte[] point = curve ? serverShare : randomBytes(32);
                body.writeByte(3); // named_curve
                body.writeShort(group);
                body.writeByte(point.length).writeBytes(point);
            }
            case DHE -> {
                int bits = kind.exportBits() > 0 ? kind.exportBits() : config.dhPrimeBits();
                byte[] p = randomBytes(bits / 8);
                p[0] |= (byte) 0x80;
                p[p.length - 1] |= 1;
                byte[] ys = randomBytes(p.length);
                ys[0] = (byte) ((p[0] & 0xFF) >>> 1); // below p, far from 0 and 1
                body.writeShort(p.length).writeBytes(p);
                body.writeShort(1).writeByte(2);
                body.writeShort(ys.length).writeBytes(ys);
            }
            case RSA_EXPORT -> {
                byte[] modulus = randomBytes(kind.exportBits() / 8);
                modulus[0] |= (byte) 0x80;
                modulus[modulus.length - 1] |= 1;
                body.writeShort(modulus.length).writeBytes(modulus);
                body.writeShort(3).writeMedium(0x010001);
            }
            default -> throw new IllegalArgumentException("keyExchange: " + kind.keyExchange() + " (expected: one with params)");
        }
        if (kind.signer() != CannedSuites.Signer.ANONYMOUS) {
            if (version >= CannedConfig.TLS12) {
                body.writeShort(kind.signer().signatureScheme);
            }
            byte[] signature = signature(kind.signer());
            body.writeShort(signature.length).writeBytes(signature);
        }
        return ByteBufUtil.getBytes(body);
    }

    private byte[] signature(CannedSuites.Signer signer) {
        return switch (signer) {
            case RSA -> {
                byte[] s = randomBytes(rsaSignatureLength);
                s[0] = 0; // below any modulus of that length
                yield s;
            }
            case ECDSA -> derSignature(32);
            case DSA -> derSignature(20);
            case ANONYMOUS -> new byte[0];
        };
    }

    /** A DER SEQUENCE of two INTEGERs of {@code size} bytes each, like an (EC)DSA signature. */
    private static byte[] derSignature(int size) {
        ByteBuf der = Unpooled.buffer();
        der.writeByte(0x30).writeByte(2 * (size + 3));
        for (int i = 0; i < 2; i++) {
            byte[] value = randomBytes(size);
            value[0] |= (byte) 0x80; // so the DER leading zero is required
            der.writeByte(0x02).writeByte(size + 1).writeByte(0).writeBytes(value);
        }
        return ByteBufUtil.getBytes(der);
    }

    private static byte[] certificateRequest(int version) {
        ByteBuf body = Unpooled.buffer();
        body.writeByte(2).writeByte(1).writeByte(64); // rsa_sign, ecdsa_sign
        if (version >= CannedConfig.TLS12) {
            body.writeShort(CERTIFICATE_REQUEST_SCHEMES.length * 2);
            for (int scheme : CERTIFICATE_REQUEST_SCHEMES) {
                body.writeShort(scheme);
            }
        }
        body.writeShort(0); // no certificate authorities
        return ByteBufUtil.getBytes(body);
    }

    private static ByteBuf handshake(ByteBuf out, int type, byte[] body) {
        out.writeByte(type).writeMedium(body.length).writeBytes(body);
        return out;
    }

    /** Splits {@code payload} into records of at most 2^14 bytes. */
    private static byte[] records(int contentType, int version, ByteBuf payload) {
        ByteBuf out = Unpooled.buffer(payload.readableBytes() + 5 * (1 + payload.readableBytes() / MAX_FRAGMENT));
        while (payload.isReadable()) {
            int length = Math.min(payload.readableBytes(), MAX_FRAGMENT);
            out.writeByte(contentType).writeShort(version).writeShort(length).writeBytes(payload, length);
        }
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] sslv2Record(ByteBuf body) {
        int length = body.readableBytes();
        ByteBuf out = Unpooled.buffer(2 + length);
        out.writeByte(0x80 | (length >>> 8)).writeByte(length).writeBytes(body);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf out = Unpooled.buffer();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return ByteBufUtil.getBytes(out);
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
