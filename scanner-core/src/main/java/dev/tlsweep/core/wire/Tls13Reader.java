package dev.tlsweep.core.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.Digest;

/**
 * The client's side of a TLS 1.3 handshake after the ServerHello, pure code over byte arrays: the key schedule
 * (RFC 8446 7.1) from tlsweep's own key share, the server's handshake traffic keys, decryption of the server's
 * records (RFC 8446 5.2), reassembly and parsing of EncryptedExtensions, CertificateRequest, Certificate,
 * CertificateVerify and Finished (whose verify_data is checked); then, when asked, the client's Finished and the
 * application traffic keys, to read the NewSessionTickets a server sends after the handshake.
 *
 * <p>Signatures are not verified: tlsweep's chain analysis judges the certificates, and a scanner trusts nothing it
 * reads here. Every length is checked against the bytes present and {@code maxBytes}; problems are
 * {@link WireException}s. Not thread-safe: one instance per connection.
 */
final class Tls13Reader {

    /** A ticket from a NewSessionTicket message (RFC 8446 4.6.1). */
    record Ticket(long lifetimeSeconds, int ticketLength, long maxEarlyDataSize) {
    }

    private enum Phase { HANDSHAKE, AWAITING_CLIENT, APPLICATION }

    private final int suite;
    private final int group;
    private final TlsHash hash;
    private final RecordCipher.Mode mode;
    private final int keyLength;
    private final int maxBytes;
    private final Digest transcript;
    private final byte[] clientHandshakeSecret;
    private final byte[] serverHandshakeSecret;
    private final byte[] handshakeSecret;
    private RecordCipher server;
    private Phase phase = Phase.HANDSHAKE;
    private final HandshakeBuffer pending = new HandshakeBuffer();

    private final Map<Integer, byte[]> extensions = new LinkedHashMap<>();
    private boolean encryptedExtensionsSeen;
    private byte[] certificateRequestContext;
    private final List<byte[]> certificates = new ArrayList<>();
    private byte[] ocspResponse;
    private int certificateVerifyScheme = -1;
    private boolean finished;
    private Alert alert;
    private byte[] serverFinishedHash;
    private final List<Ticket> tickets = new ArrayList<>();
    private int applicationRecords;
    private byte[] serverApplicationSecret;
    private RecordCipher clientApplication;

    private Tls13Reader(int suite, int group, TlsHash hash, RecordCipher.Mode mode, int keyLength, int maxBytes,
            Digest transcript, byte[] sharedSecret) {
        this.suite = suite;
        this.group = group;
        this.hash = hash;
        this.mode = mode;
        this.keyLength = keyLength;
        this.maxBytes = maxBytes;
        this.transcript = transcript;
        byte[] early = hash.extract(null, new byte[hash.length()]);
        byte[] derived = hash.deriveSecret(early, "derived", hash.hash());
        this.handshakeSecret = hash.extract(derived, sharedSecret);
        byte[] helloHash = snapshot();
        this.clientHandshakeSecret = hash.deriveSecret(handshakeSecret, "c hs traffic", helloHash);
        this.serverHandshakeSecret = hash.deriveSecret(handshakeSecret, "s hs traffic", helloHash);
        this.server = cipher(serverHandshakeSecret);
    }

    /**
     * Starts reading after a TLS 1.3 ServerHello (not a HelloRetryRequest) answering {@code sent}.
     */
    static Tls13Reader start(SentHello sent, ServerHello sh, byte[] serverHelloMessage, int maxBytes)
            throws WireException {
        return start(sent.messageShared(), sent::keyShare, sh, serverHelloMessage, maxBytes);
    }

