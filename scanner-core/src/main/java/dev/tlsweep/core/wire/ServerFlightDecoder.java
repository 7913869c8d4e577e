package dev.tlsweep.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Incremental decoder of a server's first flight, from the first byte it sends up to ServerHelloDone
 * (TLS 1.2 and earlier), the first encrypted record after a ServerHello (TLS 1.3, resumption), a
 * HelloRetryRequest, an alert, an SSLv2 SERVER-HELLO or the first wire error.
 *
 * <p>Input may be split anywhere: one byte per call, several messages per record, a message across
 * several records. Complete records are decoded straight from the caller's buffer; only the bytes of an
 * incomplete record or handshake message are copied, into buffers that never exceed {@code maxFlightBytes}.
 * Every length is checked against the bytes present and the limits before anything is allocated, and every
 * step of every loop consumes input, so arbitrary bytes end in a result, never in an exception or a hang.
 *
 * <p>Error offsets: record-level problems name the offset in the byte stream; problems inside a handshake
 * message name the offset in the reassembled handshake stream (record headers excluded).
 *
 * <p>Not thread-safe: one instance per connection, used from its event loop.
 */
public final class ServerFlightDecoder {

    /** Default for {@code maxFlightBytes}: enough for long certificate chains. */
    public static final int DEFAULT_MAX_FLIGHT_BYTES = 256 * 1024;

    /** The largest stapled OCSP response kept; larger ones are noted as seen but not kept. */
    public static final int MAX_OCSP_RESPONSE_BYTES = 64 * 1024;

    private static final int FIRST_BYTES = 32;

    private final int maxFlightBytes;
    private final IntFunction<KeyExchangeKind> keyExchangeOfSuite;
    private final boolean acceptSsl2;
    private final byte[] clientHello;
    private final IntFunction<KeyShare> shares;

    private ByteBuf pendingRecords;
    private ByteBuf pendingHandshake;
    private long recordOffset;
    private long handshakeOffset;
    private int alertLevel = -1;
    private boolean recordSeen;
    private boolean tls13;
    private boolean ccsSeen;
    private boolean done;

    private final byte[] firstBytes = new byte[FIRST_BYTES];
    private int firstBytesLength;
    private int notTlsBytes;
    private int bytesRead;

    private ServerHello serverHello;
    private CertificateMessage certificate;
    private ServerKeyExchange serverKeyExchange;
    private boolean certificateStatus;
    private byte[] ocspResponse;
    private boolean certificateRequested;
    private boolean serverHelloDone;
    private boolean encryptedSeen;
    private Alert alert;
    private Ssl2ServerHello ssl2ServerHello;
    private WireException error;
    private Tls13Reader tls13Reader;
    private WireException encryptedError;
    private EncryptedFlight undecryptable;

    /** Creates a decoder with {@link #DEFAULT_MAX_FLIGHT_BYTES} and ServerKeyExchange kinds inferred from structure. */
    public ServerFlightDecoder() {
        this(DEFAULT_MAX_FLIGHT_BYTES, null);
    }

    /**
     * Creates a decoder that also accepts an SSLv2 answer as the first bytes.
     *
     * @param maxFlightBytes the most bytes to read; a flight not over by then fails with {@link WireError#OVERSIZED}
     * @param keyExchangeOfSuite the kind of ServerKeyExchange a negotiated suite implies; {@code null} (or a
     *        {@code null} answer) makes the structure decide
     */
    public ServerFlightDecoder(int maxFlightBytes, IntFunction<KeyExchangeKind> keyExchangeOfSuite) {
        this(maxFlightBytes, keyExchangeOfSuite, true);
    }

    /**
     * Creates a decoder.
     *
     * @param maxFlightBytes the most bytes to read; a flight not over by then fails with {@link WireError#OVERSIZED}
     * @param keyExchangeOfSuite the kind of ServerKeyExchange a negotiated suite implies; {@code null} (or a
     *        {@code null} answer) makes the structure decide
     * @param acceptSsl2 whether SSLv2 record headers are recognised as the first bytes; if {@code false},
     *        such bytes are {@link WireError#NOT_TLS}
     */
    public ServerFlightDecoder(int maxFlightBytes, IntFunction<KeyExchangeKind> keyExchangeOfSuite,
            boolean acceptSsl2) {
        this(maxFlightBytes, keyExchangeOfSuite, acceptSsl2, null);
    }

