/**
 * The tlsweep testbed: a test PKI and TLS servers on loopback with known (mis)configurations.
 *
 * <p>Entry points: {@link dev.tlsweep.lab.TestPki} (root, intermediates and leaves generated at
 * run time), {@link dev.tlsweep.lab.LabServer} (a Netty server on BoringSSL or the JDK with exact
 * versions, suites, preference, served chain, SNI and stapling) and
 * {@link dev.tlsweep.lab.OpenSslServer} ({@code openssl s_server} as a child process for legacy
 * configurations) and {@link dev.tlsweep.lab.CannedResponder}, which answers ClientHellos from a fixed
 * configuration without ever finishing a handshake — the only way to serve SSLv2, SSLv3, export, RC4
 * and DES today, and to imitate servers that misbehave ({@link dev.tlsweep.lab.CannedQuirk}).
 * {@link dev.tlsweep.lab.HostileFront} stands before any of them and imitates hostile networks: it
 * resets every connection after the first few, rate-limits new connections with resets, black-holes
 * connections, or resets a connection in the middle of the answer.
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc5280">RFC 5280</a> (certificates),
 * <a href="https://www.rfc-editor.org/rfc/rfc8446">RFC 8446</a> (TLS 1.3),
 * <a href="https://www.rfc-editor.org/rfc/rfc5246">RFC 5246</a> (TLS 1.2),
 * <a href="https://www.rfc-editor.org/rfc/rfc6066">RFC 6066</a> (SNI, OCSP stapling),
 * <a href="https://www.rfc-editor.org/rfc/rfc6101">RFC 6101</a> (SSLv3, and the SSLv2-format hello),
 * <a href="https://www.rfc-editor.org/rfc/rfc5746">RFC 5746</a> (renegotiation_info),
 * <a href="https://www.rfc-editor.org/rfc/rfc7627">RFC 7627</a> (extended_master_secret),
 * <a href="https://www.rfc-editor.org/rfc/rfc8422">RFC 8422</a> (ECDHE).
 */
package dev.tlsweep.lab;
