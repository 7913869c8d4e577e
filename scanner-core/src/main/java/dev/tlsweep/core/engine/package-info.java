/**
 * Netty client engine that runs byte exchanges (connect, write a request, read until a decoder is
 * satisfied) for many endpoints concurrently, under global and per-endpoint limits, with timeouts,
 * retries and asynchronous DNS.
 *
 * <p>Entry points: {@link dev.tlsweep.core.engine.ScanEngine} configured by
 * {@link dev.tlsweep.core.engine.EngineConfig}; callers supply a
 * {@link dev.tlsweep.core.engine.ResponseDecoder} per attempt ({@code exchange}), or a
 * {@link dev.tlsweep.core.engine.ChannelSession} that runs its own Netty handlers, such as a TLS
 * handshake through an {@code SslHandler} ({@code session}), and receive an
 * {@link dev.tlsweep.core.engine.Exchange} whose {@link dev.tlsweep.core.engine.Outcome} says how
 * the connection ended. Either may first replay a plaintext preamble on every connection ({@link
 * dev.tlsweep.core.engine.Upgrade}: STARTTLS and the like, a {@link dev.tlsweep.core.reach.Preamble} per connection,
 * with its own connections at once, byte cap and deadline). A {@link dev.tlsweep.core.engine.DatagramDialog} runs over
 * a UDP socket ({@code datagram}: a QUIC handshake) under the same limits, with bounded retransmission ({@link
 * dev.tlsweep.core.engine.Retransmission}); {@code queryRecords} asks the name servers for raw records of one type (DNS
 * HTTPS records). The engine knows nothing of what the bytes mean.
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc9293">RFC 9293</a> (TCP: FIN and
 * RST), <a href="https://www.rfc-editor.org/rfc/rfc6761">RFC 6761</a> (special-use names
 * {@code localhost} and {@code invalid}), <a href="https://www.rfc-editor.org/rfc/rfc1035">RFC
 * 1035</a> (DNS), <a href="https://www.rfc-editor.org/rfc/rfc768">RFC 768</a> (UDP),
 * <a href="https://www.rfc-editor.org/rfc/rfc9460">RFC 9460</a> (HTTPS records).
 */
package dev.tlsweep.core.engine;
