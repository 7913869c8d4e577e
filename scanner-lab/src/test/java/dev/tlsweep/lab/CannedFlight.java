package dev.tlsweep.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a canned responder answered on one connection, read by a plain socket client, with
 * small decoders for the tests' assertions.
 */
final class CannedFlight {

    static final byte[] HRR_RANDOM = java.util.HexFormat.of().parseHex(
            "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    record Record(int type, int version, byte[] payload) {
    }

    record Message(int type, byte[] body) {
    }

    record ServerHello(int version, byte[] random, byte[] sessionId, int suite, Map<Integer, byte[]> extensions) {
        boolean isHelloRetryRequest() {
            return Arrays.equals(random, HRR_RANDOM);
        }

        /** The version from supported_versions, or the legacy field. */
        int negotiatedVersion() {
            byte[] sv = extensions.get(0x002B);
            return sv == null ? version : ((sv[0] & 0xFF) << 8) | (sv[1] & 0xFF);
        }
    }

    final byte[] bytes;
    final boolean eof;
    final boolean timedOut;
    final boolean reset;

    private CannedFlight(byte[] bytes, boolean eof, boolean timedOut, boolean reset) {
        this.bytes = bytes;
        this.eof = eof;
        this.timedOut = timedOut;
        this.reset = reset;
    }

    /** Connects, sends the hello and reads until a whole first flight, an alert, EOF, reset or timeout. */
    static CannedFlight exchange(InetSocketAddress address, byte[] hello, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2000);
            socket.setSoTimeout(timeoutMillis);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    static CannedFlight exchange(InetSocketAddress address, byte[] hello) throws IOException {
        return exchange(address, hello, 5000);
    }

