package dev.tlsweep.core.wire;

import java.util.List;
import java.util.Map;

/**
 * A ClientHello as read back by {@link ClientHelloParser}; lists and maps are unmodifiable and keep wire order.
 *
 * @param sslv2 whether the hello was in SSLv2 CLIENT-HELLO format
 * @param recordVersion the version of the first record, -1 for SSLv2
 * @param recordLengths the payload length of every record the hello spanned
 * @param handshakeLength the body length of the handshake message (SSLv2: the record length)
 * @param legacyVersion client_version (SSLv2: the CLIENT-HELLO version)
 * @param random the client random (SSLv2: the challenge)
 * @param sessionId the session id
 * @param cipherSuites the offered suites (SSLv2: 24-bit cipher specs)
 * @param compressionMethods the compression methods (empty for SSLv2)
 * @param extensions extension data by type
 * @param serverName the SNI host name, or {@code null}
 * @param supportedVersions supported_versions entries
 * @param supportedGroups supported_groups entries
 * @param keyShares key_share entries: group to key_exchange bytes
 * @param signatureAlgorithms signature_algorithms entries
 * @param alpn ALPN protocol names
 */
public record ParsedClientHello(boolean sslv2, int recordVersion, List<Integer> recordLengths, int handshakeLength,
        int legacyVersion, byte[] random, byte[] sessionId, List<Integer> cipherSuites, List<Integer> compressionMethods,
        Map<Integer, byte[]> extensions, String serverName, List<Integer> supportedVersions,
        List<Integer> supportedGroups, Map<Integer, byte[]> keyShares, List<Integer> signatureAlgorithms,
        List<String> alpn) {

    /**
     * Returns the extension types in wire order.
     *
     * @return the types
     */
    public List<Integer> extensionTypes() {
        return List.copyOf(extensions.keySet());
    }

    /**
     * Returns the groups of the key_share entries in wire order.
     *
     * @return the groups
     */
    public List<Integer> keyShareGroups() {
        return List.copyOf(keyShares.keySet());
    }

    /**
     * Returns whether an extension is present.
     *
     * @param type the extension type
     * @return {@code true} if present
     */
    public boolean hasExtension(int type) {
        return extensions.containsKey(type);
    }
}
