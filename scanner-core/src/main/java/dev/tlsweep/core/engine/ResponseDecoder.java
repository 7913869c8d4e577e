package dev.tlsweep.core.engine;

import io.netty.buffer.ByteBuf;

/**
 * Consumes the response bytes of one connection.
 *
 * <p>A fresh decoder is created for every attempt (the first connection and each retry), once the
 * connection is established, and it is used only on that connection's event loop, so it needs no
 * synchronisation. It must not block.
 *
 * <p>The engine accumulates what arrives: {@link #offer(ByteBuf)} sees every byte received so far
 * that the decoder has not yet consumed. The decoder advances the buffer's reader index over what
 * it consumed and leaves an incomplete tail unread; the tail is offered again, followed by the next
 * bytes, on the next call. The decoder must not retain or release the buffer.
 *
 * @param <T> the type of what the decoder saw
 */
public interface ResponseDecoder<T> {

    /**
     * Consumes readable bytes.
     *
     * @param in every byte received and not yet consumed
     * @return true once the decoder has seen enough; the engine then closes the connection
     *     and reports {@link Outcome#COMPLETED}. Must not throw.
     */
    boolean offer(ByteBuf in);

    /**
     * What was seen so far. Called exactly once per attempt that connected, after completion, peer
     * close, reset, timeout or error, on the connection's event loop.
     */
    T result();

    /** Bytes consumed so far (for "closed after N bytes" diagnostics). */
    default int bytesRead() {
        return 0;
    }
}
