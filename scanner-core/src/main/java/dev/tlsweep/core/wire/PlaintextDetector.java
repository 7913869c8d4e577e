package dev.tlsweep.core.wire;

import java.nio.charset.StandardCharsets;

/**
 * Names the plaintext protocol a peer answered with instead of TLS, for "not TLS" diagnostics
 * (an HTTP server on the TLS port answers a ClientHello with "HTTP/1.1 400").
 */
final class PlaintextDetector {

    private static final String[][] BANNERS = {
        {"HTTP/", "HTTP"},
        {"<!DOCTYPE", "HTML"},
        {"<html", "HTML"},
        {"<HTML", "HTML"},
        {"SSH-", "SSH"},
        {"220 ", "SMTP/FTP greeting"},
        {"220-", "SMTP/FTP greeting"},
        {"+OK", "POP3"},
        {"* OK", "IMAP"},
        {"-ERR", "POP3/Redis error"},
        {"RFB ", "VNC"},
        {"AMQP", "AMQP"},
    };

    private PlaintextDetector() {
    }

    /**
     * Returns a protocol name if the first bytes look like a known plaintext banner, else {@code null}.
     */
    static String detect(byte[] first) {
        for (String[] banner : BANNERS) {
            byte[] prefix = banner[0].getBytes(StandardCharsets.US_ASCII);
            if (first.length >= prefix.length) {
                boolean match = true;
                for (int i = 0; i < prefix.length && match; i++) {
                    match = first[i] == prefix[i];
                }
                if (match) {
                    return banner[1];
                }
            }
        }
        return null;
    }

    /** Renders bytes as printable ASCII with {@code \xNN} escapes, for messages. */
    static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') {
                sb.append((char) c);
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
