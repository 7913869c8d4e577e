/**
 * The TLS registries: protocol versions, cipher suites, named groups and signature schemes.
 *
 * <p>Entry points: {@link dev.tlsweep.core.registry.ProtocolVersion},
 * {@link dev.tlsweep.core.registry.CipherSuites}, {@link dev.tlsweep.core.registry.NamedGroups},
 * {@link dev.tlsweep.core.registry.SignatureSchemes}. The data is kept in tab-separated resource
 * files next to the classes, loaded once and immutable.
 *
 * <p>References: <a href="https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml">IANA
 * TLS parameters</a>, <a href="https://www.rfc-editor.org/rfc/rfc8446">RFC 8446</a> (TLS 1.3),
 * <a href="https://www.rfc-editor.org/rfc/rfc5246">RFC 5246</a> (TLS 1.2),
 * <a href="https://www.rfc-editor.org/rfc/rfc8447">RFC 8447</a> (IANA registry updates),
 * <a href="https://www.rfc-editor.org/rfc/rfc7919">RFC 7919</a> (FFDHE groups),
 * <a href="https://www.rfc-editor.org/rfc/rfc5746">RFC 5746</a> and
 * <a href="https://www.rfc-editor.org/rfc/rfc7507">RFC 7507</a> (signalling cipher suite values).
 */
package dev.tlsweep.core.registry;
