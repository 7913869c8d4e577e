package dev.tlsweep.core.reach;

/**
 * The plaintext dialog of one connection before its ClientHello: a pure state machine, one per connection,
 * used on one thread. The caller writes {@link #open()} once connected, then hands every chunk the server sends
 * to {@link #receive} (split anywhere) and writes each step's {@link Step#send()}, until a step is
 * {@linkplain Step#done() done}. The caller owns the time limits and the total of bytes; a preamble bounds
 * only what it buffers (a line of {@value Dialog#MAX_LINE} bytes, {@value Dialog#MAX_BUFFERED} bytes waiting).
 */
public interface Preamble {

    /** What to send as soon as the connection is up; empty when the server speaks first. */
    byte[] open();

    /**
     * Reads the next bytes the server sent.
     *
     * @return what to do next; once a step is done, every further call fails the preamble
     */
    Step receive(byte[] data, int offset, int length);

    /** What the dialog is waiting for, for the message of a timeout or a close ("the answer to STARTTLS"). */
    String waitingFor();
}
