package dev.tlsweep.core.scan;

import dev.tlsweep.core.registry.ClientProfile;
import dev.tlsweep.core.registry.ProtocolVersion;
import java.time.Duration;
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
 * @param endpointTimeout the time one endpoint's probes may take in all, from its first hello: past it the
 *                     hellos under way are abandoned and what was not finished is incomplete (default:
 *                     {@link #DEFAULT_ENDPOINT_TIMEOUT})
 */
public record ScanOptions(Set<ProtocolVersion> versions, boolean exhaustive, boolean certificates,
        List<ClientProfile> clients, Duration endpointTimeout) {

    /** The default {@link #endpointTimeout()}: two minutes. */
    public static final Duration DEFAULT_ENDPOINT_TIMEOUT = Duration.ofSeconds(120);

    public ScanOptions {
        Objects.requireNonNull(versions, "versions");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions: [] (expected: at least one protocol version)");
        }
        versions = Set.copyOf(versions);
        clients = List.copyOf(clients);
        Objects.requireNonNull(endpointTimeout, "endpointTimeout");
        if (endpointTimeout.toMillis() < 1 || endpointTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("endpointTimeout: " + endpointTimeout
                    + " (expected: 1 ms to 1 day)");
        }
    }

    /** Options with the default endpoint timeout. */
    public ScanOptions(Set<ProtocolVersion> versions, boolean exhaustive, boolean certificates,
            List<ClientProfile> clients) {
        this(versions, exhaustive, certificates, clients, DEFAULT_ENDPOINT_TIMEOUT);
    }

    /** Every version, by elimination, with the certificate capture, no client simulation. */
    public static ScanOptions defaults() {
        return new ScanOptions(EnumSet.allOf(ProtocolVersion.class), false, true, List.of());
    }

    public ScanOptions withExhaustive(boolean value) {
        return new ScanOptions(versions, value, certificates, clients, endpointTimeout);
    }

    public ScanOptions withVersions(Set<ProtocolVersion> value) {
        return new ScanOptions(value, exhaustive, certificates, clients, endpointTimeout);
    }

    public ScanOptions withCertificates(boolean value) {
        return new ScanOptions(versions, exhaustive, value, clients, endpointTimeout);
    }

    public ScanOptions withClients(List<ClientProfile> value) {
        return new ScanOptions(versions, exhaustive, certificates, value, endpointTimeout);
    }

    public ScanOptions withEndpointTimeout(Duration value) {
        return new ScanOptions(versions, exhaustive, certificates, clients, value);
    }
}
