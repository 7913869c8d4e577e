package dev.tlsweep.lab;

import java.util.List;

/** What the canned responder decided to answer to one ClientHello. */
sealed interface CannedAnswer {

    /**
     * Refuse the hello.
     *
     * @param alert the alert description (or, for SSLv2, an SSLv2 ERROR is sent instead)
     * @param recordVersion the version of the alert record
     * @param sslv2 whether to answer in SSLv2 (an ERROR message)
     * @param quirkable whether the reject quirks (silence, FIN, RST) apply
     */
    record Reject(int alert, int recordVersion, boolean sslv2, boolean quirkable) implements CannedAnswer {
    }

    /** Reset the connection at once (an intolerant middlebox). */
    record Reset() implements CannedAnswer {
    }

    /** Never answer; the hold timer closes the connection. */
    record Hang() implements CannedAnswer {
    }

    /** A TLS 1.2-or-earlier (or SSLv3) first flight. */
    record Tls(int version, int suite) implements CannedAnswer {
    }

    /** A TLS 1.3 ServerHello with a key share of {@code group}. */
    record Tls13(int suite, int group) implements CannedAnswer {
    }

    /** A TLS 1.3 HelloRetryRequest. */
    record Retry(int suite, int group) implements CannedAnswer {
    }

    /** An SSLv2 SERVER-HELLO with these cipher kinds. */
    record Sslv2(List<Integer> kinds) implements CannedAnswer {
        public Sslv2 {
            kinds = List.copyOf(kinds);
        }
    }

    int ALERT_UNEXPECTED_MESSAGE = 10;
    int ALERT_BAD_RECORD_MAC = 20;
    int ALERT_HANDSHAKE_FAILURE = 40;
    int ALERT_DECRYPT_ERROR = 51;
    int ALERT_ILLEGAL_PARAMETER = 47;
    int ALERT_DECODE_ERROR = 50;
    int ALERT_PROTOCOL_VERSION = 70;
    int ALERT_NO_APPLICATION_PROTOCOL = 120;
}