    /**
     * Creates a decoder that also decrypts a TLS 1.3 flight: after a TLS 1.3 ServerHello whose group {@code sent}
     * holds the private half of, it reads on through EncryptedExtensions, Certificate, CertificateVerify and the
     * server's Finished ({@link ServerFlight#encrypted()}), instead of stopping at the first encrypted record.
     *
     * @param maxFlightBytes the most bytes to read; a flight not over by then fails with {@link WireError#OVERSIZED}
     * @param keyExchangeOfSuite the kind of ServerKeyExchange a negotiated suite implies; {@code null} (or a
     *        {@code null} answer) makes the structure decide
     * @param acceptSsl2 whether SSLv2 record headers are recognised as the first bytes
     * @param sent the hello this flight answers, or {@code null} not to decrypt
     */
    public ServerFlightDecoder(int maxFlightBytes, IntFunction<KeyExchangeKind> keyExchangeOfSuite,
            boolean acceptSsl2, SentHello sent) {
        this(maxFlightBytes, keyExchangeOfSuite, acceptSsl2, sent == null ? null : sent.messageShared(),
                sent == null ? null : sent::keyShare);
    }

    /** A decoder that decrypts with these key shares a flight answering this ClientHello message (tests). */
    ServerFlightDecoder(int maxFlightBytes, IntFunction<KeyExchangeKind> keyExchangeOfSuite, boolean acceptSsl2,
            byte[] clientHello, IntFunction<KeyShare> shares) {
        this.clientHello = clientHello;
        this.shares = shares;
        if (maxFlightBytes <= 0) {
            throw new IllegalArgumentException("maxFlightBytes: " + maxFlightBytes + " (expected: > 0)");
        }
        this.maxFlightBytes = maxFlightBytes;
        this.keyExchangeOfSuite = keyExchangeOfSuite;
        this.acceptSsl2 = acceptSsl2;
    }

