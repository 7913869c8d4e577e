package dev.tlsweep.core.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What tlsweep learned of an endpoint's QUIC side (RFC 9000, RFC 9369), beside the TLS 1.3 suites, groups and
 * certificates its report holds like any other.
 *
 * @param run                how far the QUIC probe got (completed, incomplete with the reason), its time and hellos
 * @param versions           each QUIC version tlsweep offered, whether the server took it
 * @param versionNegotiation the versions the server listed in a Version Negotiation packet (names of {@code
 *                           QuicVersion.describe}: {@code v1}, {@code v2}, {@code v2-draft}, ...), in its order; empty
 *                           when it sent none
 * @param retry              whether the server demanded address validation by a Retry packet; {@code null} when no
 *                           QUIC handshake was answered (no version accepted, no Retry seen): not known
 * @param alpn               the ALPN protocols the server accepted over QUIC, in the order offered
 * @param alpnRefused        the ALPN protocols it refused (offered alone)
 * @param transportParameters the server's transport parameters that describe its configuration (limits, timeouts),
 *                           by name, in the order sent
 * @param transportFlags     the parameters it sent without a value kept (disable_active_migration,
 *                           preferred_address, stateless_reset_token, grease_quic_bit)
 */
public record QuicReport(ProbeRun run, List<VersionSupport> versions, List<String> versionNegotiation, Boolean retry,
        List<String> alpn, List<String> alpnRefused, Map<String, Long> transportParameters,
        List<String> transportFlags) {

    /**
     * Whether the server took one QUIC version.
     *
     * @param version  {@code v1} or {@code v2}
     * @param accepted true when it answered in that version, false when it negotiated it away (or refused it),
     *                 {@code null} when it did not answer
     * @param detail   what it did instead, or why it is not known; {@code null} when accepted
     */
    public record VersionSupport(String version, Boolean accepted, String detail) {
        public VersionSupport {
            Objects.requireNonNull(version, "version");
        }
    }

    public QuicReport {
        Objects.requireNonNull(run, "run");
        versions = List.copyOf(versions);
        versionNegotiation = List.copyOf(versionNegotiation);
        alpn = List.copyOf(alpn);
        alpnRefused = List.copyOf(alpnRefused);
        transportParameters = Collections.unmodifiableMap(new LinkedHashMap<>(transportParameters));
        transportFlags = List.copyOf(transportFlags);
    }

    /** The versions the server took, by name. */
    public List<String> accepted() {
        return versions.stream().filter(v -> Boolean.TRUE.equals(v.accepted())).map(VersionSupport::version).toList();
    }
}
