package dev.tlsweep.core.quic;

/** Bytes a server sent that are not well-formed QUIC, or a packet that does not decrypt. */
public final class QuicException extends Exception {

    private static final long serialVersionUID = 1L;

    public QuicException(String message) {
        super(message, null, false, false);
    }
}
