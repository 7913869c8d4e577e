package dev.tlsweep.lab;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Hand-built ClientHellos for the canned responder's tests: TLS records or SSLv2 CLIENT-HELLOs. */
final class CannedHelloBuilder {

    private final int legacyVersion;
    private int recordVersion = 0x0301;
    private int[] suites = {0xC02F};
    private int[] supportedVersions;
    private String sni;
    private int[] groups;
    private int[] keyShares;
    private boolean renegotiationInfo;
    private boolean extendedMasterSecret;
    private byte[] sessionId = new byte[0];
    private int recordBodyLength = -1;
    private int fragment = Integer.MAX_VALUE;

    private CannedHelloBuilder(int legacyVersion) {
        this.legacyVersion = legacyVersion;
    }

    static CannedHelloBuilder tls(int legacyVersion) {
        return new CannedHelloBuilder(legacyVersion);
    }

    /** A TLS 1.3 hello: legacy 0x0303, supported_versions [0x0304, 0x0303], an x25519 share, a session id. */
    static CannedHelloBuilder tls13() {
        return tls(0x0303).supportedVersions(0x0304, 0x0303).groups(0x001D, 0x0017).keyShares(0x001D)
                .sessionId(new byte[32]).suites(0x1301, 0x1302, 0x1303);
    }

    CannedHelloBuilder recordVersion(int version) {
        this.recordVersion = version;
        return this;
    }

    CannedHelloBuilder suites(int... suites) {
        this.suites = suites.clone();
        return this;
    }

    CannedHelloBuilder supportedVersions(int... versions) {
        this.supportedVersions = versions.clone();
        return this;
    }

    CannedHelloBuilder sni(String name) {
        this.sni = name;
        return this;
    }

    CannedHelloBuilder groups(int... groups) {
        this.groups = groups.clone();
        return this;
    }

    CannedHelloBuilder keyShares(int... groups) {
        this.keyShares = groups.clone();
        return this;
    }

    CannedHelloBuilder renegotiationInfo() {
        this.renegotiationInfo = true;
        return this;
    }

    CannedHelloBuilder extendedMasterSecret() {
        this.extendedMasterSecret = true;
        return this;
    }

    CannedHelloBuilder sessionId(byte[] id) {
        this.sessionId = id.clone();
        for (int i = 0; i < sessionId.length; i++) {
            sessionId[i] = (byte) (0xA0 + i);
        }
        return this;
    }

    /** Pads (with the padding extension) so that the handshake record body is exactly this long. */
    CannedHelloBuilder recordBodyLength(int length) {
        this.recordBodyLength = length;
        return this;
    }

    /** Splits the handshake message into records of at most this many bytes. */
    CannedHelloBuilder fragment(int size) {
        this.fragment = size;
        return this;
    }

    /** The handshake message (type, length, body). */
    byte[] handshake() {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        if (sni != null) {
            byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
            extension(extensions, 0x0000, concat(u16(name.length + 3), new byte[] {0}, u16(name.length), name));
        }
        if (supportedVersions != null) {
            extension(extensions, 0x002B, concat(new byte[] {(byte) (supportedVersions.length * 2)}, u16s(supportedVersions)));
        }
        if (groups != null) {
            extension(extensions, 0x000A, concat(u16(groups.length * 2), u16s(groups)));
        }
        if (keyShares != null) {
            ByteArrayOutputStream shares = new ByteArrayOutputStream();
            for (int group : keyShares) {
                int length = switch (group) {
                    case 0x0017 -> 65;
                    case 0x0018 -> 97;
                    default -> 32;
                };
                shares.writeBytes(u16(group));
                shares.writeBytes(u16(length));
                shares.writeBytes(new byte[length]);
            }
            extension(extensions, 0x0033, concat(u16(shares.size()), shares.toByteArray()));
        }
        if (extendedMasterSecret) {
            extension(extensions, 0x0017, new byte[0]);
        }
        if (renegotiationInfo) {
            extension(extensions, 0xFF01, new byte[] {0});
        }
        byte[] fixed = concat(u16(legacyVersion), new byte[32], new byte[] {(byte) sessionId.length}, sessionId,
                u16(suites.length * 2), u16s(suites), new byte[] {1, 0});
        if (recordBodyLength >= 0) {
            int withoutPadding = 4 + fixed.length + 2 + extensions.size() + 4;
            int padding = recordBodyLength - withoutPadding;
            if (padding < 0) {
                throw new IllegalArgumentException("recordBodyLength: " + recordBodyLength + " (expected: >= " + withoutPadding + ")");
            }
            extension(extensions, 0x0015, new byte[padding]);
        }
        byte[] body = extensions.size() > 0 || recordBodyLength >= 0
                ? concat(fixed, u16(extensions.size()), extensions.toByteArray())
                : fixed;
        return concat(new byte[] {1, (byte) (body.length >>> 16), (byte) (body.length >>> 8), (byte) body.length}, body);
    }

    /** The hello in one or more handshake records. */
    byte[] build() {
        byte[] handshake = handshake();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < handshake.length; offset += fragment) {
            int length = Math.min(fragment, handshake.length - offset);
            out.writeBytes(new byte[] {22});
            out.writeBytes(u16(recordVersion));
            out.writeBytes(u16(length));
            out.write(handshake, offset, length);
        }
        return out.toByteArray();
    }

    /** An SSLv2-format CLIENT-HELLO (2-byte header) with these 24-bit cipher kinds. */
    static byte[] sslv2(int version, int... kinds) {
        ByteArrayOutputStream specs = new ByteArrayOutputStream();
        for (int kind : kinds) {
            specs.writeBytes(new byte[] {(byte) (kind >>> 16), (byte) (kind >>> 8), (byte) kind});
        }
        byte[] challenge = new byte[16];
        byte[] body = concat(new byte[] {1}, u16(version), u16(specs.size()), u16(0), u16(challenge.length),
                specs.toByteArray(), challenge);
        return concat(new byte[] {(byte) (0x80 | (body.length >>> 8)), (byte) body.length}, body);
    }

    /** {@code count} distinct suites that the tests never configure, then {@code tail}. */
    static int[] filler(int count, int... tail) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(0x6000 + i);
        }
        for (int t : tail) {
            all.add(t);
        }
        return all.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        out.writeBytes(u16(type));
        out.writeBytes(u16(data.length));
        out.writeBytes(data);
    }

    static byte[] u16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    private static byte[] u16s(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int value : values) {
            out.writeBytes(u16(value));
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
