package dev.tlsweep.lab;

import java.util.HashMap;
import java.util.Map;

/**
 * The little the canned responder must know about suites and groups: which key exchange a TLS 1.2
 * (and earlier) suite uses, so that it sends a ServerKeyExchange of the right shape, and how long
 * a key share of each named group is.
 *
 * <p>Suites absent from the table (plain RSA, static (EC)DH, PSK, Kerberos, TLS 1.3 suites, ...)
 * get no ServerKeyExchange.
 *
 * @see <a href="https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml">IANA TLS parameters</a>
 */
final class CannedSuites {

    /** The shape of the ServerKeyExchange a suite needs. */
    enum KeyExchange {
        /** No ServerKeyExchange. */
        NONE,
        /** ECParameters (named curve) with a point, then a signature unless anonymous. */
        ECDHE,
        /** ServerDHParams (p, g, Ys), then a signature unless anonymous. */
        DHE,
        /** A temporary RSA key (modulus, exponent), then a signature. */
        RSA_EXPORT
    }

    /** How the ServerKeyExchange is signed. */
    enum Signer {
        RSA(0x0401),
        ECDSA(0x0403),
        DSA(0x0402),
        ANONYMOUS(0);

        /** The TLS 1.2 SignatureAndHashAlgorithm used for the signature's shape. */
        final int signatureScheme;

        Signer(int signatureScheme) {
            this.signatureScheme = signatureScheme;
        }
    }

    /** What a suite needs: its key exchange, its signer and, for export suites, the key size. */
    record Kind(KeyExchange keyExchange, Signer signer, int exportBits) {
    }

    private static final Kind PLAIN = new Kind(KeyExchange.NONE, Signer.ANONYMOUS, 0);
    private static final Map<Integer, Kind> KINDS = buildKinds();

    private CannedSuites() {
    }

    /** The ServerKeyExchange shape of a TLS suite. */
    static Kind kind(int suite) {
        return KINDS.getOrDefault(suite, PLAIN);
    }

    private static Map<Integer, Kind> buildKinds() {
        Map<Integer, Kind> kinds = new HashMap<>();
        put(kinds, KeyExchange.ECDHE, Signer.ECDSA, 0, range(0xC006, 0xC00A), 0xC023, 0xC024, 0xC02B, 0xC02C,
                0xC048, 0xC049, 0xC05C, 0xC05D, 0xC072, 0xC073, 0xC086, 0xC087, range(0xC0AC, 0xC0AF),
                0xCCA9, 0xCC14);
        put(kinds, KeyExchange.ECDHE, Signer.RSA, 0, range(0xC010, 0xC014), 0xC027, 0xC028, 0xC02F, 0xC030,
                0xC04C, 0xC04D, 0xC060, 0xC061, 0xC076, 0xC077, 0xC08A, 0xC08B, 0xCCA8, 0xCC13);
        put(kinds, KeyExchange.ECDHE, Signer.ANONYMOUS, 0, range(0xC015, 0xC019));
        put(kinds, KeyExchange.DHE, Signer.RSA, 0, 0x0015, 0x0016, 0x0033, 0x0039, 0x0045, 0x0067, 0x006B,
                0x0088, 0x009A, 0x009E, 0x009F, 0x00BE, 0x00C4, 0xC044, 0xC045, 0xC052, 0xC053, 0xC07C, 0xC07D,
                0xC09E, 0xC09F, 0xC0A2, 0xC0A3, 0xCCAA, 0xCC15);
        put(kinds, KeyExchange.DHE, Signer.DSA, 0, 0x0012, 0x0013, 0x0032, 0x0038, 0x0040, 0x0044, 0x0066,
                0x006A, 0x0087, 0x0099, 0x00A2, 0x00A3, 0x00BD, 0x00C3, 0xC042, 0xC043, 0xC056, 0xC057, 0xC080,
                0xC081);
        put(kinds, KeyExchange.DHE, Signer.ANONYMOUS, 0, 0x0018, 0x001A, 0x001B, 0x0034, 0x003A, 0x0046,
                0x006C, 0x006D, 0x0089, 0x009B, 0x00A6, 0x00A7, 0x00BF, 0x00C5, 0xC046, 0xC047, 0xC05A, 0xC05B,
                0xC084, 0xC085);
        // export: 512-bit temporary keys, 1024-bit for the EXPORT1024 drafts
        put(kinds, KeyExchange.DHE, Signer.RSA, 512, 0x0014);
        put(kinds, KeyExchange.DHE, Signer.DSA, 512, 0x0011);
        put(kinds, KeyExchange.DHE, Signer.ANONYMOUS, 512, 0x0017, 0x0019);
        put(kinds, KeyExchange.DHE, Signer.DSA, 1024, 0x0063, 0x0065);
        put(kinds, KeyExchange.RSA_EXPORT, Signer.RSA, 512, 0x0003, 0x0006, 0x0008);
        put(kinds, KeyExchange.RSA_EXPORT, Signer.RSA, 1024, 0x0060, 0x0061, 0x0062, 0x0064);
        return Map.copyOf(kinds);
    }

    private static void put(Map<Integer, Kind> kinds, KeyExchange keyExchange, Signer signer, int exportBits,
            Object... suites) {
        Kind kind = new Kind(keyExchange, signer, exportBits);
        for (Object suite : suites) {
            if (suite instanceof int[] many) {
                for (int s : many) {
                    kinds.put(s, kind);
                }
            } else {
                kinds.put((Integer) suite, kind);
            }
        }
    }

    private static int[] range(int first, int last) {
        int[] values = new int[last - first + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = first + i;
        }
        return values;
    }

    /** Whether a named group is an elliptic curve usable in a TLS 1.2 ECDHE ServerKeyExchange. */
    static boolean isCurve(int group) {
        return group >= 0x0001 && group <= 0x0021;
    }

    /** The length of a server key share of a named group; 32 for groups not known here. */
    static int keyShareLength(int group) {
        return switch (group) {
            case 0x0017, 0x001A, 0x001F -> 65; // secp256r1, brainpoolP256r1(tls13)
            case 0x0018, 0x001B, 0x0020 -> 97; // secp384r1, brainpoolP384r1(tls13)
            case 0x0019 -> 133; // secp521r1
            case 0x001C, 0x0021 -> 129; // brainpoolP512r1(tls13)
            case 0x001D -> 32; // x25519
            case 0x001E -> 56; // x448
            case 0x0100 -> 256; // ffdhe2048
            case 0x0101 -> 384;
            case 0x0102 -> 512;
            case 0x0103 -> 768;
            case 0x0104 -> 1024; // ffdhe8192
            case 0x0200 -> 768; // MLKEM512 ciphertext
            case 0x0201 -> 1088; // MLKEM768
            case 0x0202 -> 1568; // MLKEM1024
            case 0x11EB -> 65 + 1088; // SecP256r1MLKEM768
            case 0x11EC -> 1088 + 32; // X25519MLKEM768
            case 0x11ED -> 97 + 1568; // SecP384r1MLKEM1024
            default -> 32;
        };
    }
}
