package dev.tlsweep.core.scan;

import dev.tlsweep.core.probe.ClientProfile;
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
 * @param groups       probe the key-exchange groups and signature algorithms of every accepted version (default: true)
 * @param checks       run the handshake-behaviour and vulnerability checks (default: true)
 */
public record ScanOptions(Set<ProtocolVersion> versions, boolean exhaustive, boolean certificates,
        List<ClientProfile> clients, boolean groups, boolean checks) {

    public ScanOptions {
        Objects.requireNonNull(versions, "versions");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions: [] (expected: at least one protocol version)");
        }
        versions = Set.copyOf(versions);
        clients = List.copyOf(clients);
    }

    /** Options of the suites, certificates and client simulation, with groups and checks. */
    public ScanOptions(Set<ProtocolVersion> versions, boolean exhaustive, boolean certificates,
            List<ClientProfile> clients) {
        this(versions, exhaustive, certificates, clients, true, true);
    }

    /**
     * Every version, by elimination, with the certificate capture, the groups, signature algorithms and checks, no
     * client simulation.
     */
    public static ScanOptions defaults() {
        return new ScanOptions(EnumSet.allOf(ProtocolVersion.class), false, true, List.of(), true, true);
    }

    public ScanOptions withExhaustive(boolean value) {
        return new ScanOptions(versions, value, certificates, clients, groups, checks);
    }

    public ScanOptions withVersions(Set<ProtocolVersion> value) {
        return new ScanOptions(value, exhaustive, certificates, clients, groups, checks);
    }

    public ScanOptions withCertificates(boolean value) {
        return new ScanOptions(versions, exhaustive, value, clients, groups, checks);
    }

    public ScanOptions withClients(List<ClientProfile> value) {
        return new ScanOptions(versions, exhaustive, certificates, value, groups, checks);
    }

    /** With or without the groups and signature algorithms of every accepted version. */
    public ScanOptions withGroups(boolean value) {
        return new ScanOptions(versions, exhaustive, certificates, clients, value, checks);
    }

    /** With or without the handshake-behaviour and vulnerability checks. */
    public ScanOptions withChecks(boolean value) {
        return new ScanOptions(versions, exhaustive, certificates, clients, groups, value);
    }
}
