package dev.tlsweep.core.scan;

import dev.tlsweep.core.registry.ClientProfile;
import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to probe on each endpoint.
 *
 * @param versions     the protocol versions to probe (default: all, SSLv2 to TLS 1.3)
 * @param exhaustive   one hello per (version, suite) instead of elimination
 * @param certificates capture the certificate chains the endpoint serves (default: true)
 * @param clients      the client profiles to replay (client simulation; default: none)
 */
public record ScanOptions(Set<ProtocolVersion> versions, boolean exhaustive, boolean certificates,
        List<ClientProfile> clients) {

    public ScanOptions {
        Objects.requireNonNull(versions, "versions");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions: [] (expected: at least one protocol version)");
        }
        versions = Set.copyOf(versions);
        clients = List.copyOf(clients);
    }

    /** Every version, by elimination, with the certificate capture, no client simulation. */
    public static ScanOptions defaults() {
        return new ScanOptions(EnumSet.allOf(ProtocolVersion.class), false, true, List.of());
    }

    public ScanOptions withExhaustive(boolean value) {
        return new ScanOptions(versions, value, certificates, clients);
    }

    public ScanOptions withVersions(Set<ProtocolVersion> value) {
        return new ScanOptions(value, exhaustive, certificates, clients);
    }

    public ScanOptions withCertificates(boolean value) {
        return new ScanOptions(versions, exhaustive, value, clients);
    }

    public ScanOptions withClients(List<ClientProfile> value) {
        return new ScanOptions(versions, exhaustive, certificates, value);
    }
}