    /** Reads one flight from a socket already connected (for exchanges of several flights). */
    static CannedFlight read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        for (int reads = 0; reads < 10_000; reads++) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                return new CannedFlight(received.toByteArray(), false, true, false);
            } catch (SocketException e) {
                return new CannedFlight(received.toByteArray(), false, false, true);
            }
            if (n < 0) {
                return new CannedFlight(received.toByteArray(), true, false, false);
            }
            received.write(chunk, 0, n);
            CannedFlight flight = new CannedFlight(received.toByteArray(), false, false, false);
            if (flight.complete() && flight.alert() < 0) {
                return flight;
            }
        }
        throw new IOException("too many reads");
    }

    static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    boolean isSslv2() {
        return bytes.length > 0 && (bytes[0] & 0x80) != 0;
    }

    private boolean complete() {
        if (isSslv2()) {
            return bytes.length >= 2 && bytes.length >= 2 + (((bytes[0] & 0x7F) << 8) | (bytes[1] & 0xFF));
        }
        List<Record> records = records();
        for (Record record : records) {
            if (record.type() == 21 || record.type() == 23) {
                return true;
            }
        }
        for (Message message : messages()) {
            if (message.type() == 14) {
                return true;
            }
            if (message.type() == 2 && serverHello().isHelloRetryRequest()) {
                // wait for the ChangeCipherSpec that follows when a session id was sent
                return records.get(records.size() - 1).type() == 20 || serverHello().sessionId().length == 0;
            }
        }
        return false;
    }

    /** The whole records received. */
    List<Record> records() {
        List<Record> records = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.remaining() >= 5) {
            int type = buf.get() & 0xFF;
            int version = buf.getShort() & 0xFFFF;
            int length = buf.getShort() & 0xFFFF;
            if (buf.remaining() < length) {
                break;
            }
            byte[] payload = new byte[length];
            buf.get(payload);
            records.add(new Record(type, version, payload));
        }
        return records;
    }

    /** The whole handshake messages, reassembled across records. */
    List<Message> messages() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Record record : records()) {
            if (record.type() == 22) {
                stream.writeBytes(record.payload());
            }
        }
        List<Message> messages = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(stream.toByteArray());
        while (buf.remaining() >= 4) {
            int type = buf.get() & 0xFF;
            int length = ((buf.get() & 0xFF) << 16) | ((buf.get() & 0xFF) << 8) | (buf.get() & 0xFF);
            if (buf.remaining() < length) {
                break;
            }
            byte[] body = new byte[length];
            buf.get(body);
            messages.add(new Message(type, body));
        }
        return messages;
    }

    List<Integer> messageTypes() {
        return messages().stream().map(Message::type).toList();
    }

    List<Integer> recordTypes() {
        return records().stream().map(Record::type).toList();
    }

    Message message(int type) {
        return messages().stream().filter(m -> m.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no handshake message " + type + " in " + messageTypes()));
    }

    /** The description of the first alert, or -1. */
    int alert() {
        for (Record record : records()) {
            if (record.type() == 21 && record.payload().length == 2) {
                return record.payload()[1] & 0xFF;
            }
        }
        return -1;
    }

    ServerHello serverHello() {
        ByteBuffer buf = ByteBuffer.wrap(message(2).body());
        int version = buf.getShort() & 0xFFFF;
        byte[] random = new byte[32];
        buf.get(random);
        byte[] sessionId = new byte[buf.get() & 0xFF];
        buf.get(sessionId);
        int suite = buf.getShort() & 0xFFFF;
        buf.get(); // compression
        Map<Integer, byte[]> extensions = new LinkedHashMap<>();
        if (buf.hasRemaining()) {
            int length = buf.getShort() & 0xFFFF;
            if (length != buf.remaining()) {
                throw new AssertionError("extensions length " + length + ", " + buf.remaining() + " left");
            }
            while (buf.hasRemaining()) {
                int type = buf.getShort() & 0xFFFF;
                byte[] data = new byte[buf.getShort() & 0xFFFF];
                buf.get(data);
                extensions.put(type, data);
            }
        }
        return new ServerHello(version, random, sessionId, suite, extensions);
    }

    /** The DER certificates of the Certificate message. */
    List<byte[]> certificates() {
        ByteBuffer buf = ByteBuffer.wrap(message(11).body());
        int total = u24(buf);
        if (total != buf.remaining()) {
            throw new AssertionError("certificate list length " + total + ", " + buf.remaining() + " left");
        }
        List<byte[]> certificates = new ArrayList<>();
        while (buf.hasRemaining()) {
            byte[] der = new byte[u24(buf)];
            buf.get(der);
            certificates.add(der);
        }
        return certificates;
    }

    /** An SSLv2 SERVER-HELLO: the certificate and the cipher kinds. */
    record Sslv2ServerHello(int version, byte[] certificate, List<Integer> kinds, int connectionIdLength) {
    }

    Sslv2ServerHello sslv2ServerHello() {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
        int type = buf.get() & 0xFF;
        if (type != 4) {
            throw new AssertionError("SSLv2 message type " + type + " (expected: 4)");
        }
        buf.get(); // session id hit
        buf.get(); // certificate type
        int version = buf.getShort() & 0xFFFF;
        int certificateLength = buf.getShort() & 0xFFFF;
        int specsLength = buf.getShort() & 0xFFFF;
        int connectionIdLength = buf.getShort() & 0xFFFF;
        byte[] certificate = new byte[certificateLength];
        buf.get(certificate);
        List<Integer> kinds = new ArrayList<>();
        for (int i = 0; i < specsLength / 3; i++) {
            kinds.add(((buf.get() & 0xFF) << 16) | ((buf.get() & 0xFF) << 8) | (buf.get() & 0xFF));
        }
        if (buf.remaining() != connectionIdLength) {
            throw new AssertionError("connection id: " + buf.remaining() + " bytes (expected: " + connectionIdLength + ")");
        }
        return new Sslv2ServerHello(version, certificate, kinds, connectionIdLength);
    }

    static int u24(ByteBuffer buf) {
        return ((buf.get() & 0xFF) << 16) | ((buf.get() & 0xFF) << 8) | (buf.get() & 0xFF);
    }

    @Override
    public String toString() {
        return "CannedFlight(" + bytes.length + " bytes, eof=" + eof + ", timedOut=" + timedOut + ", reset=" + reset
                + ", records=" + recordTypes() + ")";
    }
}
