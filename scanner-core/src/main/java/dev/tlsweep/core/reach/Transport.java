package dev.tlsweep.core.reach;

import java.util.Optional;

/** What carries the TLS handshake: TCP (possibly after a plaintext upgrade) or QUIC. */
public enum Transport {
    /** TLS records over a TCP connection. */
    TCP("tcp"),
    /** TLS 1.3 handshake messages in QUIC CRYPTO frames over UDP (RFC 9000, RFC 9001; version 2 of RFC 9369). */
    QUIC("quic");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** The label written in reports and metrics: {@code tcp}, {@code quic}. */
    public String label() {
        return label;
    }

    /** The transport with this label. */
    public static Optional<Transport> fromLabel(String label) {
        for (Transport t : values()) {
            if (t.label.equals(label)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
