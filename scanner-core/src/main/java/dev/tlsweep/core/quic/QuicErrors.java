package dev.tlsweep.core.quic;

import dev.tlsweep.core.input.Printable;

/** The names of QUIC's transport error codes (RFC 9000 20.1) and of the TLS alerts they carry (RFC 9001 20.1). */
public final class QuicErrors {

    private static final String[] NAMES = {
        "NO_ERROR", "INTERNAL_ERROR", "CONNECTION_REFUSED", "FLOW_CONTROL_ERROR", "STREAM_LIMIT_ERROR",
        "STREAM_STATE_ERROR", "FINAL_SIZE_ERROR", "FRAME_ENCODING_ERROR", "TRANSPORT_PARAMETER_ERROR",
        "CONNECTION_ID_LIMIT_ERROR", "PROTOCOL_VIOLATION", "INVALID_TOKEN", "APPLICATION_ERROR",
        "CRYPTO_BUFFER_EXCEEDED", "KEY_UPDATE_ERROR", "AEAD_LIMIT_REACHED", "NO_VIABLE_PATH",
        "VERSION_NEGOTIATION_ERROR",
    };

    private QuicErrors() {
    }

    /** The name of a transport error code: {@code PROTOCOL_VIOLATION}, {@code CRYPTO_ERROR(alert 40)}, or hex. */
    public static String name(long code) {
        if (code >= 0 && code < NAMES.length) {
            return NAMES[(int) code];
        }
        if (code >= 0x100 && code <= 0x1ff) {
            return "CRYPTO_ERROR(alert " + (code & 0xff) + ")";
        }
        return "0x" + Long.toHexString(code);
    }

    /** How a server's CONNECTION_CLOSE reads in a message: its code and, printable, its reason. */
    public static String describe(QuicClient.Close close) {
        String code = close.application() ? "application error 0x" + Long.toHexString(close.code())
                : name(close.code());
        return close.reason().isEmpty() ? code : code + " " + Printable.quote(close.reason());
    }
}
