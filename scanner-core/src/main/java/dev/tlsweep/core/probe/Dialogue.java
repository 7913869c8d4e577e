package dev.tlsweep.core.probe;

import io.netty.buffer.ByteBuf;

/**
 * A scripted conversation on one connection, as a pure state machine: the bytes to open with, then for each batch of
 * bytes the server sends, the bytes to answer and whether it is over. {@link DialogueSession} runs it on an engine
 * connection, under the engine's limits (byte cap, read and attempt timeouts). What the server does — an alert, a
 * close, silence — is data for {@link #result()}, never an exception.
 *
 * <p>Used by the checks that need more than one flight: CCS injection, Heartbleed, ROBOT, renegotiation and
 * resumption, TLS 1.3 early data. One instance per connection attempt; used on that connection's event loop only.
 *
 * @param <T> what the dialogue saw
 */
interface Dialogue<T> {

    /** The bytes to send once connected (typically a ClientHello). */
    byte[] opening();

    /**
     * Consumes the bytes that arrived (all of them: the dialogue keeps what it needs) and says what to send next.
     *
     * @param in the bytes received since the last call; the dialogue advances its reader index over all of them
     */
    Step receive(ByteBuf in);

    /** What was seen; called once, when the connection ended for whatever reason. Must not throw. */
    T result();

    /**
     * Called when the server stayed quiet for the window a step asked for ({@link Step#quietMillis()}): silence is
     * the answer. Ends the dialogue unless overridden.
     */
    default Step onQuiet() {
        return Step.DONE;
    }

    /**
     * What to do after some bytes arrived.
     *
     * @param send the bytes to send now (may be empty)
     * @param done whether the dialogue is over (the engine then closes the connection)
     */
    record Step(byte[] send, boolean done, long quietMillis) {

        static final Step WAIT = new Step(new byte[0], false, 0);
        static final Step DONE = new Step(new byte[0], true, 0);

        Step(byte[] send, boolean done) {
            this(send, done, 0);
        }

        /** Sends {@code bytes} and goes on reading. */
        static Step send(byte[] bytes) {
            return new Step(bytes, false, 0);
        }

        /**
         * Sends {@code bytes} and goes on reading, but calls {@link Dialogue#onQuiet()} when nothing arrives for
         * {@code millis}: a reaction window shorter than the engine's read timeout, for questions where silence is an
         * answer (a server that waits for the rest of a handshake).
         */
        static Step sendThenWait(byte[] bytes, long millis) {
            return new Step(bytes, false, millis);
        }

        /** Sends {@code bytes} (possibly nothing) and ends. */
        static Step sendAndEnd(byte[] bytes) {
            return new Step(bytes, true, 0);
        }
    }
}
