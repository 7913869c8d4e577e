package dev.tlsweep.core.wire;

import java.util.List;

/**
 * A TLS 1.2-and-earlier Certificate message.
 *
 * @param certificates DER encodings in the order the server sent them (unmodifiable)
 */
public record CertificateMessage(List<byte[]> certificates) {
}
