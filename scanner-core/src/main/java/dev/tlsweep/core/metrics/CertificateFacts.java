package dev.tlsweep.core.metrics;

import java.time.Instant;
import java.util.List;

/**
 * The leaf and chain facts of one endpoint that {@link EndpointMetrics} exports. Supplied by the chain
 * analysis through the function given to {@link EndpointMetrics}'s constructor; endpoints without facts
 * simply have no certificate or chain series.
 */
public interface CertificateFacts {

    /** The earliest notAfter over every certificate the server sent (like {@code probe_ssl_earliest_cert_expiry}). */
    Instant earliestExpiry();

    /** Lowercase hex SHA-256 of the leaf's DER encoding. */
    String leafSha256();

    /** The leaf's serial number in lowercase hex. */
    String leafSerialHex();

    /** The leaf's subject distinguished name (RFC 4514). */
    String leafSubject();

    /** The leaf's issuer distinguished name (RFC 4514). */
    String leafIssuer();

    /** The leaf's DNS and IP subject alternative names. */
    List<String> leafSans();

    /** Whether the served chain contains every intermediate up to a root. */
    boolean chainComplete();

    /** Whether the chain verifies against the trust store. */
    boolean trusted();

    /** Whether the leaf is valid for the server name (or host) scanned. */
    boolean hostnameValid();
}
