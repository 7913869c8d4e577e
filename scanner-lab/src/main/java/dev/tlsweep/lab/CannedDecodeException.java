package dev.tlsweep.lab;

/** A ClientHello that cannot be decoded; answered with a {@code decode_error} alert. */
final class CannedDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CannedDecodeException(String message) {
        super(message, null, false, false);
    }
}
