package dev.tlsweep.lab;

import java.util.List;

/**
 * A decoded ClientHello: the fields the canned responder negotiates on.
 *
 * @param sessionId the legacy_session_id (SSLv2: the session id), never null
 * @param cipherSuites TLS suites, or 24-bit cipher kinds for an SSLv2-format hello
 * @param supportedGroups the supported_groups extension, empty when absent
 * @param keyShareGroups the groups of the key_share extension's entries, empty when absent
 * @param renegotiationInfo whether the renegotiation_info extension was present
 * @param extendedMasterSecret whether the extended_master_secret extension was present
 * @param compressionMethods the compression methods offered (SSLv2: none)
 * @param heartbeat whether the heartbeat extension was present
 * @param alpn the protocols of the application_layer_protocol_negotiation extension, empty when absent
 * @param handshake what a TLS 1.3 answer needs: the message for the transcript, the key shares and the signature
 *        algorithms ({@link Handshake#NONE} for an SSLv2-format hello)
 */
record CannedClientHello(
        int legacyVersion,
        boolean sslv2Format,
        int recordLength,
        byte[] sessionId,
        List<Integer> cipherSuites,
        List<Integer> supportedVersions,
        String sni,
        List<Integer> supportedGroups,
        List<Integer> keyShareGroups,
        boolean renegotiationInfo,
        boolean extendedMasterSecret,
        List<Integer> compressionMethods,
        boolean heartbeat,
        List<String> alpn,
        Handshake handshake) {

    /**
     * The parts of a ClientHello that a real TLS 1.3 flight is made from.
     *
     * @param message             the whole ClientHello handshake message (type, length, body): the transcript's start
     * @param keyShares           each key_share entry's group and key_exchange, in the hello's order
     * @param signatureAlgorithms the signature_algorithms extension, empty when absent
     */
    record Handshake(byte[] message, java.util.Map<Integer, byte[]> keyShares, List<Integer> signatureAlgorithms) {
        static final Handshake NONE = new Handshake(new byte[0], java.util.Map.of(), List.of());

        Handshake {
            message = message.clone();
            keyShares = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keyShares));
            signatureAlgorithms = List.copyOf(signatureAlgorithms);
        }

        @Override
        public byte[] message() {
            return message.clone();
        }
    }

    static final int EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;

    CannedClientHello {
        sessionId = sessionId.clone();
        cipherSuites = List.copyOf(cipherSuites);
        supportedVersions = List.copyOf(supportedVersions);
        supportedGroups = List.copyOf(supportedGroups);
        keyShareGroups = List.copyOf(keyShareGroups);
        compressionMethods = List.copyOf(compressionMethods);
        alpn = List.copyOf(alpn);
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    /**
     * Whether the client signalled secure renegotiation (the SCSV or the extension). In an
     * SSLv2-format hello the SCSV is the cipher kind 0x0000FF, the same number.
     */
    boolean signalsRenegotiation() {
        return renegotiationInfo || cipherSuites.contains(EMPTY_RENEGOTIATION_INFO_SCSV);
    }

    ObservedHello observed() {
        return new ObservedHello(legacyVersion, supportedVersions, cipherSuites, sni, recordLength, sslv2Format);
    }
}
