/**
 * Probes: one class per question asked of an endpoint. A probe is stateless (one instance serves every
 * endpoint), turns earlier results into ClientHellos, sends them through the
 * {@link dev.tlsweep.core.probe.ProbeContext} (which hands them to the engine) and folds the answers
 * into a typed result. What a server does — an alert, a reset, silence, a protocol violation — is data
 * for the probe, never an exception.
 *
 * <p>Entry points: {@link dev.tlsweep.core.probe.CipherSuiteProbe} (which suites each version accepts,
 * by elimination or exhaustively) and {@link dev.tlsweep.core.probe.PreferenceProbe} (whether the
 * server imposes its order, and which), {@link dev.tlsweep.core.probe.CertificateProbe} (every
 * certificate chain served, as served: from the enumeration's TLS 1.2-and-earlier flights, or one TLS 1.3
 * handshake through Netty's SslHandler). {@link dev.tlsweep.core.probe.HelloAnswer#of} is the one place
 * where connection outcomes and wire errors become answer kinds.
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc5246#section-7.4.2">RFC 5246 §7.4.2</a>
 * (Certificate), <a href="https://www.rfc-editor.org/rfc/rfc6066#section-8">RFC 6066 §8</a> (OCSP
 * stapling), <a href="https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2">RFC 8446 §4.4.2</a> (TLS 1.3
 * Certificate), <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1">RFC 5280 §4.1</a>
 * (SubjectPublicKeyInfo).
 */
package dev.tlsweep.core.probe;