    /**
     * Starts reading after a TLS 1.3 ServerHello (not a HelloRetryRequest).
     *
     * @param clientHelloMessage the ClientHello handshake message as sent
     * @param shares the key share the hello sent for a group, or {@code null}
     * @param serverHelloMessage the ServerHello handshake message as received: type, length, body
     * @throws WireException when the suite is unknown, tlsweep sent no share it holds the private half of for the
     *     server's group, or the server's share is unusable
     */
    static Tls13Reader start(byte[] clientHelloMessage, java.util.function.IntFunction<KeyShare> shares,
            ServerHello sh, byte[] serverHelloMessage, int maxBytes) throws WireException {
        int suite = sh.cipherSuite();
        TlsHash hash = suite == 0x1302 ? TlsHash.SHA384 : TlsHash.SHA256;
        RecordCipher.Mode mode = switch (suite) {
            case 0x1301, 0x1302 -> RecordCipher.Mode.AES_GCM;
            case 0x1303 -> RecordCipher.Mode.CHACHA20_POLY1305;
            case 0x1304 -> RecordCipher.Mode.AES_CCM;
            case 0x1305 -> RecordCipher.Mode.AES_CCM_8;
            default -> throw new WireException(WireError.BAD_VALUE, String.format(
                    "cipher suite 0x%04X is not a TLS 1.3 suite tlsweep can decrypt", suite));
        };
        int keyLength = suite == 0x1302 || suite == 0x1303 ? 32 : 16;
        int group = sh.keyShareGroup();
        byte[] entry = sh.extensions().get(Tls.EXT_KEY_SHARE);
        if (group < 0 || entry == null || entry.length < 4) {
            throw new WireException(WireError.BAD_VALUE, "the ServerHello has no key share");
        }
        KeyShare mine = shares.apply(group);
        if (mine == null) {
            throw new WireException(WireError.BAD_VALUE, String.format(
                    "the server chose group 0x%04X, for which the hello sent no key share", group));
        }
        byte[] shared = mine.agree(Arrays.copyOfRange(entry, 4, entry.length));
        Digest transcript = hash.digest();
        transcript.update(clientHelloMessage, 0, clientHelloMessage.length);
        transcript.update(serverHelloMessage, 0, serverHelloMessage.length);
        return new Tls13Reader(suite, group, hash, mode, keyLength, maxBytes, transcript, shared);
    }

    private RecordCipher cipher(byte[] trafficSecret) {
        return RecordCipher.tls13(mode, hash.expandLabel(trafficSecret, "key", new byte[0], keyLength),
                hash.expandLabel(trafficSecret, "iv", new byte[0], 12));
    }

    private byte[] snapshot() {
        Digest copy = hash.copy(transcript);
        byte[] out = new byte[hash.length()];
        copy.doFinal(out, 0);
        return out;
    }

