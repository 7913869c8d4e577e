package dev.tlsweep.core.reach;

import java.nio.charset.StandardCharsets;

/**
 * MySQL and MariaDB (protocol 10): read the server's initial handshake packet, check that its capabilities offer
 * {@code CLIENT_SSL}, and answer with an SSLRequest packet (sequence 1: the client's capabilities with {@code
 * CLIENT_SSL}, a maximum packet size and a character set); TLS starts right after it, without an answer. An error
 * packet instead of the greeting ({@code Host '...' is not allowed to connect}, too many connections) is a
 * refusal in the server's words, as is a server without {@code CLIENT_SSL}.
 */
final class MysqlDialog extends Dialog {

    static final int CLIENT_LONG_PASSWORD = 0x1;
    static final int CLIENT_PROTOCOL_41 = 0x200;
    static final int CLIENT_SSL = 0x800;
    static final int CLIENT_SECURE_CONNECTION = 0x8000;
    static final int CLIENT_PLUGIN_AUTH = 0x80000;
    private static final int MAX_PACKET = 16 * 1024 * 1024;
    private static final int UTF8MB4 = 45;

    MysqlDialog() {
        super("the MySQL server greeting");
    }

    @Override
    Step advance() throws Violation {
        if (available() < 4) {
            return null;
        }
        int length = peek(0) | (peek(1) << 8) | (peek(2) << 16);
        if (length == 0 || length > MAX_BUFFERED) {
            throw new Violation("a MySQL packet of " + length + " bytes (expected: 1.." + MAX_BUFFERED + ")");
        }
        if (available() < 4 + length) {
            return null;
        }
        byte[] packet = take(4 + length);
        int protocol = packet[4] & 0xFF;
        if (protocol == 0xFF) {
            int code = length >= 3 ? (packet[5] & 0xFF) | ((packet[6] & 0xFF) << 8) : 0;
            int text = 7;
            if (length > 3 && packet[text] == '#') {
                text += 6; // '#' and the SQL state
            }
            String message = text < packet.length ? new String(packet, text, packet.length - text, StandardCharsets.UTF_8) : "";
            return Step.refused("MySQL greeting: error " + code + (message.isBlank() ? "" : ": " + words(message)));
        }
        if (protocol != 10) {
            throw new Violation("not a MySQL protocol 10 greeting: protocol " + protocol);
        }
        int i = 5;
        while (i < packet.length && packet[i] != 0) {
            i++; // server version, NUL-terminated
        }
        String version = words(new String(packet, 5, Math.min(i, packet.length) - 5, StandardCharsets.ISO_8859_1));
        i += 1 + 4 + 8 + 1; // NUL, connection id, auth-plugin-data part 1, filler
        if (i + 2 > packet.length) {
            throw new Violation("a MySQL greeting cut short (" + packet.length + " bytes, server " + version + ")");
        }
        int capabilities = (packet[i] & 0xFF) | ((packet[i + 1] & 0xFF) << 8);
        if ((capabilities & CLIENT_SSL) == 0) {
            return Step.refused("the MySQL server " + version + " does not offer SSL (capabilities 0x"
                    + Integer.toHexString(capabilities) + " without CLIENT_SSL)");
        }
        send(sslRequest());
        return Step.upgrade();
    }

    /** The SSLRequest packet: 32 bytes of payload, sequence number 1. */
    static byte[] sslRequest() {
        byte[] p = new byte[4 + 32];
        p[0] = 32;
        p[3] = 1;
        int caps = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH;
        for (int k = 0; k < 4; k++) {
            p[4 + k] = (byte) (caps >>> (8 * k));
            p[8 + k] = (byte) (MAX_PACKET >>> (8 * k));
        }
        p[12] = (byte) UTF8MB4;
        return p;
    }
}
