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
 * <p>Entry points: {@link dev.tlsweep.core.probe.CipherSuiteProbe} (which suites each version accepts,
 * by elimination or exhaustively) and {@link dev.tlsweep.core.probe.PreferenceProbe} (whether the
 * server imposes its order, and which), {@link dev.tlsweep.core.probe.GroupProbe} and
 * {@link dev.tlsweep.core.probe.SignatureAlgorithmProbe} (per version, by elimination over code points,
 * {@link dev.tlsweep.core.probe.CodeWalk}), {@link dev.tlsweep.core.probe.CertificateProbe} (every certificate
 * chain served, as served: from the enumeration's TLS 1.2-and-earlier flights and from the TLS 1.3 flights tlsweep
 * decrypts with its own key share), and the checks of {@link dev.tlsweep.core.probe.CheckCatalog}, one
 * {@link dev.tlsweep.core.probe.CheckProbe} per handshake behaviour or vulnerability (docs/CHECKS.md). Checks that
 * need several flights on one connection are pure {@link dev.tlsweep.core.probe.Dialogue}s run by
 * {@link dev.tlsweep.core.probe.DialogueSession}. {@link dev.tlsweep.core.probe.ClientSimulationProbe} replays real
 * clients' hellos, from the profiles of {@link dev.tlsweep.core.registry.ClientProfiles} ({@code clients.tsv}).
 * A QUIC context ({@link dev.tlsweep.core.probe.ProbeContext#quic}) sends every hello in QUIC Initial packets and
 * reads the answer like a TCP one, so the TLS 1.3 probes run over QUIC unchanged; {@link
 * dev.tlsweep.core.probe.QuicProbe} asks what only QUIC says (versions, Retry, transport parameters, ALPN), and
 * {@link dev.tlsweep.core.probe.DiscoveryProbe} what an HTTPS endpoint announces of HTTP/3 and ECH (Alt-Svc, the DNS
 * HTTPS record). {@link dev.tlsweep.core.probe.HelloAnswer#of} is the one place
 * where connection outcomes and wire errors become answer kinds.
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc5246#section-7.4.2">RFC 5246 §7.4.2</a>
 * (Certificate), <a href="https://www.rfc-editor.org/rfc/rfc6066#section-8">RFC 6066 §8</a> (OCSP
 * stapling), <a href="https://www.rfc-editor.org/rfc/rfc8446#section-4.4.2">RFC 8446 §4.4.2</a> (TLS 1.3
 * Certificate), <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1">RFC 5280 §4.1</a>
 * (SubjectPublicKeyInfo), RFC 8446 §4.1.4 (HelloRetryRequest), <a href="https://www.rfc-editor.org/rfc/rfc7507">RFC 7507</a> (fallback SCSV),
 * <a href="https://www.rfc-editor.org/rfc/rfc5746">RFC 5746</a> (renegotiation),
 * <a href="https://www.rfc-editor.org/rfc/rfc6520">RFC 6520</a> (heartbeat),
 * <a href="https://www.rfc-editor.org/rfc/rfc5077">RFC 5077</a> (tickets),
 * <a href="https://robotattack.org/">ROBOT</a>, <a href="https://github.com/salesforce/jarm">JARM</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc9000">RFC 9000</a> (QUIC),
 * <a href="https://www.rfc-editor.org/rfc/rfc7838">RFC 7838</a> (Alt-Svc),
 * <a href="https://www.rfc-editor.org/rfc/rfc9460">RFC 9460</a> (HTTPS records),
 * <a href="https://www.rfc-editor.org/rfc/rfc9849">RFC 9849</a> (ECH).
 */
package dev.tlsweep.core.probe;
