package dev.tlsweep.core.registry;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One cipher suite: an SSLv3/TLS 2-byte code point or an SSLv2 3-byte cipher kind.
 *
 * <p>Instances come from {@link CipherSuites}; the canonical constructor validates the fields and
 * copies the sets.
 *
 * @param code           the wire value: 0x0000-0xFFFF for SSLv3/TLS, 0x000000-0xFFFFFF for SSLv2
 * @param ianaName       the IANA name, or for non-IANA suites the customary name
 * @param opensslName    the OpenSSL name, or {@code null} if OpenSSL has none
 * @param versions       the protocol versions in which a server can select the suite: from the first
 *                       version whose MAC and PRF support it up to TLS 1.2 (TLS 1.3 suites: TLS 1.3 only;
 *                       SSLv2 kinds: SSLv2 only). Export suites are included up to TLS 1.2 although
 *                       RFC 4346 forbids them from TLS 1.1, because servers that still select them
 *                       must be found
 * @param keyExchange    the key exchange
 * @param authentication the server authentication
 * @param encryption     the bulk cipher as written in the suite name, e.g. "AES_128_GCM",
 *                       "3DES_EDE_CBC", "RC4_128", "CHACHA20_POLY1305", or "NULL"
 * @param keyBits        the effective strength of the bulk cipher in bits: 0 for NULL, 112 for
 *                       3DES, the export strength (40 or 56) for export ciphers
 * @param mac            the record integrity protection
 * @param flags          the flags, see {@link Flag}
 */
public record CipherSuite(int code, String ianaName, String opensslName, Set<ProtocolVersion> versions,
        KeyExchange keyExchange, Authentication authentication, String encryption, int keyBits, Mac mac,
        Set<Flag> flags) {

    /** Validates and copies the fields. */
    public CipherSuite {
        if (code < 0 || code > 0xFFFFFF) {
            throw new IllegalArgumentException("code: " + code + " (expected: 0x000000-0xFFFFFF)");
        }
        Objects.requireNonNull(ianaName, "ianaName");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(keyExchange, "keyExchange");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(flags, "flags");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("versions: [] (expected: at least one version)");
        }
        if (keyBits < 0) {
            throw new IllegalArgumentException("keyBits: " + keyBits + " (expected: >= 0)");
        }
        boolean sslv2 = versions.contains(ProtocolVersion.SSLv2);
        if (sslv2 && versions.size() != 1) {
            throw new IllegalArgumentException("versions: " + versions + " (expected: SSLv2 alone)");
        }
        if (!sslv2 && code > 0xFFFF) {
            throw new IllegalArgumentException("code: 0x" + Integer.toHexString(code)
                    + " (expected: <= 0xFFFF for SSLv3/TLS suites)");
        }
        versions = Collections.unmodifiableSet(EnumSet.copyOf(versions));
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
    }

    /** The code as upper-case hex: "0xC02F", or six digits for SSLv2 kinds ("0x0700C0"). */
    public String codeHex() {
        return String.format(Locale.ROOT, isSslv2() ? "0x%06X" : "0x%04X", code);
    }

    /** Whether the suite has flag {@code f}. */
    public boolean has(Flag f) {
        return flags.contains(Objects.requireNonNull(f, "f"));
    }

    /** Whether this is an SSLv2 cipher kind (a 3-byte code). */
    public boolean isSslv2() {
        return versions.contains(ProtocolVersion.SSLv2);
    }

    /** Whether this suite is defined only for TLS 1.3. */
    public boolean isTls13Only() {
        return versions.size() == 1 && versions.contains(ProtocolVersion.TLSv1_3);
    }

    /** Whether a server can select the suite at version {@code v}. */
    public boolean supports(ProtocolVersion v) {
        return versions.contains(Objects.requireNonNull(v, "v"));
    }

    /** The OpenSSL name if there is one, otherwise the IANA name. */
    public String displayName() {
        return opensslName != null ? opensslName : ianaName;
    }

    /** The high byte of a 2-byte code (undefined for SSLv2 kinds). */
    public int firstByte() {
        return (code >> 8) & 0xFF;
    }

    /** The low byte of a 2-byte code (undefined for SSLv2 kinds). */
    public int secondByte() {
        return code & 0xFF;
    }

    @Override
    public String toString() {
        return codeHex() + " " + ianaName;
    }
}
