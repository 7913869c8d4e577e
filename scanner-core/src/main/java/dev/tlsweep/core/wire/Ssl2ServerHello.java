package dev.tlsweep.core.wire;

import java.util.List;

/**
 * An SSLv2 SERVER-HELLO message.
 *
 * @param version the server_version field (0x0002 for SSL 2.0)
 * @param certificate the server's certificate as sent (DER for X.509), possibly empty
 * @param cipherSpecs the 24-bit cipher kinds the server supports (unmodifiable)
 * @param connectionId the connection id
 */
public record Ssl2ServerHello(int version, byte[] certificate, List<Integer> cipherSpecs, byte[] connectionId) {
}
