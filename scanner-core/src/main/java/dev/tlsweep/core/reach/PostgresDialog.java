package dev.tlsweep.core.reach;

import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's SSLRequest (protocol 3, "SSL Session Encryption"): eight bytes (length 8, code 80877103); the
 * server answers one byte, {@code S} to start TLS, {@code N} to refuse. A server too old to know the request
 * answers an ErrorResponse ({@code E}), whose message is quoted. Bytes after {@code S} before the ClientHello are
 * refused as a protocol violation (CVE-2021-23214: a server must not buffer plaintext into the TLS session).
 */
final class PostgresDialog extends Dialog {

    static final int SSL_REQUEST_CODE = 80_877_103;

    PostgresDialog() {
        super("the answer to SSLRequest");
    }

    @Override
    public byte[] open() {
        return new byte[] {0, 0, 0, 8, 0x04, (byte) 0xD2, 0x16, 0x2F};
    }

    @Override
    Step advance() throws Violation {
        if (available() < 1) {
            return null;
        }
        int c = peek(0);
        if (c == 'S') {
            take(1);
            return Step.upgrade();
        }
        if (c == 'N') {
            take(1);
            return Step.refused("SSLRequest: the server answered 'N': it does not accept SSL/TLS connections");
        }
        if (c != 'E') {
            throw new Violation(String.format("not a PostgreSQL answer to SSLRequest: 0x%02X", c));
        }
        if (available() < 5) {
            return null;
        }
        long length = ((long) peek(1) << 24) | (peek(2) << 16) | (peek(3) << 8) | peek(4);
        if (length < 4 || length > MAX_BUFFERED) {
            throw new Violation("a PostgreSQL ErrorResponse of " + length + " bytes");
        }
        if (available() < 1 + length) {
            return null;
        }
        byte[] body = take((int) (1 + length));
        return Step.refused("SSLRequest: " + words(message(body)));
    }

    /** The {@code M} field of an ErrorResponse (type byte, then NUL-terminated fields), else the raw text. */
    private static String message(byte[] body) {
        int i = 5;
        while (i < body.length && body[i] != 0) {
            int type = body[i++];
            int start = i;
            while (i < body.length && body[i] != 0) {
                i++;
            }
            if (type == 'M') {
                return new String(body, start, i - start, StandardCharsets.UTF_8);
            }
            i++;
        }
        return new String(body, 5, body.length - 5, StandardCharsets.ISO_8859_1);
    }
}
