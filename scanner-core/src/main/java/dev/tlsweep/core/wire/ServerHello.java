package dev.tlsweep.core.wire;

import java.util.Map;

/**
 * A parsed ServerHello or HelloRetryRequest (RFC 8446 4.1.3, RFC 5246 7.4.1.3).
 *
 * @param legacyVersion the version field of the message body
 * @param random the 32-byte server random
 * @param sessionId the echoed or new session id (0..32 bytes)
 * @param cipherSuite the suite the server picked
 * @param compressionMethod the compression method the server picked
 * @param extensions extension data by type, in the order received (unmodifiable)
 * @param selectedVersion the version from supported_versions, -1 if absent
 * @param helloRetryRequest whether the random is the HelloRetryRequest magic value
 * @param keyShareGroup the group of the key_share extension (the selected group of an HRR), -1 if none
 */
public record ServerHello(int legacyVersion, byte[] random, byte[] sessionId, int cipherSuite,
        int compressionMethod, Map<Integer, byte[]> extensions, int selectedVersion,
        boolean helloRetryRequest, int keyShareGroup) {

    /**
     * Returns the version the server negotiated.
     *
     * @return {@link #selectedVersion()} if present, else {@link #legacyVersion()}
     */
    public int negotiatedVersion() {
        return selectedVersion >= 0 ? selectedVersion : legacyVersion;
    }

    /**
     * Returns whether the server sent an extension.
     *
     * @param type the extension type
     * @return {@code true} if present
     */
    public boolean hasExtension(int type) {
        return extensions.containsKey(type);
    }
}
