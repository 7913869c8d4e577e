package dev.tlsweep.core.engine;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/**
 * A conversation carried out by Netty handlers on one engine connection, for exchanges that are more
 * than "write bytes, decode bytes" — such as a real TLS handshake through an {@code SslHandler}.
 *
 * <p>A fresh session is created for every attempt (the first connection and each retry), once the
 * connection is established; it is used only on that connection's event loop and must not block.
 * The engine keeps its own handler first in the pipeline: it sees every raw byte (for the read
 * timeout, the byte cap and the retry decision), passes the bytes on to the session's handlers, and
 * owns the connection's end. The engine also adds a last handler that swallows exceptions and
 * unread messages that reach the end of the pipeline.
 *
 * @param <T> the type of what the session saw
 */
public interface ChannelSession<T> {

    /**
     * Starts the conversation: adds handlers to the end of {@code channel}'s pipeline and returns a
     * future that completes when the session has what it wants. Called once, on the channel's event
     * loop, when the connection is established (the engine fires {@code channelActive} to the added
     * handlers right after). When the future completes — successfully or not — the engine closes the
     * connection and reports {@link Outcome#COMPLETED}, with the failure's text as the detail; the
     * session describes a failure in its {@link #result()}. A peer close, reset or timeout that comes
     * first ends the attempt as for a byte exchange.
     *
     * @param channel the connected channel
     * @return completes when the session is over; must not be {@code null}
     */
    Future<?> start(Channel channel);

    /**
     * What was seen so far. Called exactly once per attempt that connected, after the attempt ended
     * for whatever reason, on the connection's event loop. Must not throw.
     */
    T result();
}
