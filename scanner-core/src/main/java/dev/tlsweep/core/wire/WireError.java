package dev.tlsweep.core.wire;

/**
 * The closed set of reasons why bytes on the wire could not be decoded.
 */
public enum WireError {
    /** The input ended inside a structure whose length said more bytes follow. */
    TRUNCATED,
    /** A length field disagrees with the structure around it (trailing bytes, odd list length, ...). */
    BAD_LENGTH,
    /** A length exceeds a protocol maximum or a configured limit. */
    OVERSIZED,
    /** The peer does not speak TLS or SSL at all (plaintext such as an HTTP or SSH banner, or garbage). */
    NOT_TLS,
    /** A TLS record with a content type outside 20..24 or a record-layer version whose major is not 3. */
    BAD_RECORD_TYPE,
    /** A well-formed message that is not allowed at this point of the handshake. */
    UNEXPECTED_MESSAGE,
    /** A field holds a value the protocol does not allow (duplicate extension, zero-length certificate, ...). */
    BAD_VALUE,
    /** The server answered in SSLv2 with an ERROR message instead of a SERVER-HELLO. */
    SSL2_ERROR,
    /** A defect of the decoder itself; never expected, reported instead of an unchecked exception. */
    INTERNAL
}