    /**
     * Reads one record of type application_data (the only type TLS 1.3 encrypts): decrypts it and processes what
     * it carries. {@code header} is the record's 5 bytes, {@code fragment} its payload.
     */
    void onRecord(byte[] header, byte[] fragment) throws WireException {
        if (phase == Phase.AWAITING_CLIENT) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "a record after the server's Finished, before the"
                    + " client's");
        }
        byte[] inner = server.open13(header, fragment);
        int end = inner.length - 1;
        while (end >= 0 && inner[end] == 0) {
            end--;
        }
        if (end < 0) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "a record of padding only, with no content type");
        }
        int type = inner[end] & 0xFF;
        byte[] content = Arrays.copyOf(inner, end);
        switch (type) {
            case Tls.CT_HANDSHAKE -> handshake(content);
            case Tls.CT_ALERT -> {
                if (content.length != 2) {
                    throw new WireException(WireError.BAD_LENGTH, "encrypted alert of " + content.length
                            + " bytes (expected: 2)");
                }
                alert = new Alert(content[0] & 0xFF, content[1] & 0xFF);
            }
            case Tls.CT_APPLICATION_DATA -> {
                if (phase != Phase.APPLICATION) {
                    throw new WireException(WireError.UNEXPECTED_MESSAGE, "application data before the server's"
                            + " Finished");
                }
                applicationRecords++;
            }
            default -> throw new WireException(WireError.UNEXPECTED_MESSAGE, "inner content type " + type);
        }
    }

    /** Reads decrypted handshake bytes (a record's content, or QUIC CRYPTO data at the Handshake level). */
    void handshake(byte[] content) throws WireException {
        if (content.length == 0) {
            throw new WireException(WireError.BAD_LENGTH, "an empty encrypted handshake record");
        }
        if ((long) pending.length() + content.length > maxBytes) {
            throw new WireException(WireError.OVERSIZED, "the encrypted flight exceeds " + maxBytes + " bytes");
        }
        pending.append(content);
        byte[] buf = pending.array();
        int end = pending.length();
        int i = 0;
        while (end - i >= 4) {
            int type = buf[i] & 0xFF;
            int length = ((buf[i + 1] & 0xFF) << 16) | ((buf[i + 2] & 0xFF) << 8) | (buf[i + 3] & 0xFF);
            if (length > maxBytes) {
                throw new WireException(WireError.OVERSIZED, "encrypted handshake message type " + type + " of "
                        + length + " bytes exceeds " + maxBytes);
            }
            if (end - i - 4 < length) {
                break;
            }
            byte[] message = Arrays.copyOfRange(buf, i, i + 4 + length);
            i += 4 + length;
            message(type, message);
        }
        pending.consume(i);
    }

    private void message(int type, byte[] message) throws WireException {
        io.netty.buffer.ByteBuf body = io.netty.buffer.Unpooled.wrappedBuffer(message, 4, message.length - 4);
        if (phase == Phase.APPLICATION) {
            if (type == Tls.HT_NEW_SESSION_TICKET) {
                tickets.add(ticket(body));
            } else if (type != HT_KEY_UPDATE) {
                throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake message type " + type
                        + " after the handshake");
            }
            return;
        }
        if (finished) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake message type " + type
                    + " after the server's Finished");
        }
        if (!encryptedExtensionsSeen && type != HT_ENCRYPTED_EXTENSIONS) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "encrypted handshake message type " + type
                    + " before EncryptedExtensions");
        }
        switch (type) {
            case HT_ENCRYPTED_EXTENSIONS -> {
                if (encryptedExtensionsSeen) {
                    throw new WireException(WireError.UNEXPECTED_MESSAGE, "a second EncryptedExtensions");
                }
                encryptedExtensionsSeen = true;
                WireReader r = new WireReader(body, 0, "EncryptedExtensions");
                WireReader list = r.subVector(2, "extensions");
                r.expectEnd();
                while (list.remaining() > 0) {
                    int ext = list.u16("extension type");
                    byte[] data = list.vector(2, "extension " + ext);
                    if (extensions.putIfAbsent(ext, data) != null) {
                        throw list.bad(WireError.BAD_VALUE, "duplicate extension " + ext);
                    }
                }
            }
            case Tls.HT_CERTIFICATE_REQUEST -> {
                WireReader r = new WireReader(body, 0, "CertificateRequest");
                certificateRequestContext = r.vector(1, "certificate_request_context");
                r.skipVector(2, "extensions");
                r.expectEnd();
            }
            case Tls.HT_CERTIFICATE -> certificate(body);
            case HT_CERTIFICATE_VERIFY -> {
                WireReader r = new WireReader(body, 0, "CertificateVerify");
                certificateVerifyScheme = r.u16("algorithm");
                if (r.skipVector(2, "signature") == 0) {
                    throw r.bad(WireError.BAD_VALUE, "empty signature");
                }
                r.expectEnd();
            }
            case HT_FINISHED -> {
                byte[] expected = hash.hmac(finishedKey(serverHandshakeSecret), snapshot());
                byte[] got = Arrays.copyOfRange(message, 4, message.length);
                if (!java.security.MessageDigest.isEqual(expected, got)) {
                    throw new WireException(WireError.BAD_VALUE, "the server's Finished does not verify");
                }
                transcript.update(message, 0, message.length);
                serverFinishedHash = snapshot();
                finished = true;
                phase = Phase.AWAITING_CLIENT;
                return;
            }
            default -> throw new WireException(WireError.UNEXPECTED_MESSAGE, "encrypted handshake message type " + type);
        }
        transcript.update(message, 0, message.length);
    }

    private void certificate(io.netty.buffer.ByteBuf body) throws WireException {
        if (!certificates.isEmpty()) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "a second Certificate");
        }
        WireReader r = new WireReader(body, 0, "Certificate");
        r.skipVector(1, "certificate_request_context");
        WireReader list = r.subVector(3, "certificate_list");
        r.expectEnd();
        while (list.remaining() > 0) {
            byte[] der = list.vector(3, "cert_data");
            if (der.length == 0) {
                throw list.bad(WireError.BAD_VALUE, "empty certificate");
            }
            WireReader exts = list.subVector(2, "extensions");
            while (exts.remaining() > 0) {
                int ext = exts.u16("extension type");
                WireReader data = exts.subVector(2, "extension " + ext);
                if (ext == Tls.EXT_STATUS_REQUEST && certificates.isEmpty() && data.remaining() > 0) {
                    int statusType = data.u8("status_type");
                    if (statusType == 1) {
                        WireReader response = data.subVector(3, "ocsp_response");
                        int n = response.remaining();
                        if (n > 0 && n <= ServerFlightDecoder.MAX_OCSP_RESPONSE_BYTES) {
                            ocspResponse = response.bytes(n, "ocsp_response");
                        }
                    }
                }
            }
            certificates.add(der);
        }
    }

    private Ticket ticket(io.netty.buffer.ByteBuf body) throws WireException {
        WireReader r = new WireReader(body, 0, "NewSessionTicket");
        long lifetime = ((long) r.u16("ticket_lifetime") << 16) | r.u16("ticket_lifetime");
        r.skip(4, "ticket_age_add");
        r.skipVector(1, "ticket_nonce");
        int ticketLength = r.skipVector(2, "ticket");
        WireReader exts = r.subVector(2, "extensions");
        r.expectEnd();
        long maxEarlyData = -1;
        while (exts.remaining() > 0) {
            int ext = exts.u16("extension type");
            WireReader data = exts.subVector(2, "extension " + ext);
            if (ext == EncryptedFlight.EXT_EARLY_DATA && data.remaining() == 4) {
                maxEarlyData = ((long) data.u16("max_early_data_size") << 16) | data.u16("max_early_data_size");
            }
        }
        return new Ticket(lifetime, ticketLength, maxEarlyData);
    }

    private byte[] finishedKey(byte[] trafficSecret) {
        return hash.expandLabel(trafficSecret, "finished", new byte[0], hash.length());
    }

    /** Whether the server's Finished was read and verified. */
    boolean finished() {
        return finished;
    }

    /** Whether nothing more will be read: the Finished (while only the handshake is wanted), an alert. */
    boolean over() {
        return (finished && phase != Phase.APPLICATION) || alert != null;
    }

    /**
     * The client's second flight once the server's Finished was read: a ChangeCipherSpec (middlebox
     * compatibility, RFC 8446 D.4), an empty Certificate when one was requested, and the Finished, encrypted with
     * the client's handshake traffic keys. From then on, records are read with the server's application keys.
     */
    byte[] clientFinished() {
        if (phase != Phase.AWAITING_CLIENT) {
            throw new IllegalStateException("the server's Finished has not been read");
        }
        RecordCipher client = cipher(clientHandshakeSecret);
        byte[] out = new byte[] {Tls.CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1};
        if (certificateRequestContext != null) {
            byte[] empty = new byte[4 + 1 + certificateRequestContext.length + 3];
            empty[0] = Tls.HT_CERTIFICATE;
            int bodyLength = empty.length - 4;
            empty[3] = (byte) bodyLength;
            empty[4] = (byte) certificateRequestContext.length;
            System.arraycopy(certificateRequestContext, 0, empty, 5, certificateRequestContext.length);
            transcript.update(empty, 0, empty.length);
            out = TlsHash.concat(out, client.seal13(Tls.CT_HANDSHAKE, empty));
        }
        byte[] verify = hash.hmac(finishedKey(clientHandshakeSecret), snapshot());
        byte[] finishedMessage = TlsHash.concat(new byte[] {HT_FINISHED, 0, 0, (byte) verify.length}, verify);
        out = TlsHash.concat(out, client.seal13(Tls.CT_HANDSHAKE, finishedMessage));
        byte[] derived = hash.deriveSecret(handshakeSecret, "derived", hash.hash());
        byte[] master = hash.extract(derived, new byte[hash.length()]);
        serverApplicationSecret = hash.deriveSecret(master, "s ap traffic", serverFinishedHash);
        server = cipher(serverApplicationSecret);
        clientApplication = cipher(hash.deriveSecret(master, "c ap traffic", serverFinishedHash));
        transcript.update(finishedMessage, 0, finishedMessage.length);
        phase = Phase.APPLICATION;
        return out;
    }

    /** An encrypted close_notify under the client's application keys, once the client's Finished was made. */
    byte[] closeNotify() {
        if (clientApplication == null) {
            throw new IllegalStateException("the handshake is not finished");
        }
        return clientApplication.seal13(Tls.CT_ALERT, new byte[] {1, 0});
    }

    /** What was read of the handshake, with {@code error} as the reason it stopped, if any. */
    EncryptedFlight flight(WireException error) {
        return new EncryptedFlight(suite, group, extensions, certificateRequestContext != null, certificates,
                ocspResponse, certificateVerifyScheme, finished, alert, error);
    }

    /** The tickets read after the handshake. */
    List<Ticket> tickets() {
        return List.copyOf(tickets);
    }

    /** Application-data records read after the handshake. */
    int applicationRecords() {
        return applicationRecords;
    }

    /** The alert received, or {@code null}. */
    Alert alert() {
        return alert;
    }

    /** The server's handshake traffic secret (for the RFC 8448 test). */
    byte[] serverHandshakeTrafficSecret() {
        return serverHandshakeSecret.clone();
    }

    /** The client's handshake traffic secret (for the RFC 8448 test). */
    byte[] clientHandshakeTrafficSecret() {
        return clientHandshakeSecret.clone();
    }

    /** The server's application traffic secret once the client's Finished was made (for the RFC 8448 test). */
    byte[] serverApplicationTrafficSecret() {
        return serverApplicationSecret == null ? null : serverApplicationSecret.clone();
    }

    static final int HT_ENCRYPTED_EXTENSIONS = 8;
    static final int HT_CERTIFICATE_VERIFY = 15;
    static final int HT_FINISHED = 20;
    static final int HT_KEY_UPDATE = 24;
}
