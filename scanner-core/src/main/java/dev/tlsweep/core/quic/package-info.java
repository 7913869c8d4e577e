/**
 * QUIC as tlsweep speaks it: pure code over byte arrays, no I/O. The packet protection of version 1 and version 2
 * ({@link dev.tlsweep.core.quic.PacketKeys}: Initial keys from the destination connection ID, Handshake keys from
 * the TLS key schedule, AEAD and header protection; the Retry integrity tag), checked against the test vectors of RFC
 * 9001 Appendix A and RFC 9369 Appendix A; the parsers of a server's datagrams (coalesced long-header packets,
 * Version Negotiation, Retry) and of the frames of Initial and Handshake packets; the reassembly of CRYPTO data;
 * transport parameters; and {@link dev.tlsweep.core.quic.QuicClient}, the client's side of a handshake up to the
 * server's Finished, which the engine drives with datagrams and whose TLS answer reads like a TCP one (a {@link
 * dev.tlsweep.core.wire.ServerFlight}, from {@link dev.tlsweep.core.wire.CryptoFlight}).
 *
 * <p>Entry points: {@link dev.tlsweep.core.quic.QuicClient#start}, {@link dev.tlsweep.core.quic.QuicVersion},
 * {@link dev.tlsweep.core.quic.TransportParameters}. Everything a server sends is hostile: every length is checked
 * against the bytes present and a bound, and a malformed datagram or a packet that does not decrypt is dropped.
 *
 * <p>References:
 * <a href="https://www.rfc-editor.org/rfc/rfc9000">RFC 9000</a> (QUIC),
 * <a href="https://www.rfc-editor.org/rfc/rfc9001">RFC 9001</a> (Using TLS to secure QUIC),
 * <a href="https://www.rfc-editor.org/rfc/rfc9369">RFC 9369</a> (QUIC version 2),
 * <a href="https://www.rfc-editor.org/rfc/rfc9368">RFC 9368</a> (compatible version negotiation).
 */
package dev.tlsweep.core.quic;
