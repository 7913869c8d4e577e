package dev.tlsweep.core.registry;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cipher-suite registry: every suite in the IANA "TLS Cipher Suites" registry, the SSLv2
 * cipher kinds, and well-known non-IANA code points (flagged {@link Flag#EXPERIMENTAL_OR_PRIVATE}).
 *
 * <p>The data lives in the resource {@code cipher-suites.tsv} next to this class and is loaded
 * once, when this class is first used; everything returned is immutable. The loader derives most
 * {@link Flag flags} from the other fields, so flags cannot disagree with them.
 *
 * <p>SSLv2 kinds have 3-byte codes; {@link #byCode(int)} looks up 2-byte codes first, so code 0 is
 * TLS_NULL_WITH_NULL_NULL, and {@link #bySslv2Code(int)} looks up SSLv2 kinds only.
 *
 * @see <a href="https://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-4">IANA TLS Cipher Suites</a>
 */
public final class CipherSuites {

    static final String RESOURCE = "cipher-suites.tsv";
    private static final int COLUMNS = 10;

    private static final Table TABLE = new Table(TsvTable.parseResource(RESOURCE, COLUMNS, CipherSuites::parseRow));

    private CipherSuites() {
    }

    /** The SSLv3/TLS suite with 2-byte {@code code}, else the SSLv2 kind with 3-byte {@code code}. */
    public static Optional<CipherSuite> byCode(int code) {
        CipherSuite s = TABLE.tlsByCode.get(code);
        return Optional.ofNullable(s != null ? s : TABLE.sslv2ByCode.get(code));
    }

    /** The SSLv2 cipher kind with 3-byte {@code code}. */
    public static Optional<CipherSuite> bySslv2Code(int code) {
        return Optional.ofNullable(TABLE.sslv2ByCode.get(code));
    }

    /**
     * The suite with this IANA or OpenSSL name, case-insensitively. IANA names win over OpenSSL
     * names, and SSLv3/TLS suites over SSLv2 kinds that share an OpenSSL name ("RC4-MD5").
     */
    public static Optional<CipherSuite> byName(String ianaOrOpensslName) {
        if (ianaOrOpensslName == null) {
            return Optional.empty();
        }
        String key = ianaOrOpensslName.trim().toUpperCase(Locale.ROOT);
        CipherSuite s = TABLE.byIanaName.get(key);
        return Optional.ofNullable(s != null ? s : TABLE.byOpensslName.get(key));
    }

    /** All suites: the 2-byte SSLv3/TLS suites in code-point order, then the SSLv2 kinds in code order. */
    public static List<CipherSuite> all() {
        return TABLE.all;
    }

    /**
     * The suites a client may offer at version {@code v}, in code-point order: every suite a server
     * can select at {@code v}, without signalling values. TLS 1.3 gets the TLS 1.3 suites (and
     * ECCPWD, which RFC 8492 defines for 1.2 and 1.3); SSLv2 gets the SSLv2 kinds; SSLv3 to TLS 1.1
     * get no suites that need TLS 1.2 (SHA-256/384 HMAC outside the PSK families, AEAD).
     */
    public static List<CipherSuite> forVersion(ProtocolVersion v) {
        return TABLE.byVersion.get(Objects.requireNonNull(v, "v"));
    }

    /** Parses suites from a data file; used by the loader and by tests of the format. */
    static List<CipherSuite> parse(Reader reader, String source) {
        return TsvTable.parse(reader, source, COLUMNS, CipherSuites::parseRow);
    }

    private static CipherSuite parseRow(TsvTable.Row row) {
        String codeText = row.get(0);
        int code = row.hex(0, "code");
        boolean sslv2 = codeText.length() == 8;
        if (!sslv2 && codeText.length() != 6) {
            throw row.error("code: " + codeText + " (expected: 0x + 4 hex digits, or 0x + 6 for SSLv2)");
        }
        String iana = row.get(1);
        String openssl = row.optional(2);
        Set<ProtocolVersion> versions = versions(row, row.get(3));
        if (sslv2 != versions.contains(ProtocolVersion.SSLv2)) {
            throw row.error("versions: " + row.get(3) + " (expected: SSLv2 exactly for 3-byte codes)");
        }
        KeyExchange kx = row.enumValue(4, KeyExchange.class, "kx");
        Authentication au = row.enumValue(5, Authentication.class, "au");
        String enc = row.get(6);
        int bits = row.integer(7, "bits");
        Mac mac = row.enumValue(8, Mac.class, "mac");
        if (enc.equals("NULL") != (bits == 0)) {
            throw row.error("bits: " + bits + " (expected: 0 exactly when enc is NULL)");
        }
        EnumSet<Flag> flags = deriveFlags(kx, au, enc, mac);
        String extra = row.get(9);
        if (!extra.equals("-")) {
            for (String f : extra.split(",")) {
                Flag flag;
                try {
                    flag = Flag.valueOf(f.trim());
                } catch (IllegalArgumentException e) {
                    throw row.error("extra: " + f + " (expected: SCSV or EXPERIMENTAL_OR_PRIVATE)", e);
                }
                if (flag != Flag.SCSV && flag != Flag.EXPERIMENTAL_OR_PRIVATE) {
                    throw row.error("extra: " + f + " (expected: SCSV or EXPERIMENTAL_OR_PRIVATE; other flags are derived)");
                }
                flags.add(flag);
            }
        }
        if (flags.contains(Flag.SCSV)) {
            if (kx != KeyExchange.NULL) {
                throw row.error("kx: " + kx + " (expected: NULL for a signalling value)");
            }
            flags = EnumSet.of(Flag.SCSV); // a signalling value is not a cipher: no derived properties
        }
        return new CipherSuite(code, iana, openssl, versions, kx, au, enc, bits, mac, flags);
    }

    private static Set<ProtocolVersion> versions(TsvTable.Row row, String text) {
        int dots = text.indexOf("..");
        String lo = dots < 0 ? text : text.substring(0, dots);
        String hi = dots < 0 ? text : text.substring(dots + 2);
        ProtocolVersion min = ProtocolVersion.fromLabel(lo).orElseThrow(
                () -> row.error("versions: " + text + " (expected: a version label or min..max)"));
        ProtocolVersion max = ProtocolVersion.fromLabel(hi).orElseThrow(
                () -> row.error("versions: " + text + " (expected: a version label or min..max)"));
        if (min.compareTo(max) > 0) {
            throw row.error("versions: " + text + " (expected: min <= max)");
        }
        return EnumSet.range(min, max);
    }

    /** The flag rules; see {@link Flag}. */
    static EnumSet<Flag> deriveFlags(KeyExchange kx, Authentication au, String enc, Mac mac) {
        EnumSet<Flag> f = EnumSet.noneOf(Flag.class);
        if (kx.export() || enc.contains("EXPORT")) {
            f.add(Flag.EXPORT);
        }
        if (au == Authentication.ANON || au == Authentication.NULL) {
            f.add(Flag.ANONYMOUS);
        }
        if (enc.equals("NULL")) {
            f.add(Flag.NULL_CIPHER);
        }
        if (enc.startsWith("RC4")) {
            f.add(Flag.RC4);
        }
        boolean tripleDes = enc.startsWith("3DES") || enc.startsWith("DES_192_EDE3");
        boolean des = !tripleDes && enc.startsWith("DES");
        if (tripleDes) {
            f.add(Flag.TRIPLE_DES);
        }
        if (des) {
            f.add(Flag.DES);
        }
        if (tripleDes || des || enc.startsWith("IDEA") || enc.startsWith("RC2")) {
            f.add(Flag.BLOCK_64);
        }
        if (enc.contains("CBC")) {
            f.add(Flag.CBC);
        }
        if (mac == Mac.AEAD) {
            f.add(Flag.AEAD);
        }
        if (kx.forwardSecret()) {
            f.add(Flag.FORWARD_SECRECY);
        }
        if (kx.psk()) {
            f.add(Flag.PSK);
        }
        if (kx == KeyExchange.SRP) {
            f.add(Flag.SRP);
        }
        if (kx == KeyExchange.KRB5 || kx == KeyExchange.KRB5_EXPORT) {
            f.add(Flag.KRB5);
        }
        if (kx == KeyExchange.GOST || kx == KeyExchange.GOST2012 || au == Authentication.GOST94
                || au == Authentication.GOST01 || au == Authentication.GOST12 || enc.startsWith("28147")
                || enc.startsWith("KUZNYECHIK") || enc.startsWith("MAGMA") || mac == Mac.GOST28147
                || mac == Mac.GOSTR3411 || mac == Mac.STREEBOG256) {
            f.add(Flag.GOST);
        }
        return f;
    }

    /** The loaded, indexed, immutable table. */
    static final class Table {
        final List<CipherSuite> all;
        final Map<Integer, CipherSuite> tlsByCode = new HashMap<>();
        final Map<Integer, CipherSuite> sslv2ByCode = new HashMap<>();
        final Map<String, CipherSuite> byIanaName = new HashMap<>();
        final Map<String, CipherSuite> byOpensslName = new HashMap<>();
        final Map<ProtocolVersion, List<CipherSuite>> byVersion = new EnumMap<>(ProtocolVersion.class);

        Table(List<CipherSuite> suites) {
            List<CipherSuite> sorted = new ArrayList<>(suites);
            sorted.sort(Comparator.comparing(CipherSuite::isSslv2).thenComparingInt(CipherSuite::code));
            this.all = List.copyOf(sorted);
            for (CipherSuite s : all) {
                Map<Integer, CipherSuite> byCode = s.isSslv2() ? sslv2ByCode : tlsByCode;
                if (byCode.putIfAbsent(s.code(), s) != null) {
                    throw new IllegalStateException(RESOURCE + ": duplicate code " + s.codeHex());
                }
                if (byIanaName.putIfAbsent(s.ianaName().toUpperCase(Locale.ROOT), s) != null) {
                    throw new IllegalStateException(RESOURCE + ": duplicate name " + s.ianaName());
                }
            }
            for (CipherSuite s : all) {
                if (s.opensslName() == null) {
                    continue;
                }
                CipherSuite prev = byOpensslName.putIfAbsent(s.opensslName().toUpperCase(Locale.ROOT), s);
                if (prev != null && prev.isSslv2() == s.isSslv2()) {
                    throw new IllegalStateException(RESOURCE + ": duplicate OpenSSL name " + s.opensslName());
                }
            }
            for (ProtocolVersion v : ProtocolVersion.values()) {
                byVersion.put(v, all.stream().filter(s -> s.supports(v) && !s.has(Flag.SCSV)).toList());
            }
        }
    }
}
