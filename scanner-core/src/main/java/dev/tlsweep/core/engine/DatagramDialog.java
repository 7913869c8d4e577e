package dev.tlsweep.core.engine;

import java.util.List;

/**
 * One conversation in UDP datagrams with one peer (a QUIC handshake), driven by the engine: what to send first,
 * what to send in answer to each datagram received, what to send again when nothing came for a while, and when it
 * is over. The engine owns the socket, the limits, the timeouts and the number of retransmissions; the dialog knows
 * what the bytes mean.
 *
 * <p>A fresh dialog is made for every attempt and used only on that attempt's event loop. Its methods must not
 * block and must not throw: a peer that sends garbage is a result, not an exception.
 *
 * @param <T> what the dialog saw
 */
public interface DatagramDialog<T> {

    /** The datagrams to send once the socket is open. */
    List<byte[]> open();

    /** One datagram from the peer (the engine keeps no reference to it); returns the datagrams to send in answer. */
    List<byte[]> receive(byte[] datagram);

    /** Whether the dialog has seen enough; the engine then sends what the last call returned and ends the attempt. */
    boolean done();

    /**
     * The datagrams to send again when the peer sent nothing for the retransmission interval (UDP loses packets);
     * empty for none. Called at most {@link Retransmission#max()} times per attempt.
     */
    List<byte[]> retransmit();

    /** What was seen; called once per attempt, when it ends. */
    T result();
}
