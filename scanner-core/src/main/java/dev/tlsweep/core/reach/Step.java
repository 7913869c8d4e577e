package dev.tlsweep.core.reach;

import java.util.Objects;

/**
 * What a {@link Preamble} says after reading the server's bytes.
 *
 * @param state  whether to go on, start TLS, or give up
 * @param send   the bytes to write now, before anything else (empty for none); with {@link State#UPGRADE} they
 *               go out just before the ClientHello
 * @param reason for {@link State#REFUSED} and {@link State#FAILED}: what the server did, in its own words
 *               where it gave any (cut and made printable); empty otherwise
 */
public record Step(State state, byte[] send, String reason) {

    private static final byte[] NOTHING = new byte[0];

    /** The states of a preamble after a step. */
    public enum State {
        /** Waiting for more of the server's bytes. */
        CONTINUE,
        /** The server agreed: the next bytes are TLS. */
        UPGRADE,
        /** The server refused the upgrade, or will not talk (an error greeting, no STARTTLS on offer). */
        REFUSED,
        /** The server broke the protocol: bytes that are not its protocol, too long a line, a close. */
        FAILED
    }

    public Step {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(send, "send");
        Objects.requireNonNull(reason, "reason");
    }

    static Step proceed(byte[] send) {
        return new Step(State.CONTINUE, send, "");
    }

    static Step upgrade() {
        return new Step(State.UPGRADE, NOTHING, "");
    }

    static Step refused(String reason) {
        return new Step(State.REFUSED, NOTHING, reason);
    }

    static Step failed(String reason) {
        return new Step(State.FAILED, NOTHING, reason);
    }

    /** Whether the preamble is over, one way or the other. */
    public boolean done() {
        return state != State.CONTINUE;
    }

    Step withSend(byte[] first) {
        if (first.length == 0) {
            return this;
        }
        byte[] all = new byte[first.length + send.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(send, 0, all, first.length, send.length);
        return new Step(state, all, reason);
    }
}
