/**
 * Probes: one class per question asked of an endpoint. A probe is stateless (one instance serves every
 * endpoint); its steps are pure functions of the answers so far ({@link dev.tlsweep.core.probe.Elimination},
 * {@link dev.tlsweep.core.probe.Preference}, {@link dev.tlsweep.core.probe.Completion}), tested offline, and a
 * thin driver sends each step's hello through the {@link dev.tlsweep.core.probe.ProbeContext} (which hands it
 * to the engine). What a server does — an alert, a reset, silence, a protocol violation — is data
 * ({@link dev.tlsweep.core.probe.Reading}), never an exception; a result carries a
 * {@link dev.tlsweep.core.report.ProbeRun}: a version whose offers went unanswered is incomplete unless a
 * later connection proves the endpoint alive and unthrottled.
 *
 * <p>Entry points: {@link dev.tlsweep.core.probe.CipherSuiteProbe} (which suites each version accepts, by
 * elimination or exhaustively), {@link dev.tlsweep.core.probe.PreferenceProbe} (whether the server imposes
 * its order, and which), {@link dev.tlsweep.core.probe.CertificateProbe} (every certificate chain served, as
 * served: from the enumeration's TLS 1.2-and-earlier flights, or one TLS 1.3 handshake through Netty's
 * SslHandler), {@link dev.tlsweep.core.probe.ClientSimulationProbe} (real clients' hellos replayed, from the
 * profiles of {@link dev.tlsweep.core.registry.ClientProfiles}, {@code clients.tsv}).
 * {@link dev.tlsweep.core.probe.HelloAnswer#of} is the one place where connection outcomes and wire errors
 * become answer kinds.
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc5246#section-7.4.2">RFC 5246 §7.4.2</a>
 * (Certificate), <a href="https://www.rfc-editor.org/rfc/rfc6066#section-8">RFC 6066 §8</a> (OCSP
 * stapling), <a href="https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2">RFC 8446 §4.4.2</a> (TLS 1.3
 * Certificate), <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1">RFC 5280 §4.1</a>
 * (SubjectPublicKeyInfo), RFC 7507 (TLS_FALLBACK_SCSV), RFC 8446 §4.1.4 (HelloRetryRequest).
 */
package dev.tlsweep.core.probe;
