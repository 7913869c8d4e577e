package dev.tlsweep.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The client side of a whole TLS 1.3 handshake, pure code over bytes: it reads the ServerHello, decrypts the server's
 * flight with tlsweep's own key share ({@link Tls13Reader}), answers with its Finished and a close_notify, and reads
 * what the server sends after the handshake — the NewSessionTickets that tell whether it resumes sessions and accepts
 * early data (RFC 8446 4.6.1, 4.2.10). Certificates and signatures are not verified.
 *
 * <p>Feed it what the server sends ({@link #receive}); send what it returns. Never throws for what a server sends.
 * Not thread-safe: one instance per connection.
 */
public final class Tls13Client {

    /** How far the handshake got. */
    public enum Phase { SERVER_HELLO, SERVER_FLIGHT, AFTER_HANDSHAKE, CLOSED, FAILED }

    /** A ticket the server issued. */
    public record Ticket(long lifetimeSeconds, int ticketLength, long maxEarlyDataSize) {
    }

    private final SentHello hello;
    private byte[] records = new byte[0];
    private int received;
    private Phase phase = Phase.SERVER_HELLO;
    private Tls13Reader reader;
    private ServerHello serverHello;
    private String failure;

    public Tls13Client(SentHello hello) {
        this.hello = Objects.requireNonNull(hello, "hello");
    }

    /** Reads what the server sent; returns the bytes to send now (empty when nothing). Consumes all of {@code in}. */
    public byte[] receive(ByteBuf in) {
        int n = in.readableBytes();
        if (phase == Phase.FAILED || phase == Phase.CLOSED || n == 0) {
            in.skipBytes(n);
            return new byte[0];
        }
        received += n;
        if (received > Tls12Client.MAX_BYTES) {
            in.skipBytes(n);
            fail("the server sent more than " + Tls12Client.MAX_BYTES + " bytes");
            return new byte[0];
        }
        byte[] chunk = new byte[n];
        in.readBytes(chunk);
        records = TlsHash.concat(records, chunk);
        byte[] out = new byte[0];
        try {
            int i = 0;
            while (phase != Phase.FAILED && phase != Phase.CLOSED && records.length - i >= 5) {
                int type = records[i] & 0xFF;
                int length = ((records[i + 3] & 0xFF) << 8) | (records[i + 4] & 0xFF);
                if ((records[i + 1] & 0xFF) != 3 || length > Tls.MAX_RECORD_LENGTH) {
                    throw new WireException(WireError.BAD_RECORD_TYPE, "a malformed record header");
                }
                if (records.length - i - 5 < length) {
                    break;
                }
                byte[] header = Arrays.copyOfRange(records, i, i + 5);
                byte[] fragment = Arrays.copyOfRange(records, i + 5, i + 5 + length);
                i += 5 + length;
                out = TlsHash.concat(out, record(type, header, fragment));
            }
            records = Arrays.copyOfRange(records, i, records.length);
        } catch (WireException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            fail("internal error: " + e);
        }
        return out;
    }

    private byte[] record(int type, byte[] header, byte[] fragment) throws WireException {
        if (phase == Phase.SERVER_HELLO) {
            if (type == Tls.CT_ALERT && fragment.length == 2) {
                fail("the server sent " + new Alert(fragment[0] & 0xFF, fragment[1] & 0xFF).describe());
                return new byte[0];
            }
            if (type != Tls.CT_HANDSHAKE || fragment.length < 4 || fragment[0] != Tls.HT_SERVER_HELLO) {
                throw new WireException(WireError.UNEXPECTED_MESSAGE, "record type " + type + " where the ServerHello"
                        + " was expected");
            }
            int length = ((fragment[1] & 0xFF) << 16) | ((fragment[2] & 0xFF) << 8) | (fragment[3] & 0xFF);
            if (length + 4 != fragment.length) {
                throw new WireException(WireError.BAD_LENGTH, "a ServerHello not alone in its record");
            }
            serverHello = ServerMessages.parseServerHello(Unpooled.wrappedBuffer(fragment, 4, length), 4);
            if (serverHello.helloRetryRequest()) {
                fail("the server asked for another key share (HelloRetryRequest)");
                return new byte[0];
            }
            if (serverHello.selectedVersion() != Tls.TLS13) {
                fail(String.format("the server negotiated 0x%04X, not TLS 1.3", serverHello.negotiatedVersion()));
                return new byte[0];
            }
            reader = Tls13Reader.start(hello, serverHello, fragment, Tls12Client.MAX_BYTES);
            phase = Phase.SERVER_FLIGHT;
            return new byte[0];
        }
        if (type == Tls.CT_CHANGE_CIPHER_SPEC) {
            return new byte[0]; // middlebox compatibility
        }
        if (type != Tls.CT_APPLICATION_DATA) {
            throw new WireException(WireError.UNEXPECTED_MESSAGE, "a plaintext record of type " + type
                    + " after the ServerHello");
        }
        reader.onRecord(header, fragment);
        if (reader.alert() != null) {
            if (phase == Phase.SERVER_FLIGHT) {
                fail("the server sent " + reader.alert().describe());
            } else {
                phase = Phase.CLOSED;
            }
            return new byte[0];
        }
        if (phase == Phase.SERVER_FLIGHT && reader.finished()) {
            byte[] finished = reader.clientFinished();
            phase = Phase.AFTER_HANDSHAKE;
            return TlsHash.concat(finished, reader.closeNotify());
        }
        return new byte[0];
    }

    private void fail(String why) {
        if (phase != Phase.FAILED) {
            failure = why;
            phase = Phase.FAILED;
        }
    }

    /** How far the handshake got. */
    public Phase phase() {
        return phase;
    }

    /** Why the handshake stopped, or {@code null}. */
    public String failure() {
        return failure;
    }

    /** The ServerHello, or {@code null}. */
    public ServerHello serverHello() {
        return serverHello;
    }

    /** What was decrypted of the server's flight, or {@code null} before the ServerHello. */
    public EncryptedFlight flight() {
        return reader == null ? null : reader.flight(null);
    }

    /** The tickets the server issued after the handshake. */
    public List<Ticket> tickets() {
        if (reader == null) {
            return List.of();
        }
        return reader.tickets().stream().map(t -> new Ticket(t.lifetimeSeconds(), t.ticketLength(),
                t.maxEarlyDataSize())).toList();
    }
}
