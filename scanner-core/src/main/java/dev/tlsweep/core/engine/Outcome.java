package dev.tlsweep.core.engine;

/** How one exchange (its last attempt) ended: a closed taxonomy of network conditions. */
public enum Outcome {
    /** The decoder said it had seen enough, or the session's future completed (see {@link ChannelSession#start}). */
    COMPLETED(true),
    /** The peer closed the connection (FIN) before the decoder was done. */
    CLOSED(true),
    /** The peer reset the connection (RST). */
    RESET(true),
    /**
     * Connected, but the peer sent nothing for the read timeout, or the attempt exceeded its overall
     * time cap while the peer was still dripping bytes.
     */
    READ_TIMEOUT(true),
    /**
     * The server refused the plaintext upgrade before TLS ({@link Upgrade}): an error greeting, STARTTLS not
     * offered or refused. {@link Exchange#detail()} quotes the server.
     */
    UPGRADE_REFUSED(true),
    /**
     * The plaintext upgrade broke: the server sent what its protocol does not allow, too many bytes, or closed or
     * reset the connection during it. {@link Exchange#detail()} says what.
     */
    UPGRADE_FAILED(true),
    /** The server stopped answering during the plaintext upgrade (the read timeout or the upgrade's deadline). */
    UPGRADE_TIMEOUT(true),
    /** The TCP handshake did not finish within the connect timeout. */
    CONNECT_TIMEOUT(false),
    /** The peer refused the connection (RST in answer to SYN: nothing listening). */
    REFUSED(false),
    /** No route to the host or network. */
    UNREACHABLE(false),
    /**
     * Anything else: a local error, a failing decoder, a response over the engine's byte cap, the
     * engine closing. {@link Exchange#detail()} says what.
     */
    ERROR(false);

    private final boolean connected;

    Outcome(boolean connected) {
        this.connected = connected;
    }

    /**
     * Whether this outcome implies that a TCP connection was established. {@link #ERROR} does not
     * imply it either way; see {@link Exchange#response()}, which is non-null when the last attempt
     * connected.
     */
    public boolean connected() {
        return connected;
    }

    /** Whether the attempt ended in the plaintext upgrade, before any TLS byte was sent. */
    public boolean inUpgrade() {
        return this == UPGRADE_REFUSED || this == UPGRADE_FAILED || this == UPGRADE_TIMEOUT;
    }
}
