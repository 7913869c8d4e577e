package dev.tlsweep.lab;

import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The validated, immutable configuration of a {@link CannedResponder}.
 *
 * @param versions accepted wire versions, each with its suites in server preference order
 * @param serverPreference whether the server's order decides (else the client's)
 * @param chain DER certificates, leaf first, never empty
 * @param group the named group of ECDHE ServerKeyExchanges and TLS 1.3 key shares
 * @param dhPrimeBits the size of p in DHE ServerKeyExchanges of non-export suites
 * @param quirks the misbehaviours to show
 * @param holdTime how long a connection is kept open at most
 * @param rsaKey the private key of the certificate, when the responder made it itself (for {@link CannedQuirk#ROBOT_ORACLE}),
 *        else {@code null}
 */
record CannedConfig(
        NavigableMap<Integer, List<Integer>> versions,
        boolean serverPreference,
        List<byte[]> chain,
        int group,
        int dhPrimeBits,
        Set<CannedQuirk> quirks,
        Duration holdTime,
        java.security.interfaces.RSAPrivateKey rsaKey) {

    static final int SSL2 = 0x0002;
    static final int SSL3 = 0x0300;
    static final int TLS10 = 0x0301;
    static final int TLS12 = 0x0303;
    static final int TLS13 = 0x0304;

    boolean has(CannedQuirk quirk) {
        return quirks.contains(quirk);
    }

    /** Whether the server reads supported_versions and negotiates TLS 1.3. */
    boolean speaksTls13() {
        return versions.containsKey(TLS13) && !has(CannedQuirk.IGNORE_SUPPORTED_VERSIONS);
    }

    List<Integer> suites(int version) {
        return versions.getOrDefault(version, List.of());
    }
}
