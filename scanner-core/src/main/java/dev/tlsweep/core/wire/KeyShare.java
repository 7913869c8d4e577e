package dev.tlsweep.core.wire;

import java.util.Objects;

/**
 * One client key share: the group, the public bytes sent in a key_share entry (or a ClientKeyExchange), and —
 * for the groups tlsweep implements — the private half, kept so that a TLS 1.3 flight can be decrypted or a
 * TLS 1.2 handshake finished. Shares of groups tlsweep does not implement are random bytes of the right
 * length with no private half ({@link #agreeable()} is false).
 *
 * <p>Immutable and thread-safe. The private half never leaves this object: nothing prints or serialises it.
 */
public final class KeyShare {

    /** The private half of a share: derives the shared secret from the server's share. */
    interface Secret {
        /** The shared secret as TLS 1.3 uses it (RFC 8446 7.4; hybrids: draft-ietf-tls-ecdhe-mlkem). */
        byte[] agree(byte[] serverShare) throws WireException;
    }

    private final int group;
    private final byte[] publicKey;
    private final Secret secret;

    KeyShare(int group, byte[] publicKey, Secret secret) {
        this.group = group;
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
        this.secret = secret;
    }

    /** The group's code point. */
    public int group() {
        return group;
    }

    /** The public bytes (key_exchange of the KeyShareEntry). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The length of the public bytes. */
    public int length() {
        return publicKey.length;
    }

    /** Whether tlsweep holds the private half: a shared secret can be derived. */
    public boolean agreeable() {
        return secret != null;
    }

    /**
     * The shared secret with the server's share of the same group.
     *
     * @throws WireException when the server's share is malformed, not on the curve, or yields a degenerate
     *     secret, or when this share has no private half
     */
    public byte[] agree(byte[] serverShare) throws WireException {
        Objects.requireNonNull(serverShare, "serverShare");
        if (secret == null) {
            throw new WireException(WireError.BAD_VALUE, String.format(
                    "no private key for group 0x%04X: tlsweep sends random bytes for it", group));
        }
        return secret.agree(serverShare);
    }

    /** The public bytes written into {@code out} at {@code offset}. */
    void writePublicKey(byte[] out, int offset) {
        System.arraycopy(publicKey, 0, out, offset, publicKey.length);
    }

    @Override
    public String toString() {
        return String.format("KeyShare(0x%04X, %d bytes%s)", group, publicKey.length,
                secret == null ? ", no private half" : "");
    }
}
