/**
 * The tlsweep testbed: a test PKI and TLS servers on loopback with known (mis)configurations.
 *
 * <p>Entry points: {@link dev.tlsweep.lab.TestPki} (root, intermediates and leaves generated at
 * run time), {@link dev.tlsweep.lab.LabServer} (a Netty server on BoringSSL or the JDK with exact
 * versions, suites, preference, served chain, SNI and stapling) and
 * {@link dev.tlsweep.lab.OpenSslServer} ({@code openssl s_server} as a child process for legacy
 * configurations).
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc5280">RFC 5280</a> (certificates),
 * <a href="https://www.rfc-editor.org/rfc/rfc8446">RFC 8446</a> (TLS 1.3),
 * <a href="https://www.rfc-editor.org/rfc/rfc5246">RFC 5246</a> (TLS 1.2),
 * <a href="https://www.rfc-editor.org/rfc/rfc6066">RFC 6066</a> (SNI, OCSP stapling).
 */
package dev.tlsweep.lab;
