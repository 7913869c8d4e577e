/**
 * How TLS is reached: over TCP from the first byte, over TCP after a plaintext upgrade (STARTTLS and the
 * like), or over QUIC. Pure code, no I/O: the catalogue of upgrade protocols ({@link
 * dev.tlsweep.core.reach.Starttls}: URL scheme, default port, connections allowed at once) and, per protocol,
 * a small state machine ({@link dev.tlsweep.core.reach.Preamble}) that says what to send, reads what the server
 * answers, and decides when the upgrade is done, refused or broken. The engine drives one per connection,
 * before the ClientHello, and owns the bytes, limits and timeouts; the state machines bound what they
 * buffer (a line, a message) themselves and quote a refusing server's words cut and made printable.
 *
 * <p>Entry points: {@link dev.tlsweep.core.reach.Starttls#preamble(String)}, {@link
 * dev.tlsweep.core.reach.Preamble}, {@link dev.tlsweep.core.reach.Step}, {@link
 * dev.tlsweep.core.reach.Transport}.
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc3207">RFC 3207</a> (SMTP STARTTLS), <a
 * href="https://www.rfc-editor.org/rfc/rfc2033">RFC 2033</a> (LMTP), <a
 * href="https://www.rfc-editor.org/rfc/rfc2595">RFC 2595</a> (IMAP STARTTLS, POP3 STLS), <a
 * href="https://www.rfc-editor.org/rfc/rfc4217">RFC 4217</a> (FTP AUTH TLS), <a
 * href="https://www.rfc-editor.org/rfc/rfc6120#section-5">RFC 6120 §5</a> (XMPP STARTTLS), <a
 * href="https://www.rfc-editor.org/rfc/rfc4511#section-4.14">RFC 4511 §4.14</a> (LDAP StartTLS), <a
 * href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-SSL">PostgreSQL SSLRequest</a>,
 * <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html">MySQL
 * SSLRequest</a>, <a href="https://www.rfc-editor.org/rfc/rfc4642">RFC 4642</a> (NNTP STARTTLS), <a
 * href="https://www.rfc-editor.org/rfc/rfc5804#section-2.2">RFC 5804 §2.2</a> (ManageSieve STARTTLS), <a
 * href="https://ircv3.net/specs/deprecated/tls">IRCv3 tls</a> (IRC STARTTLS, numerics 670 and 691), <a
 * href="https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpbcgr/18a27ef9-6f9a-4501-b000-94b1fe3c2c10">MS-RDPBCGR
 * 2.2.1.1–2.2.1.2</a> (RDP X.224 negotiation).
 */
package dev.tlsweep.core.reach;
