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
 * with its own connections at once, byte cap and deadline). The engine knows nothing of what the bytes mean.
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc9293">RFC 9293</a> (TCP: FIN and
 * RST), <a href="https://www.rfc-editor.org/rfc/rfc6761">RFC 6761</a> (special-use names
 * {@code localhost} and {@code invalid}), <a href="https://www.rfc-editor.org/rfc/rfc1035">RFC
 * 1035</a> (DNS).
 */
package dev.tlsweep.core.engine;
