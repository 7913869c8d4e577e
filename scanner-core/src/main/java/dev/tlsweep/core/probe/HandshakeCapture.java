package dev.tlsweep.core.probe;

import java.util.List;

/**
 * What one real TLS handshake showed of the server's certificates.
 *
 * @param chain        the DER chain in served order; empty if the server's Certificate was not reached
 * @param ocspResponse the stapled OCSP response, {@code null} if none
 * @param protocol     the negotiated protocol name (e.g. {@code "TLSv1.3"}), {@code null} if unknown
 * @param cipherSuite  the negotiated suite's name, {@code null} if unknown
 * @param failure      why the handshake did not complete, {@code null} if it did (or was cut short by
 *                     the engine: see the exchange's outcome)
 */
record HandshakeCapture(List<byte[]> chain, byte[] ocspResponse, String protocol, String cipherSuite,
        String failure) {

    HandshakeCapture {
        chain = List.copyOf(chain);
    }
}
