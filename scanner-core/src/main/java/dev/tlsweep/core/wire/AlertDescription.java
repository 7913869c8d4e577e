package dev.tlsweep.core.wire;

/**
 * TLS alert descriptions from the IANA "TLS Alerts" registry, with their wire values and RFC names.
 */
public enum AlertDescription {
    CLOSE_NOTIFY(0, "close_notify"),
    UNEXPECTED_MESSAGE(10, "unexpected_message"),
    BAD_RECORD_MAC(20, "bad_record_mac"),
    DECRYPTION_FAILED(21, "decryption_failed"),
    RECORD_OVERFLOW(22, "record_overflow"),
    DECOMPRESSION_FAILURE(30, "decompression_failure"),
    HANDSHAKE_FAILURE(40, "handshake_failure"),
    NO_CERTIFICATE(41, "no_certificate"),
    BAD_CERTIFICATE(42, "bad_certificate"),
    UNSUPPORTED_CERTIFICATE(43, "unsupported_certificate"),
    CERTIFICATE_REVOKED(44, "certificate_revoked"),
    CERTIFICATE_EXPIRED(45, "certificate_expired"),
    CERTIFICATE_UNKNOWN(46, "certificate_unknown"),
    ILLEGAL_PARAMETER(47, "illegal_parameter"),
    UNKNOWN_CA(48, "unknown_ca"),
    ACCESS_DENIED(49, "access_denied"),
    DECODE_ERROR(50, "decode_error"),
    DECRYPT_ERROR(51, "decrypt_error"),
    TOO_MANY_CIDS_REQUESTED(52, "too_many_cids_requested"),
    EXPORT_RESTRICTION(60, "export_restriction"),
    PROTOCOL_VERSION(70, "protocol_version"),
    INSUFFICIENT_SECURITY(71, "insufficient_security"),
    INTERNAL_ERROR(80, "internal_error"),
    INAPPROPRIATE_FALLBACK(86, "inappropriate_fallback"),
    USER_CANCELED(90, "user_canceled"),
    NO_RENEGOTIATION(100, "no_renegotiation"),
    MISSING_EXTENSION(109, "missing_extension"),
    UNSUPPORTED_EXTENSION(110, "unsupported_extension"),
    CERTIFICATE_UNOBTAINABLE(111, "certificate_unobtainable"),
    UNRECOGNIZED_NAME(112, "unrecognized_name"),
    BAD_CERTIFICATE_STATUS_RESPONSE(113, "bad_certificate_status_response"),
    BAD_CERTIFICATE_HASH_VALUE(114, "bad_certificate_hash_value"),
    UNKNOWN_PSK_IDENTITY(115, "unknown_psk_identity"),
    CERTIFICATE_REQUIRED(116, "certificate_required"),
    GENERAL_ERROR(117, "general_error"),
    NO_APPLICATION_PROTOCOL(120, "no_application_protocol"),
    ECH_REQUIRED(121, "ech_required"),
    /** Any value not assigned in the registry; its {@link #code()} is -1. */
    UNKNOWN(-1, "unknown");

    private static final AlertDescription[] BY_CODE = new AlertDescription[256];

    static {
        for (AlertDescription d : values()) {
            if (d.code >= 0) {
                BY_CODE[d.code] = d;
            }
        }
    }

    private final int code;
    private final String rfcName;

    AlertDescription(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /**
     * Returns the wire value.
     *
     * @return 0..255, or -1 for {@link #UNKNOWN}
     */
    public int code() {
        return code;
    }

    /**
     * Returns the name used in the RFCs, e.g. {@code handshake_failure}.
     *
     * @return the RFC name
     */
    public String rfcName() {
        return rfcName;
    }

    /**
     * Looks up a wire value.
     *
     * @param code the description byte
     * @return the constant, or {@link #UNKNOWN} if unassigned or out of range
     */
    public static AlertDescription of(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            return UNKNOWN;
        }
        AlertDescription d = BY_CODE[code];
        return d == null ? UNKNOWN : d;
    }
}
