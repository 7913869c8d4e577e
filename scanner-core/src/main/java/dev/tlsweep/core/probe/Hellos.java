package dev.tlsweep.core.probe;

import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.wire.ClientHelloSpec;
import java.util.List;

/**
 * The ClientHellos tlsweep sends: shaped like a real client's of each version, so that servers which
 * are intolerant of odd hellos still answer (see docs/ARCHITECTURE.md, "Hello shapes").
 */
final class Hellos {

    /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV: the renegotiation signal for hellos without extensions. */
    static final int RENEGOTIATION_SCSV = 0x00FF;

    /**
     * The most suites one hello carries. Some load balancers fail on more than 128; we stay well below,
     * leaving room for the SCSV and keeping hellos small.
     */
    static final int MAX_SUITES_PER_HELLO = 100;

    /**
     * Groups offered to TLS 1.0-1.2 servers: the common curves first and the finite-field groups of
     * RFC 7919, but not every registered curve (too many groups with many suites confuse some servers).
     */
    static final int[] TLS12_GROUPS = {
        0x001D, 0x0017, 0x0018, 0x0019, 0x001E, // x25519, secp256r1, secp384r1, secp521r1, x448
        0x001A, 0x001B, 0x001C, // brainpoolP256r1, P384r1, P512r1
        0x0016, 0x0015, 0x0013, // secp256k1, secp224r1, secp192r1
        0x000E, 0x000D, 0x000B, 0x000C, 0x0009, 0x000A, // sect571r1, sect571k1, sect409k1, sect409r1, sect283k1, sect283r1
        0x0100, 0x0101, 0x0102, 0x0103, 0x0104 // ffdhe2048..8192
    };

    /** Groups offered to TLS 1.3 servers; only x25519 carries a key share (a HelloRetryRequest names another). */
    static final int[] TLS13_GROUPS = {
        0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104
    };

    /** Signature schemes: modern ones first, then the legacy SHA-1 and SHA-224 pairs older servers need. */
    static final int[] SIGNATURE_SCHEMES = {
        0x0403, 0x0503, 0x0603, // ecdsa_secp256r1_sha256, secp384r1_sha384, secp521r1_sha512
        0x0807, 0x0808, // ed25519, ed448
        0x0804, 0x0805, 0x0806, // rsa_pss_rsae_sha256/384/512
        0x0809, 0x080A, 0x080B, // rsa_pss_pss_sha256/384/512
        0x0401, 0x0501, 0x0601, // rsa_pkcs1_sha256/384/512
        0x0303, 0x0301, 0x0302, // sha224 ecdsa/rsa/dsa
        0x0402, 0x0502, 0x0602, // dsa sha256/384/512
        0x0203, 0x0201, 0x0202 // ecdsa_sha1, rsa_pkcs1_sha1, dsa_sha1
    };

    private Hellos() {
    }

    /**
     * A hello offering {@code suites} at exactly {@code version}: for TLS 1.3 through supported_versions
     * (and nothing else), for TLS 1.0-1.2 through the legacy version field with the extensions a
     * browser of that era sends, for SSLv3 without extensions and with the renegotiation SCSV.
     * SSLv2 has its own format: see {@link #sslv2(List)}.
     */
    static ClientHelloSpec forVersion(ProtocolVersion version, List<Integer> suites, String sni) {
        return version == ProtocolVersion.SSLv2 ? sslv2(suites) : builderFor(version, suites, sni).build();
    }

    /**
     * The builder of {@link #forVersion} (SSLv3 to TLS 1.3), for probes that change one field of the usual shape:
     * the groups, the signature algorithms, the key shares, the compression methods.
     */
    static ClientHelloSpec.Builder builderFor(ProtocolVersion version, List<Integer> suites, String sni) {
        return switch (version) {
            case SSLv2 -> throw new IllegalArgumentException("version: SSLv2 (expected: SSLv3 to TLS 1.3)");
            case SSLv3 -> bare()
                    .recordVersion(0x0300)
                    .legacyVersion(0x0300)
                    .cipherSuites(withScsv(suites));
            case TLSv1_0, TLSv1_1, TLSv1_2 -> tls12Style(version.wire(), suites, sni);
            case TLSv1_3 -> bare()
                    .recordVersion(0x0301)
                    .legacyVersion(0x0303)
                    .cipherSuites(suites)
                    .serverName(sni)
                    .supportedGroups(TLS13_GROUPS)
                    .ecPointFormats(true)
                    .signatureAlgorithms(SIGNATURE_SCHEMES)
                    .supportedVersions(0x0304)
                    .keyShares(0x001D)
                    .pskKeyExchangeModes(true)
                    .renegotiationInfo(true)
                    .alpn("h2", "http/1.1")
                    .statusRequest(true)
                    .extendedMasterSecret(true)
                    .sessionTicket(true)
                    .padding(true);
        };
    }

    /**
     * The connectivity hello: what a current client sends, offering TLS 1.3 and 1.2 with the given
     * suites, so that almost any TLS server answers with something.
     */
    static ClientHelloSpec modern(List<Integer> suites, String sni) {
        return tls12Style(0x0303, suites, sni)
                .supportedVersions(0x0304, 0x0303)
                .keyShares(0x001D)
                .pskKeyExchangeModes(true)
                .build();
    }

    /** An SSLv2 CLIENT-HELLO offering the given 24-bit cipher kinds. */
    static ClientHelloSpec sslv2(List<Integer> kinds) {
        return bare()
                .sslv2(true)
                .legacyVersion(0x0002)
                .cipherSuites(kinds)
                .build();
    }

    private static ClientHelloSpec.Builder tls12Style(int version, List<Integer> suites, String sni) {
        return bare()
                .recordVersion(0x0301)
                .legacyVersion(version)
                .cipherSuites(suites)
                .serverName(sni)
                .supportedGroups(TLS12_GROUPS)
                .ecPointFormats(true)
                .signatureAlgorithms(SIGNATURE_SCHEMES)
                .renegotiationInfo(true)
                .alpn("h2", "http/1.1")
                .statusRequest(true)
                .extendedMasterSecret(true)
                .sessionTicket(true)
                .padding(true);
    }

    /**
     * A builder with every extension switched off: each hello names exactly what it sends, whatever the
     * encoder's defaults are.
     */
    private static ClientHelloSpec.Builder bare() {
        return ClientHelloSpec.builder()
                .supportedGroups()
                .ecPointFormats(false)
                .signatureAlgorithms()
                .supportedVersions()
                .keyShares()
                .pskKeyExchangeModes(false)
                .renegotiationInfo(false)
                .alpn()
                .statusRequest(false)
                .extendedMasterSecret(false)
                .sessionTicket(false)
                .heartbeat(false)
                .padding(false);
    }

    private static List<Integer> withScsv(List<Integer> suites) {
        if (suites.contains(RENEGOTIATION_SCSV)) {
            return suites;
        }
        Integer[] all = suites.toArray(new Integer[suites.size() + 1]);
        all[suites.size()] = RENEGOTIATION_SCSV;
        return List.of(all);
    }
}