    /**
     * Consumes all readable bytes of {@code in}. Bytes after the end of the flight are skipped.
     *
     * @param in bytes from the server; its reader index is advanced to its writer index
     * @return {@code true} once the flight is over (see {@link ServerFlight#complete()}); never throws
     */
    public boolean offer(ByteBuf in) {
        Objects.requireNonNull(in, "in");
        try {
            if (!done) {
                offer0(in);
            } else {
                captureFirstBytes(in);
            }
        } catch (WireException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new WireException(WireError.INTERNAL, "decoder defect after " + bytesRead + " bytes: " + e));
        } finally {
            in.skipBytes(in.readableBytes());
        }
        return done;
    }

    /**
     * Returns what was seen so far; also meaningful when the flight is incomplete (peer closed, timeout).
     *
     * @return a snapshot of the flight
     */
    public ServerFlight result() {
        WireException err = error;
        if (err != null && err.error() == WireError.NOT_TLS && notTlsBytes < firstBytesLength) {
            // The verdict may come from the first byte; describe it with every first byte seen since.
            err = notTls();
            error = err;
            notTlsBytes = firstBytesLength;
        }
        EncryptedFlight encrypted = tls13Reader != null ? tls13Reader.flight(encryptedError) : undecryptable;
        return new ServerFlight(serverHello, certificate, serverKeyExchange, certificateStatus,
                ocspResponse == null ? null : ocspResponse.clone(), certificateRequested, serverHelloDone,
                encryptedSeen, alert, ssl2ServerHello, err, bytesRead, Arrays.copyOf(firstBytes, firstBytesLength),
                encrypted);
    }

    /**
     * Returns whether the flight is over.
     *
     * @return the last value {@link #offer(ByteBuf)} returned
     */
    public boolean isComplete() {
        return done;
    }

    private void fail(WireException e) {
        error = e;
        done = true;
        pendingRecords = null;
        pendingHandshake = null;
    }

    private void offer0(ByteBuf in) throws WireException {
        int n = in.readableBytes();
        if (n == 0) {
            return;
        }
        int ri = in.readerIndex();
        captureFirstBytes(in);
        int take = (int) Math.min(n, (long) maxFlightBytes - bytesRead);
        if (take > 0) {
            bytesRead += take;
            if (pendingRecords == null || !pendingRecords.isReadable()) {
                ByteBuf src = in.slice(ri, take);
                decodeRecords(src);
                if (!done && src.isReadable()) {
                    if (pendingRecords == null) {
                        pendingRecords = Unpooled.buffer(Math.min(Math.max(src.readableBytes(), 256), maxFlightBytes), maxFlightBytes);
                    }
                    pendingRecords.writeBytes(src);
                }
            } else {
                pendingRecords.writeBytes(in, ri, take);
                decodeRecords(pendingRecords);
                if (pendingRecords != null) {
                    pendingRecords.discardReadBytes();
                }
            }
        }
        if (!done && take < n) {
            throw new WireException(WireError.OVERSIZED, "the flight is not over after maxFlightBytes ("
                    + maxFlightBytes + ") bytes");
        }
    }

    private void captureFirstBytes(ByteBuf in) {
        if (firstBytesLength < FIRST_BYTES) {
            int c = Math.min(FIRST_BYTES - firstBytesLength, in.readableBytes());
            in.getBytes(in.readerIndex(), firstBytes, firstBytesLength, c);
            firstBytesLength += c;
        }
    }

    private void decodeRecords(ByteBuf buf) throws WireException {
        while (!done && buf.isReadable()) {
            if (!recordSeen && !checkStart(buf)) {
                return;
            }
            int r = buf.readableBytes();
            if (r < 5) {
                return;
            }
            int ri = buf.readerIndex();
            int type = buf.getUnsignedByte(ri);
            int major = buf.getUnsignedByte(ri + 1);
            int length = buf.getUnsignedShort(ri + 3);
            if (type < Tls.CT_CHANGE_CIPHER_SPEC || type > Tls.CT_HEARTBEAT) {
                throw new WireException(WireError.BAD_RECORD_TYPE, "record content type " + type
                        + " (expected: 20..24) at offset " + recordOffset);
            }
            if (major != 3) {
                throw new WireException(WireError.BAD_RECORD_TYPE, "record version 0x"
                        + Integer.toHexString(buf.getUnsignedShort(ri + 1)) + " (expected: 0x03xx) at offset "
                        + recordOffset);
            }
            if (length > Tls.MAX_RECORD_LENGTH) {
                throw new WireException(WireError.OVERSIZED, "record length " + length + " (expected: <= "
                        + Tls.MAX_RECORD_LENGTH + ") at offset " + recordOffset);
            }
            if (r < 5 + length) {
                return;
            }
            int headerIndex = buf.readerIndex();
            buf.skipBytes(5);
            ByteBuf payload = buf.readSlice(length);
            long offset = recordOffset;
            recordOffset += 5 + length;
            recordSeen = true;
            if (type == Tls.CT_APPLICATION_DATA && tls13Reader != null && encryptedError == null) {
                byte[] header = new byte[5];
                buf.getBytes(headerIndex, header);
                decrypt(header, payload, offset);
                continue;
            }
            onRecord(type, payload, offset);
        }
    }

    /**
     * Looks at the very first bytes of the stream. Returns {@code true} if they start a TLS record, {@code false}
     * if more bytes are needed or an SSLv2 message was consumed; throws if they are neither.
     */
    private boolean checkStart(ByteBuf buf) throws WireException {
        int ri = buf.readerIndex();
        int r = buf.readableBytes();
        int b0 = buf.getUnsignedByte(ri);
        if (b0 >= Tls.CT_CHANGE_CIPHER_SPEC && b0 <= Tls.CT_HEARTBEAT) {
            if (r >= 2 && buf.getUnsignedByte(ri + 1) != 3) {
                throw notTls();
            }
            return true;
        }
        if (!acceptSsl2) {
            throw notTls();
        }
        int headerLength;
        int length;
        int padding = 0;
        int msgType;
        if ((b0 & 0x80) != 0) {
            if (r < 3) {
                return false;
            }
            headerLength = 2;
            length = ((b0 & 0x7F) << 8) | buf.getUnsignedByte(ri + 1);
            msgType = buf.getUnsignedByte(ri + 2);
        } else if (b0 < 0x40) {
            if (r < 4) {
                return false;
            }
            headerLength = 3;
            length = ((b0 & 0x3F) << 8) | buf.getUnsignedByte(ri + 1);
            padding = buf.getUnsignedByte(ri + 2);
            msgType = buf.getUnsignedByte(ri + 3);
        } else {
            throw notTls();
        }
        if ((msgType != Tls.SSL2_MT_SERVER_HELLO && msgType != Tls.SSL2_MT_ERROR) || length == 0 || padding >= length) {
            throw notTls();
        }
        if (r < headerLength + length) {
            return false;
        }
        buf.skipBytes(headerLength);
        ByteBuf msg = buf.readSlice(length - padding);
        buf.skipBytes(padding);
        long offset = recordOffset + headerLength;
        recordOffset += headerLength + length;
        recordSeen = true;
        if (msgType == Tls.SSL2_MT_ERROR) {
            if (msg.readableBytes() != 3) {
                throw new WireException(WireError.BAD_LENGTH, "SSLv2 ERROR of " + msg.readableBytes()
                        + " bytes (expected: 3) at offset " + offset);
            }
            int code = msg.getUnsignedShort(msg.readerIndex() + 1);
            throw new WireException(WireError.SSL2_ERROR, "SSLv2 ERROR " + ssl2ErrorName(code) + " (0x"
                    + Integer.toHexString(code) + ") at offset " + offset);
        }
        ssl2ServerHello = ServerMessages.parseSsl2ServerHello(msg, offset);
        done = true;
        return false;
    }

    private static String ssl2ErrorName(int code) {
        return switch (code) {
            case 1 -> "NO-CIPHER-ERROR";
            case 2 -> "NO-CERTIFICATE-ERROR";
            case 4 -> "BAD-CERTIFICATE-ERROR";
            case 6 -> "UNSUPPORTED-CERTIFICATE-TYPE-ERROR";
            default -> "unknown";
        };
    }

    private WireException notTls() {
        notTlsBytes = firstBytesLength;
        byte[] first = Arrays.copyOf(firstBytes, firstBytesLength);
        String protocol = PlaintextDetector.detect(first);
        String shown = '"' + PlaintextDetector.printable(first) + '"';
        return new WireException(WireError.NOT_TLS, protocol != null
                ? "not TLS: the peer answered in " + protocol + ": " + shown
                : "not TLS: first bytes " + shown);
    }

    private void onRecord(int type, ByteBuf payload, long offset) throws WireException {
        if (alertLevel >= 0 && type != Tls.CT_ALERT) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "record type " + type
                    + " interrupts a fragmented alert at offset " + offset);
        }
        if (type != Tls.CT_HANDSHAKE && pendingHandshake != null && pendingHandshake.isReadable()) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "record type " + type
                    + " interrupts a fragmented handshake message at offset " + offset);
        }
        boolean encrypted = ccsSeen || tls13;
        switch (type) {
            case Tls.CT_CHANGE_CIPHER_SPEC:
                if (serverHello == null) {
                    throw new WireException(WireError.UNEXPECTED_MESSAGE,
                            "ChangeCipherSpec before ServerHello at offset " + offset);
                }
                if (payload.readableBytes() != 1 || payload.getByte(payload.readerIndex()) != 1) {
                    throw new WireException(WireError.BAD_VALUE,
                            "ChangeCipherSpec is not the single byte 1 at offset " + offset);
                }
                if (tls13) {
                    return; // middlebox compatibility mode (RFC 8446 D.4)
                }
                if (ccsSeen) {
                    throw new WireException(WireError.UNEXPECTED_MESSAGE,
                            "second ChangeCipherSpec at offset " + offset);
                }
                ccsSeen = true;
                return;
            case Tls.CT_ALERT:
                // Once keys are in use alerts are encrypted and longer than two bytes.
                if (encrypted && payload.readableBytes() != 2) {
                    markEncrypted();
                    return;
                }
                if (!payload.isReadable()) {
                    throw new WireException(WireError.BAD_LENGTH, "empty alert record at offset " + offset);
                }
                if (alertLevel < 0) {
                    alertLevel = payload.readUnsignedByte();
                    if (!payload.isReadable()) {
                        return;
                    }
                }
                alert = new Alert(alertLevel, payload.readUnsignedByte());
                alertLevel = -1;
                if (!alert.endsFlight()) {
                    return; // kept in case nothing follows
                }
                done = true;
                return;
            case Tls.CT_HANDSHAKE:
                if (tls13) {
                    throw new WireException(WireError.UNEXPECTED_MESSAGE,
                            "plaintext handshake record after a TLS 1.3 ServerHello at offset " + offset);
                }
                if (ccsSeen) {
                    markEncrypted();
                    return;
                }
                onHandshakeFragment(payload);
                return;
            case Tls.CT_APPLICATION_DATA:
                if (encrypted) {
                    markEncrypted();
                    return;
                }
                throw new WireException(WireError.UNEXPECTED_MESSAGE,
                        "application data before any key exchange at offset " + offset);
            default:
                return; // heartbeat: ignored
        }
    }

    private void markEncrypted() {
        encryptedSeen = true;
        done = true;
        if (tls13Reader != null && encryptedError == null && !tls13Reader.over()) {
            encryptedError = new WireException(WireError.UNEXPECTED_MESSAGE,
                    "a record that is not application_data where an encrypted record was expected");
        }
    }

    /** Decrypts one TLS 1.3 record with tlsweep's key share; a failure ends the flight, keeping what was read. */
    private void decrypt(byte[] header, ByteBuf payload, long offset) {
        encryptedSeen = true;
        try {
            tls13Reader.onRecord(header, io.netty.buffer.ByteBufUtil.getBytes(payload));
        } catch (WireException e) {
            encryptedError = new WireException(e.error(), e.getMessage() + " (encrypted record at offset " + offset + ")");
        } catch (RuntimeException e) {
            encryptedError = new WireException(WireError.INTERNAL, "decryption defect at offset " + offset + ": " + e);
        }
        if (encryptedError != null || tls13Reader.over()) {
            done = true;
        }
    }

    private void onHandshakeFragment(ByteBuf payload) throws WireException {
        if (!payload.isReadable()) {
            return;
        }
        ByteBuf src;
        if (pendingHandshake == null || !pendingHandshake.isReadable()) {
            src = payload;
        } else {
            pendingHandshake.writeBytes(payload);
            src = pendingHandshake;
        }
        while (!done && src.readableBytes() >= 4) {
            int ri = src.readerIndex();
            int type = src.getUnsignedByte(ri);
            int length = src.getUnsignedMedium(ri + 1);
            if (length > maxFlightBytes - 4) {
                throw new WireException(WireError.OVERSIZED, "handshake message type " + type + " of length "
                        + length + " exceeds maxFlightBytes (" + maxFlightBytes + ") at handshake offset "
                        + handshakeOffset);
            }
            if (src.readableBytes() < 4 + length) {
                break;
            }
            src.skipBytes(4);
            ByteBuf body = src.readSlice(length);
            long offset = handshakeOffset;
            handshakeOffset += 4 + length;
            onHandshake(type, body, offset);
        }
        if (done) {
            return;
        }
        if (src == payload) {
            if (src.isReadable()) {
                if (pendingHandshake == null) {
                    pendingHandshake = Unpooled.buffer(Math.min(Math.max(src.readableBytes(), 256), maxFlightBytes), maxFlightBytes);
                }
                pendingHandshake.writeBytes(src);
            }
        } else {
            pendingHandshake.discardReadBytes();
        }
    }

    private void onHandshake(int type, ByteBuf body, long offset) throws WireException {
        if (serverHello == null) {
            if (type == Tls.HT_HELLO_REQUEST && !body.isReadable()) {
                return;
            }
            if (type != Tls.HT_SERVER_HELLO) {
                throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake message type " + type
                        + " before ServerHello at handshake offset " + offset);
            }
            byte[] message = null;
            if (shares != null) {
                message = new byte[4 + body.readableBytes()];
                message[0] = (byte) type;
                message[1] = (byte) (body.readableBytes() >>> 16);
                message[2] = (byte) (body.readableBytes() >>> 8);
                message[3] = (byte) body.readableBytes();
                body.getBytes(body.readerIndex(), message, 4, body.readableBytes());
            }
            serverHello = ServerMessages.parseServerHello(body, offset + 4);
            if (serverHello.helloRetryRequest()) {
                done = true;
            } else if (Tls.isTls13OrDraft(serverHello.selectedVersion())) {
                tls13 = true;
                if (shares != null && serverHello.selectedVersion() == Tls.TLS13) {
                    startDecryption(message);
                }
            }
            return;
        }
        if (tls13) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "plaintext handshake message type " + type
                    + " after a TLS 1.3 ServerHello at handshake offset " + offset);
        }
        switch (type) {
            case Tls.HT_CERTIFICATE:
                if (certificate != null || serverKeyExchange != null) {
                    throw unexpected("Certificate", offset);
                }
                certificate = ServerMessages.parseCertificate(body, offset + 4);
                return;
            case Tls.HT_SERVER_KEY_EXCHANGE:
                if (serverKeyExchange != null) {
                    throw unexpected("ServerKeyExchange", offset);
                }
                KeyExchangeKind kind = keyExchangeOfSuite == null
                        ? null : keyExchangeOfSuite.apply(serverHello.cipherSuite());
                serverKeyExchange = ServerMessages.parseServerKeyExchange(body, offset + 4, kind,
                        serverHello.legacyVersion());
                return;
            case Tls.HT_CERTIFICATE_REQUEST:
                certificateRequested = true;
                return;
            case Tls.HT_SERVER_HELLO_DONE:
                if (body.isReadable()) {
                    throw new WireException(WireError.BAD_LENGTH, "ServerHelloDone with " + body.readableBytes()
                            + " bytes (expected: 0) at handshake offset " + offset);
                }
                serverHelloDone = true;
                done = true;
                return;
            case Tls.HT_CERTIFICATE_STATUS:
                if (certificateStatus || serverKeyExchange != null) {
                    throw unexpected("CertificateStatus", offset);
                }
                certificateStatus = true;
                ocspResponse = ServerMessages.parseCertificateStatus(body, offset + 4, MAX_OCSP_RESPONSE_BYTES);
                return;
            case Tls.HT_HELLO_REQUEST:
            case Tls.HT_NEW_SESSION_TICKET:
            case Tls.HT_SUPPLEMENTAL_DATA:
                return;
            case Tls.HT_SERVER_HELLO:
                throw unexpected("a second ServerHello", offset);
            default:
                throw unexpected("handshake message type " + type, offset);
        }
    }

    private void startDecryption(byte[] serverHelloMessage) {
        try {
            tls13Reader = Tls13Reader.start(clientHello, shares, serverHello, serverHelloMessage, maxFlightBytes);
        } catch (WireException e) {
            undecryptable = EncryptedFlight.undecryptable(serverHello, e);
        } catch (RuntimeException e) {
            undecryptable = EncryptedFlight.undecryptable(serverHello,
                    new WireException(WireError.INTERNAL, "key schedule defect: " + e));
        }
    }

    private static WireException unexpected(String what, long offset) {
        return new WireException(WireError.UNEXPECTED_MESSAGE, what + " at this point of the flight at handshake offset "
                + offset);
    }
}
