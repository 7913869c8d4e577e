package dev.tlsweep.core.quic;

import java.util.HexFormat;
import java.util.Optional;

/**
 * The QUIC versions tlsweep speaks: version 1 (RFC 9000, RFC 9001) and version 2 (RFC 9369), which differ only in
 * their wire values — the version number, the Initial salt, the labels of the packet keys, the Retry integrity key
 * and the long-header packet types. {@link #describe(int)} names any other version a server lists.
 */
public enum QuicVersion {
    /** QUIC version 1, RFC 9000 (initial salt of RFC 9001 5.2). */
    V1(0x00000001, "v1", "38762cf7f55934b34d179ae6a4c80cadccbb7f0a", "quic ",
            "be0c690b9f66575a1d766b54e368c84e", "461599d35d632bf2239825bb", new int[] {0, 1, 2, 3}),
    /** QUIC version 2, RFC 9369 (its salt, labels, Retry key and packet types of section 3). */
    V2(0x6b3343cf, "v2", "0dede3def700a6db819381be6e269dcbf9bd2ed9", "quicv2 ",
            "8fb4b01b56ac48e260fbcbcead7ccc92", "d86969bc2d7c6d9990efb04a", new int[] {1, 2, 3, 0});

    private final int wire;
    private final String label;
    private final byte[] initialSalt;
    private final String keyLabelPrefix;
    private final byte[] retryKey;
    private final byte[] retryNonce;
    /** The two type bits of each {@link PacketType}, by ordinal. */
    private final int[] typeBits;

    QuicVersion(int wire, String label, String salt, String keyLabelPrefix, String retryKey, String retryNonce,
            int[] typeBits) {
        this.wire = wire;
        this.label = label;
        this.initialSalt = HexFormat.of().parseHex(salt);
        this.keyLabelPrefix = keyLabelPrefix;
        this.retryKey = HexFormat.of().parseHex(retryKey);
        this.retryNonce = HexFormat.of().parseHex(retryNonce);
        this.typeBits = typeBits;
    }

    /** The 32-bit version number on the wire. */
    public int wire() {
        return wire;
    }

    /** The name in reports: {@code v1}, {@code v2}. */
    public String label() {
        return label;
    }

    byte[] initialSalt() {
        return initialSalt.clone();
    }

    /** The label of a packet-protection key (RFC 9001 5.1: "quic key", RFC 9369 3.3.2: "quicv2 key"). */
    String keyLabel(String what) {
        return keyLabelPrefix + what;
    }

    byte[] retryKey() {
        return retryKey.clone();
    }

    byte[] retryNonce() {
        return retryNonce.clone();
    }

    /** The two type bits of a long header of {@code type}. */
    int typeBits(PacketType type) {
        return typeBits[type.ordinal()];
    }

    /** The packet type of a long header's two type bits. */
    PacketType typeOf(int bits) {
        for (PacketType t : PacketType.values()) {
            if (typeBits[t.ordinal()] == bits) {
                return t;
            }
        }
        throw new IllegalArgumentException("bits: " + bits + " (expected: 0..3)");
    }

    /** The version with this wire value. */
    public static Optional<QuicVersion> of(int wire) {
        for (QuicVersion v : values()) {
            if (v.wire == wire) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * A name for any version a server may list: {@code v1}, {@code v2}, {@code v2-draft} (0x709a50c4, the draft
     * number of draft-ietf-quic-v2), {@code draft-29} (0xff00001d), {@code grease} for the reserved
     * 0x?a?a?a?a pattern (RFC 9000 15), else the hexadecimal number.
     */
    public static String describe(int wire) {
        Optional<QuicVersion> known = of(wire);
        if (known.isPresent()) {
            return known.get().label;
        }
        if (wire == 0x709a50c4) {
            return "v2-draft";
        }
        if ((wire >>> 8) == 0xff0000) {
            return "draft-" + (wire & 0xFF);
        }
        if ((wire & 0x0f0f0f0f) == 0x0a0a0a0a) {
            return "grease";
        }
        return String.format("0x%08x", wire);
    }
}
