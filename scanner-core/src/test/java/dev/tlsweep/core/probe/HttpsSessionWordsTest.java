package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** A failed HTTPS request says why in TLS's words, not in the TLS stack's class names. */
class HttpsSessionWordsTest {

    @Test
    void anAlertIsNamed() {
        SSLHandshakeException e = new SSLHandshakeException("error:10000410:SSL routines:OPENSSL_internal:"
                + "SSLV3_ALERT_HANDSHAKE_FAILURE");
        assertThat(HttpsSession.handshakeWords(e)).isEqualTo("the server sent a handshake_failure alert");
        assertThat(HttpsSession.handshakeWords(new SSLHandshakeException("error:1000042e:SSL routines:"
                + "OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION"))).isEqualTo(
                "the server sent a protocol_version alert");
    }

    @Test
    void otherwiseTheMessageWithoutClassNames() {
        assertThat(HttpsSession.handshakeWords(new SSLHandshakeException(
                "javax.net.ssl.SSLException: Connection reset"))).isEqualTo("Connection reset");
        assertThat(HttpsSession.handshakeWords(null)).isEqualTo("no reason given");
    }
}
