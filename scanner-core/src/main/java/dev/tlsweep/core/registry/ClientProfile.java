package dev.tlsweep.core.registry;

import java.util.List;
import java.util.Objects;

/**
 * A real TLS client as {@code --simulate-clients} replays it: its ClientHello and the checks it makes
 * on the server's answer. Loaded from {@code clients.tsv} by {@link ClientProfiles}.
 *
 * @param id          short name, e.g. {@code java-17}
 * @param name        how it is shown, e.g. {@code Java 17 (SunJSSE defaults)}
 * @param versions    the versions it offers, highest first
 * @param suites      its cipher suites in its order (TLS 1.3 ones included)
 * @param groups      supported_groups, in order
 * @param keyShares   the groups it sends TLS 1.3 key shares for
 * @param signatures  signature_algorithms, in order
 * @param extensions  the extension switches of clients.tsv ({@code sni}, {@code ems}, ...)
 * @param alpn        the ALPN protocols it offers, empty for none
 * @param minDhBits   the smallest DH prime it accepts, 0 for no limit
 * @param fallback    the version it retries with after a failed handshake, or {@code null}
 * @param style       whose words its failure reasons use: openssl, curl, python, java, go, chrome,
 *                    firefox, safari, android
 * @param legacySigalgsRefused whether a TLS 1.0/1.1 ServerKeyExchange (signed with MD5+SHA-1) fails the
 *                    handshake (OpenSSL 3 at security level 1 and above)
 * @param certificates how it judges the served certificate
 */
public record ClientProfile(String id, String name, List<ProtocolVersion> versions, List<Integer> suites,
        List<Integer> groups, List<Integer> keyShares, List<Integer> signatures, List<String> extensions,
        List<String> alpn, int minDhBits, ProtocolVersion fallback, String style, boolean legacySigalgsRefused,
        CertificateChecks certificates) {

    /**
     * How a client judges the server's certificate.
     *
     * @param fatal       whether a failed verification ends the handshake ({@code false}: it is printed and the
     *                    handshake goes on, as {@code openssl s_client} does by default)
     * @param minRsaBits  the smallest RSA key accepted on the chain, 0 for no limit
     * @param sha1Refused whether SHA-1 (and MD5) signatures on the chain fail
     * @param fetchesAia  whether a missing intermediate is fetched from the certificate's AIA URL
     */
    public record CertificateChecks(boolean fatal, int minRsaBits, boolean sha1Refused, boolean fetchesAia) {
    }

    public ClientProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(certificates, "certificates");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions: [] (expected: at least one version)");
        }
        versions = List.copyOf(versions);
        suites = List.copyOf(suites);
        groups = List.copyOf(groups);
        keyShares = List.copyOf(keyShares);
        signatures = List.copyOf(signatures);
        extensions = List.copyOf(extensions);
        alpn = List.copyOf(alpn);
    }

    /** Whether the client sends the extension or signal named as in clients.tsv. */
    public boolean sends(String extension) {
        return extensions.contains(extension);
    }

    /** The highest version it offers. */
    public ProtocolVersion highest() {
        return versions.get(0);
    }
}
