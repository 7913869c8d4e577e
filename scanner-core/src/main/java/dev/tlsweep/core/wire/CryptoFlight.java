package dev.tlsweep.core.wire;

import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Objects;

/**
 * A server's first flight carried without TLS records, as QUIC carries it (RFC 9001 4): the handshake bytes of the
 * Initial level (the ServerHello or HelloRetryRequest) and, once the ServerHello gave the handshake secrets, those of
 * the Handshake level (EncryptedExtensions, Certificate, CertificateVerify, Finished), each already decrypted by the
 * transport and in order. Read into the same {@link ServerFlight} as a TCP answer, with what tlsweep decrypted in
 * {@link ServerFlight#encrypted()}, so that the probes read a QUIC answer as they read any other.
 *
 * <p>The handshake secrets of both sides are given to the transport ({@link #serverHandshakeSecret()}, {@link
 * #clientHandshakeSecret()}): QUIC derives its packet keys from them with its own labels. Every length is checked
 * against the bytes present and {@code maxBytes}; a problem ends the flight as its {@link ServerFlight#error()},
 * keeping what was read before. Not thread-safe: one instance per connection.
 */
public final class CryptoFlight {

    private static final int FIRST_BYTES = 32;

    private final SentHello sent;
    private final int maxBytes;
    private final HandshakeBuffer pending = new HandshakeBuffer();
    private int initialBytes;
    private ServerHello serverHello;
    private Tls13Reader reader;
    private EncryptedFlight undecryptable;
    private WireException encryptedError;
    private boolean encryptedSeen;
    private Alert alert;
    private WireException error;
    private int bytesRead;
    private byte[] firstBytes = new byte[0];

    /**
     * A flight answering {@code sent}, whose TLS 1.3 part is decrypted with the private halves of its key shares.
     *
     * @param maxBytes the most handshake bytes read at each level
     */
    public CryptoFlight(SentHello sent, int maxBytes) {
        Objects.requireNonNull(sent, "sent");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        this.sent = sent;
        this.maxBytes = maxBytes;
    }

    /** Counts a datagram received by the transport, keeping the first bytes received for diagnostics. */
    public void received(byte[] datagram) {
        bytesRead += datagram.length;
        if (firstBytes.length < FIRST_BYTES) {
            int c = Math.min(FIRST_BYTES - firstBytes.length, datagram.length);
            byte[] more = Arrays.copyOf(firstBytes, firstBytes.length + c);
            System.arraycopy(datagram, 0, more, firstBytes.length, c);
            firstBytes = more;
        }
    }

    /** Reads the next in-order handshake bytes of the Initial level. */
    public void initial(byte[] data) {
        if (over() || data.length == 0) {
            return;
        }
        try {
            initial0(data);
        } catch (WireException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new WireException(WireError.INTERNAL, "decoder defect: " + e);
        }
    }

    private void initial0(byte[] data) throws WireException {
        if (serverHello != null) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake bytes at the Initial level after the "
                    + "ServerHello (at handshake offset " + initialBytes + ")");
        }
        if ((long) pending.length() + data.length > maxBytes) {
            throw new WireException(WireError.OVERSIZED, "the Initial-level handshake bytes exceed " + maxBytes);
        }
        pending.append(data);
        if (pending.length() < 4) {
            return;
        }
        byte[] buf = pending.array();
        int type = buf[0] & 0xFF;
        int length = ((buf[1] & 0xFF) << 16) | ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF);
        if (type != Tls.HT_SERVER_HELLO) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake message type " + type
                    + " before ServerHello at handshake offset 0");
        }
        if (length > maxBytes - 4) {
            throw new WireException(WireError.OVERSIZED, "ServerHello of " + length + " bytes exceeds " + maxBytes);
        }
        if (pending.length() < 4 + length) {
            return;
        }
        if (pending.length() > 4 + length) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "handshake bytes at the Initial level after the "
                    + "ServerHello (at handshake offset " + (4 + length) + ")");
        }
        buf = Arrays.copyOf(buf, 4 + length);
        pending.consume(4 + length);
        initialBytes = buf.length;
        serverHello = ServerMessages.parseServerHello(Unpooled.wrappedBuffer(buf, 4, length), 4);
        if (serverHello.helloRetryRequest()) {
            return;
        }
        if (serverHello.selectedVersion() != Tls.TLS13) {
            throw new WireException(WireError.BAD_VALUE, String.format("the server selected version 0x%04X "
                    + "(expected: TLS 1.3, the only version QUIC carries)", serverHello.negotiatedVersion()));
        }
        try {
            reader = Tls13Reader.start(sent, serverHello, buf, maxBytes);
        } catch (WireException e) {
            undecryptable = EncryptedFlight.undecryptable(serverHello, e);
        }
    }

    /** Reads the next in-order handshake bytes of the Handshake level (already decrypted by the transport). */
    public void handshake(byte[] data) {
        if (over() || data.length == 0) {
            return;
        }
        encryptedSeen = true;
        if (reader == null) {
            error = new WireException(WireError.UNEXPECTED_MESSAGE, "Handshake-level bytes before a ServerHello");
            return;
        }
        try {
            reader.handshake(data);
        } catch (WireException e) {
            encryptedError = e;
        } catch (RuntimeException e) {
            encryptedError = new WireException(WireError.INTERNAL, "decryption defect: " + e);
        }
    }

    /** The server ended the handshake with this TLS alert (a QUIC CRYPTO_ERROR, RFC 9001 4.8). */
    public void alert(int description) {
        if (alert == null) {
            alert = new Alert(Alert.FATAL, description);
        }
    }

    /** The transport failed to read the server's answer: the flight ends with this error, keeping what came before. */
    public void fail(WireException e) {
        if (error == null) {
            error = Objects.requireNonNull(e, "e");
        }
    }

    /** Whether the ServerHello gave handshake secrets tlsweep holds: the Handshake level can be read. */
    public boolean handshakeKeys() {
        return reader != null;
    }

    /** The cipher suite of the ServerHello, or -1 before one. */
    public int suite() {
        return serverHello == null ? -1 : serverHello.cipherSuite();
    }

    /** The server's handshake traffic secret; only once {@link #handshakeKeys()}. */
    public byte[] serverHandshakeSecret() {
        return reader.serverHandshakeTrafficSecret();
    }

    /** The client's handshake traffic secret; only once {@link #handshakeKeys()}. */
    public byte[] clientHandshakeSecret() {
        return reader.clientHandshakeTrafficSecret();
    }

    /** The ServerHello or HelloRetryRequest, or {@code null}. */
    public ServerHello serverHello() {
        return serverHello;
    }

    /**
     * Whether nothing more is to be read: a HelloRetryRequest, the server's Finished, an alert, an error, or a
     * ServerHello whose flight tlsweep cannot decrypt.
     */
    public boolean over() {
        return error != null || alert != null || undecryptable != null || encryptedError != null
                || (serverHello != null && serverHello.helloRetryRequest())
                || (reader != null && reader.over());
    }

    /** What was read so far, as a {@link ServerFlight}. */
    public ServerFlight result() {
        EncryptedFlight encrypted = reader != null ? reader.flight(encryptedError) : undecryptable;
        return new ServerFlight(serverHello, null, null, false, null, false, false,
                encryptedSeen || (encrypted != null && encrypted.over()), alert, null, error, bytesRead,
                firstBytes.clone(), encrypted);
    }
}
