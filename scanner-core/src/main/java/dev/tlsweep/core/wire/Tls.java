package dev.tlsweep.core.wire;

/**
 * Wire constants shared by the encoder and the decoders.
 */
final class Tls {
    static final int CT_CHANGE_CIPHER_SPEC = 20;
    static final int CT_ALERT = 21;
    static final int CT_HANDSHAKE = 22;
    static final int CT_APPLICATION_DATA = 23;
    static final int CT_HEARTBEAT = 24;

    static final int HT_HELLO_REQUEST = 0;
    static final int HT_CLIENT_HELLO = 1;
    static final int HT_SERVER_HELLO = 2;
    static final int HT_NEW_SESSION_TICKET = 4;
    static final int HT_CERTIFICATE = 11;
    static final int HT_SERVER_KEY_EXCHANGE = 12;
    static final int HT_CERTIFICATE_REQUEST = 13;
    static final int HT_SERVER_HELLO_DONE = 14;
    static final int HT_CERTIFICATE_STATUS = 22;
    static final int HT_SUPPLEMENTAL_DATA = 23;

    static final int EXT_SERVER_NAME = 0;
    static final int EXT_STATUS_REQUEST = 5;
    static final int EXT_SUPPORTED_GROUPS = 10;
    static final int EXT_EC_POINT_FORMATS = 11;
    static final int EXT_SIGNATURE_ALGORITHMS = 13;
    static final int EXT_HEARTBEAT = 15;
    static final int EXT_ALPN = 16;
    static final int EXT_PADDING = 21;
    static final int EXT_EXTENDED_MASTER_SECRET = 23;
    static final int EXT_SESSION_TICKET = 35;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int EXT_PSK_KEY_EXCHANGE_MODES = 45;
    static final int EXT_KEY_SHARE = 51;
    static final int EXT_RENEGOTIATION_INFO = 0xFF01;

    static final int SSL2_MT_ERROR = 0;
    static final int SSL2_MT_CLIENT_HELLO = 1;
    static final int SSL2_MT_SERVER_HELLO = 4;

    static final int TLS13 = 0x0304;

    /** Largest TLSPlaintext/TLSCiphertext fragment a peer may send: 2^14 plus expansion. */
    static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;
    /** Largest plaintext fragment we send. */
    static final int MAX_PLAINTEXT = 1 << 14;

    /** The ServerHello.random that marks a HelloRetryRequest: SHA-256 of "HelloRetryRequest" (RFC 8446 4.1.3). */
    private static final byte[] HRR_RANDOM = hex(
            "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private Tls() {
    }

    static boolean isHrrRandom(byte[] random) {
        return java.util.Arrays.equals(random, HRR_RANDOM);
    }

    static byte[] hrrRandom() {
        return HRR_RANDOM.clone();
    }

    static boolean isTls13OrDraft(int version) {
        return version == TLS13 || (version >>> 8) == 0x7F;
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
