package dev.tlsweep.core.registry;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The SSL/TLS protocol versions a scanner can speak, with their wire values.
 *
 * <p>Constants are declared in ascending order, so {@link #compareTo} orders versions from oldest
 * to newest.
 */
public enum ProtocolVersion {
    /** SSL 2.0 (wire value 0x0002, as sent in an SSLv2 CLIENT-HELLO). */
    SSLv2(0x0002, "SSLv2"),
    /** SSL 3.0, RFC 6101. */
    SSLv3(0x0300, "SSLv3"),
    /** TLS 1.0, RFC 2246. */
    TLSv1_0(0x0301, "TLSv1.0"),
    /** TLS 1.1, RFC 4346. */
    TLSv1_1(0x0302, "TLSv1.1"),
    /** TLS 1.2, RFC 5246. */
    TLSv1_2(0x0303, "TLSv1.2"),
    /** TLS 1.3, RFC 8446. */
    TLSv1_3(0x0304, "TLSv1.3");

    private static final ProtocolVersion[] VALUES = values();

    private final int wire;
    private final String label;

    ProtocolVersion(int wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    /** The 16-bit wire value, e.g. {@code 0x0303} for TLS 1.2. */
    public int wire() {
        return wire;
    }

    /** The display label: "SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2" or "TLSv1.3". */
    public String label() {
        return label;
    }

    /** Whether this version is at least {@code other}. */
    public boolean atLeast(ProtocolVersion other) {
        return compareTo(Objects.requireNonNull(other, "other")) >= 0;
    }

    /** The version with the given wire value, or empty for any other value (including GREASE). */
    public static Optional<ProtocolVersion> fromWire(int v) {
        for (ProtocolVersion p : VALUES) {
            if (p.wire == v) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The version named by {@code s}, case-insensitively. Accepted spellings include the label
     * ("TLSv1.2"), OpenSSL-style ("tls1.2", "tls1_2", "TLSv1_2"), the enum constant name and the
     * bare number ("1.2", "1_2", "3.0" for SSLv3, "2" or "2.0" for SSLv2); surrounding whitespace
     * is ignored. "TLSv1" and "tls1" mean TLS 1.0.
     *
     * @return the version, or empty if {@code s} is null or not recognised
     */
    public static Optional<ProtocolVersion> fromLabel(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '.');
        boolean ssl = false;
        if (t.startsWith("sslv")) {
            ssl = true;
            t = t.substring(4);
        } else if (t.startsWith("ssl")) {
            ssl = true;
            t = t.substring(3);
        } else if (t.startsWith("tlsv")) {
            t = t.substring(4);
        } else if (t.startsWith("tls")) {
            t = t.substring(3);
        }
        if (t.startsWith("v")) {
            t = t.substring(1);
        }
        if (ssl) {
            switch (t) {
                case "2": case "2.0": return Optional.of(SSLv2);
                case "3": case "3.0": return Optional.of(SSLv3);
                default: return Optional.empty();
            }
        }
        switch (t) {
            case "1": case "1.0": return Optional.of(TLSv1_0);
            case "1.1": return Optional.of(TLSv1_1);
            case "1.2": return Optional.of(TLSv1_2);
            case "1.3": return Optional.of(TLSv1_3);
            case "2": case "2.0": return s.trim().matches("[0-9.]+") ? Optional.of(SSLv2) : Optional.empty();
            case "3": case "3.0": return s.trim().matches("[0-9.]+") ? Optional.of(SSLv3) : Optional.empty();
            default: return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
