package dev.tlsweep.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ECHConfigList (RFC 9849 4): the Encrypted Client Hello configurations a server publishes in the ech parameter of
 * its DNS HTTPS record. Configurations of version 0xfe0d are read (their HPKE key configuration, maximum name length
 * and public name); others are skipped by their length, as clients skip them. Pure code over hostile bytes: every
 * length is checked against the bytes present.
 *
 * @param configs the configurations of version 0xfe0d, in order
 * @param skipped the configurations of other versions
 */
public record EchConfigList(List<Config> configs, int skipped) {

    /** The version of ECHConfig defined by RFC 9849. */
    public static final int VERSION = 0xfe0d;

    /**
     * One ECHConfig of version 0xfe0d.
     *
     * @param configId      config_id
     * @param kemId         the HPKE KEM id
     * @param publicKeyLength the length of the HPKE public key
     * @param cipherSuites  the HPKE symmetric suites, each (KDF id, AEAD id)
     * @param maxNameLength maximum_name_length
     * @param publicName    public_name
     * @param extensions    the number of extensions
     */
    public record Config(int configId, int kemId, int publicKeyLength, List<int[]> cipherSuites, int maxNameLength,
            String publicName, int extensions) {
        public Config {
            cipherSuites = List.copyOf(cipherSuites);
        }

        /** The KEM's name (RFC 9180 7.1), or its hex id. */
        public String kem() {
            return switch (kemId) {
                case 0x0010 -> "DHKEM(P-256, HKDF-SHA256)";
                case 0x0011 -> "DHKEM(P-384, HKDF-SHA384)";
                case 0x0012 -> "DHKEM(P-521, HKDF-SHA512)";
                case 0x0020 -> "DHKEM(X25519, HKDF-SHA256)";
                case 0x0021 -> "DHKEM(X448, HKDF-SHA512)";
                default -> String.format("0x%04x", kemId);
            };
        }

        /** The symmetric suites as {@code KDF/AEAD} names (RFC 9180 7.2, 7.3). */
        public List<String> suiteNames() {
            List<String> out = new ArrayList<>();
            for (int[] s : cipherSuites) {
                out.add(kdf(s[0]) + "/" + aead(s[1]));
            }
            return out;
        }

        private static String kdf(int id) {
            return switch (id) {
                case 1 -> "HKDF-SHA256";
                case 2 -> "HKDF-SHA384";
                case 3 -> "HKDF-SHA512";
                default -> String.format("0x%04x", id);
            };
        }

        private static String aead(int id) {
            return switch (id) {
                case 1 -> "AES-128-GCM";
                case 2 -> "AES-256-GCM";
                case 3 -> "ChaCha20Poly1305";
                case 0xffff -> "export-only";
                default -> String.format("0x%04x", id);
            };
        }
    }

    /**
     * Reads an ECHConfigList: its two-byte length, then the configurations.
     *
     * @throws WireException when a length disagrees with the bytes present, or a field breaks the RFC's bounds
     */
    public static EchConfigList parse(byte[] data) throws WireException {
        WireReader r = new WireReader(io.netty.buffer.Unpooled.wrappedBuffer(data), 0, "ECHConfigList");
        WireReader list = r.subVector(2, "configs");
        r.expectEnd();
        if (list.remaining() < 4) {
            throw list.bad(WireError.BAD_LENGTH, "an ECHConfigList of " + list.remaining() + " bytes (expected: >= 4)");
        }
        List<Config> configs = new ArrayList<>();
        int skipped = 0;
        while (list.remaining() > 0) {
            int version = list.u16("version");
            WireReader contents = list.subVector(2, "ECHConfig contents");
            if (version != VERSION) {
                skipped++;
                continue;
            }
            int configId = contents.u8("config_id");
            int kem = contents.u16("kem_id");
            byte[] key = contents.vector(2, "public_key");
            if (key.length == 0) {
                throw contents.bad(WireError.BAD_LENGTH, "an empty public_key");
            }
            WireReader suites = contents.subVector(2, "cipher_suites");
            if (suites.remaining() < 4 || suites.remaining() % 4 != 0) {
                throw suites.bad(WireError.BAD_LENGTH, "cipher_suites of " + suites.remaining()
                        + " bytes (expected: a positive multiple of 4)");
            }
            List<int[]> pairs = new ArrayList<>();
            while (suites.remaining() > 0) {
                pairs.add(new int[] {suites.u16("kdf_id"), suites.u16("aead_id")});
            }
            int maxName = contents.u8("maximum_name_length");
            byte[] name = contents.vector(1, "public_name");
            if (name.length == 0) {
                throw contents.bad(WireError.BAD_LENGTH, "an empty public_name");
            }
            WireReader extensions = contents.subVector(2, "extensions");
            int count = 0;
            while (extensions.remaining() > 0) {
                extensions.u16("extension type");
                extensions.skipVector(2, "extension data");
                count++;
            }
            contents.expectEnd();
            configs.add(new Config(configId, kem, key.length, pairs, maxName,
                    new String(name, StandardCharsets.ISO_8859_1), count));
        }
        return new EchConfigList(configs, skipped);
    }
}
