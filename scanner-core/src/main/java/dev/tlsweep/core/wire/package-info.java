/**
 * The TLS wire codec: hand-built ClientHellos and an incremental decoder of the server's first flight,
 * pure code over Netty {@link io.netty.buffer.ByteBuf}s with no channels and no I/O.
 *
 * <p>Entry points: {@link dev.tlsweep.core.wire.ClientHelloSpec} and
 * {@link dev.tlsweep.core.wire.ClientHelloEncoder} to build and encode a hello (TLS or SSLv2 format);
 * {@link dev.tlsweep.core.wire.ServerFlightDecoder} to read what the server answers into a
 * {@link dev.tlsweep.core.wire.ServerFlight}; {@link dev.tlsweep.core.wire.ClientHelloParser} to read a hello
 * back. TLS 1.3 answers are decrypted with tlsweep's own key share ({@link dev.tlsweep.core.wire.KeyShare},
 * {@link dev.tlsweep.core.wire.SentHello}, the key schedule of {@code Tls13Reader} checked against RFC 8448's trace,
 * AES-GCM, ChaCha20-Poly1305 and AES-CCM record protection): {@link dev.tlsweep.core.wire.EncryptedFlight}.
 * {@link dev.tlsweep.core.wire.Tls12Client} and {@link dev.tlsweep.core.wire.Tls13Client} finish handshakes for the
 * checks that need one; {@link dev.tlsweep.core.wire.Jarm} builds JARM's hellos and hash. Malformed input surfaces
 * as a typed {@link dev.tlsweep.core.wire.WireException}, never as an unchecked
 * exception. Code points are plain ints; names live in the registry package.
 *
 * <p>References:
 * <a href="https://www.rfc-editor.org/rfc/rfc8446">RFC 8446</a> (TLS 1.3),
 * <a href="https://www.rfc-editor.org/rfc/rfc5246">RFC 5246</a> (TLS 1.2),
 * <a href="https://www.rfc-editor.org/rfc/rfc6101">RFC 6101</a> (SSL 3.0),
 * <a href="https://datatracker.ietf.org/doc/html/draft-hickman-netscape-ssl-00">the SSL 2.0 draft</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc6066">RFC 6066</a> (server_name, status_request),
 * <a href="https://www.rfc-editor.org/rfc/rfc7301">RFC 7301</a> (ALPN),
 * <a href="https://www.rfc-editor.org/rfc/rfc7627">RFC 7627</a> (extended master secret),
 * <a href="https://www.rfc-editor.org/rfc/rfc7685">RFC 7685</a> (padding),
 * <a href="https://www.rfc-editor.org/rfc/rfc8422">RFC 8422</a> (ECC),
 * <a href="https://www.rfc-editor.org/rfc/rfc5746">RFC 5746</a> (renegotiation_info),
 * <a href="https://www.rfc-editor.org/rfc/rfc8448">RFC 8448</a> (TLS 1.3 traces),
 * <a href="https://www.rfc-editor.org/rfc/rfc5869">RFC 5869</a> (HKDF),
 * <a href="https://datatracker.ietf.org/doc/draft-ietf-tls-ecdhe-mlkem/">draft-ietf-tls-ecdhe-mlkem</a> (hybrid groups),
 * <a href="https://www.rfc-editor.org/rfc/rfc7627">RFC 7627</a> (extended master secret).
 */
package dev.tlsweep.core.wire;
