package dev.tlsweep.core.policy;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named configuration an endpoint can be judged against: a Mozilla server-side TLS configuration
 * or a load balancer's predefined security policy. Loaded from the data files of this package by
 * {@link PolicyCatalog}.
 *
 * @param id               the name used on the command line, e.g. {@code mozilla-intermediate-6.0},
 *                         {@code ELBSecurityPolicy-TLS13-1-2-2021-06}, {@code clb:ELBSecurityPolicy-2016-08}
 * @param family           {@code mozilla}, {@code aws-elb} (ALB and NLB) or {@code aws-clb}
 * @param versions         the protocol versions the policy enables
 * @param suites           the TLS 1.0-1.2 suites it enables, in its order
 * @param tls13Suites      the TLS 1.3 suites it enables
 * @param exact            whether a missing version or suite makes an endpoint non-compliant (a load
 *                         balancer serves exactly its policy); if not, missing ones are advisory
 * @param minDhBits        the smallest DH prime allowed, or 0 for no limit
 * @param minEcdhBits      the smallest ECDH group allowed, or 0 for no limit
 * @param minRsaBits       the smallest RSA certificate key allowed, or 0 for no limit
 * @param maxLifetimeDays  the longest leaf certificate lifetime allowed, or 0 for no limit
 * @param serverPreference whether the server must impose its own suite order
 * @param certificateTypes leaf key types allowed ({@code rsa}, {@code ecdsa}); empty for no rule
 * @param certificateSignatures leaf signature algorithms allowed; empty for no rule
 */
public record PolicyProfile(String id, String family, Set<ProtocolVersion> versions, List<CipherSuite> suites,
        List<CipherSuite> tls13Suites, boolean exact, int minDhBits, int minEcdhBits, int minRsaBits,
        int maxLifetimeDays, boolean serverPreference, List<String> certificateTypes,
        List<String> certificateSignatures) {

    public PolicyProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        versions = Set.copyOf(versions);
        suites = List.copyOf(suites);
        tls13Suites = List.copyOf(tls13Suites);
        certificateTypes = List.copyOf(certificateTypes);
        certificateSignatures = List.copyOf(certificateSignatures);
    }

    /** Whether this is a Mozilla configuration. */
    public boolean isMozilla() {
        return family.equals("mozilla");
    }
}
