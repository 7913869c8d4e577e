package dev.tlsweep.core.report;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.Objects;

/**
 * What happened when a client profile's ClientHello was replayed against an endpoint (the client simulation probe).
 *
 * @param client    the profile's id
 * @param name      the profile's display name
 * @param connected whether the client would complete the handshake as far as the server's first flight shows
 * @param version   the negotiated version, or {@code null}
 * @param suite     the negotiated suite, or {@code null}
 * @param keyExchange the group or DH size used, e.g. {@code x25519} or {@code dh 2048}, or {@code null}
 * @param reason    why it fails, in the client's words where known; {@code null} when it connects
 * @param note      how the result came about (e.g. after a HelloRetryRequest, after a version fallback), or {@code null}
 * @param hellos    how many ClientHellos the replay sent
 */
public record ClientResult(String client, String name, boolean connected, ProtocolVersion version, CipherSuite suite,
        String keyExchange, String reason, String note, int hellos) {

    public ClientResult {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(name, "name");
    }
}
