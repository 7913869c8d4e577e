package dev.tlsweep.core.wire;

/**
 * What a server sent in its first flight, complete or not. Partial evidence is kept: a flight that
 * ended with an error or a closed connection still carries everything parsed before.
 *
 * @param serverHello the ServerHello or HelloRetryRequest, {@code null} if none was seen
 * @param certificate the plaintext Certificate message (TLS 1.2 and earlier), {@code null} if none
 * @param serverKeyExchange the ServerKeyExchange, {@code null} if none
 * @param certificateStatus whether a CertificateStatus message (RFC 6066 §8, OCSP stapling in TLS 1.2 and
 *        earlier) was seen
 * @param ocspResponse the DER OCSPResponse of that message (for {@code ocsp_multi}, RFC 6961, the first
 *        non-empty one), {@code null} if none, if the status type is unknown or if it exceeds
 *        {@link ServerFlightDecoder#MAX_OCSP_RESPONSE_BYTES}
 * @param certificateRequested whether a CertificateRequest was seen
 * @param serverHelloDone whether ServerHelloDone was seen
 * @param encryptedSeen whether encrypted records followed the ServerHello (TLS 1.3) or a ChangeCipherSpec
 * @param alert the first alert received in plaintext, {@code null} if none
 * @param ssl2ServerHello an SSLv2 SERVER-HELLO, {@code null} if none
 * @param error why decoding stopped, {@code null} if it did not fail
 * @param bytesRead the bytes received up to and including the chunk that ended the flight (at most the
 *        configured maximum); later bytes are not counted
 * @param firstBytes the first up to 32 bytes received (also those that arrived after the flight ended), for
 *        diagnostics such as a plaintext "HTTP/1.1 400" answer
 * @param encrypted what was decrypted of a TLS 1.3 flight with tlsweep's own key share, or {@code null} when the
 *        decoder was not asked to decrypt (or the flight is not TLS 1.3)
 */
public record ServerFlight(ServerHello serverHello, CertificateMessage certificate,
        ServerKeyExchange serverKeyExchange, boolean certificateStatus, byte[] ocspResponse,
        boolean certificateRequested, boolean serverHelloDone,
        boolean encryptedSeen, Alert alert, Ssl2ServerHello ssl2ServerHello, WireException error,
        int bytesRead, byte[] firstBytes, EncryptedFlight encrypted) {

    /**
     * Returns whether the flight is over: ServerHelloDone, a HelloRetryRequest, a ServerHello followed by
     * encrypted records (when decrypting: up to the server's Finished, an encrypted alert or a decryption error),
     * an alert, an SSLv2 SERVER-HELLO or an error.
     *
     * @return {@code true} if nothing more is to be read
     */
    public boolean complete() {
        return serverHelloDone
                || (serverHello != null && (serverHello.helloRetryRequest()
                        || (encryptedSeen && (encrypted == null || encrypted.over()))))
                || (alert != null && alert.endsFlight())
                || ssl2ServerHello != null
                || error != null;
    }
}
