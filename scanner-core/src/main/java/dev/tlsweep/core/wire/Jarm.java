package dev.tlsweep.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * JARM, the TLS server fingerprint of Salesforce's JARM 1.0 (github.com/salesforce/jarm): ten ClientHellos of
 * given shapes (versions, cipher orders, GREASE, ALPN lists, extension orders), and a 62-character hash of what the
 * server answers each — the suite and version it picks, the ALPN it selects, the extensions it sends and their order.
 * Servers with the same TLS stack and configuration share a hash. Pure: the hellos are {@link ClientHelloSpec}s
 * with every extension given as raw bytes in JARM's order, and the hash a function of the ServerHellos.
 */
public final class Jarm {

    /** The hash when every probe went unanswered: JARM's 62 zeros. */
    public static final String EMPTY = "0".repeat(62);

    private static final int[] ALL_CIPHERS = {
        0x0016, 0x0033, 0x0067, 0xC09E, 0xC0A2, 0x009E, 0x0039, 0x006B, 0xC09F, 0xC0A3, 0x009F, 0x0045, 0x00BE,
        0x0088, 0x00C4, 0x009A, 0xC008, 0xC009, 0xC023, 0xC0AC, 0xC0AE, 0xC02B, 0xC00A, 0xC024, 0xC0AD, 0xC0AF,
        0xC02C, 0xC072, 0xC073, 0xCCA9, 0x1302, 0x1301, 0xCC14, 0xC007, 0xC012, 0xC013, 0xC027, 0xC02F, 0xC014,
        0xC028, 0xC030, 0xC060, 0xC061, 0xC076, 0xC077, 0xCCA8, 0x1305, 0x1304, 0x1303, 0xCC13, 0xC011, 0x000A,
        0x002F, 0x003C, 0xC09C, 0xC0A0, 0x009C, 0x0035, 0x003D, 0xC09D, 0xC0A1, 0x009D, 0x0041, 0x00BA, 0x0084,
        0x00C0, 0x0007, 0x0004, 0x0005,
    };

    /** The suites of the hash's cipher byte, in JARM's order (its index + 1 is the byte). */
    private static final int[] HASH_CIPHERS = {
        0x0004, 0x0005, 0x0007, 0x000A, 0x0016, 0x002F, 0x0033, 0x0035, 0x0039, 0x003C, 0x003D, 0x0041, 0x0045,
        0x0067, 0x006B, 0x0084, 0x0088, 0x009A, 0x009C, 0x009D, 0x009E, 0x009F, 0x00BA, 0x00BE, 0x00C0, 0x00C4,
        0xC007, 0xC008, 0xC009, 0xC00A, 0xC011, 0xC012, 0xC013, 0xC014, 0xC023, 0xC024, 0xC027, 0xC028, 0xC02B,
        0xC02C, 0xC02F, 0xC030, 0xC060, 0xC061, 0xC072, 0xC073, 0xC076, 0xC077, 0xC09C, 0xC09D, 0xC09E, 0xC09F,
        0xC0A0, 0xC0A1, 0xC0A2, 0xC0A3, 0xC0AC, 0xC0AD, 0xC0AE, 0xC0AF, 0xCC13, 0xCC14, 0xCCA8, 0xCCA9, 0x1301,
        0x1302, 0x1303, 0x1304, 0x1305,
    };

    private static final String[] ALPN = {"http/0.9", "http/1.0", "http/1.1", "spdy/1", "spdy/2", "spdy/3", "h2", "h2c",
        "hq"};
    private static final String[] RARE_ALPN = {"http/0.9", "http/1.0", "spdy/1", "spdy/2", "spdy/3", "h2c", "hq"};

    private enum Order { FORWARD, REVERSE, TOP_HALF, BOTTOM_HALF, MIDDLE_OUT }

    /** One of the ten probes: JARM's version, cipher list, cipher order, GREASE, ALPN, supported_versions, order. */
    private record Probe(int version, boolean tls13Ciphers, Order cipherOrder, boolean grease, boolean rareAlpn,
            String support, Order extensionOrder) {
    }

    private static final List<Probe> PROBES = List.of(
            new Probe(0x0303, true, Order.FORWARD, false, false, "1.2", Order.REVERSE),
            new Probe(0x0303, true, Order.REVERSE, false, false, "1.2", Order.FORWARD),
            new Probe(0x0303, true, Order.TOP_HALF, false, false, "none", Order.FORWARD),
            new Probe(0x0303, true, Order.BOTTOM_HALF, false, true, "none", Order.FORWARD),
            new Probe(0x0303, true, Order.MIDDLE_OUT, true, true, "none", Order.REVERSE),
            new Probe(0x0302, true, Order.FORWARD, false, false, "none", Order.FORWARD),
            new Probe(0x0304, true, Order.FORWARD, false, false, "1.3", Order.REVERSE),
            new Probe(0x0304, true, Order.REVERSE, false, false, "1.3", Order.FORWARD),
            new Probe(0x0304, false, Order.FORWARD, false, false, "1.3", Order.FORWARD),
            new Probe(0x0304, true, Order.MIDDLE_OUT, true, false, "1.3", Order.REVERSE));

    private Jarm() {
    }

    /** The number of hellos JARM sends. */
    public static int probes() {
        return PROBES.size();
    }

    /**
     * The {@code index}-th JARM hello (0..9) for {@code host} (JARM always sends server_name; an IP address is sent as
     * written, as JARM does).
     */
    public static ClientHelloSpec hello(int index, String host) {
        Probe p = PROBES.get(index);
        List<Integer> ciphers = new ArrayList<>();
        for (int c : ALL_CIPHERS) {
            if (p.tls13Ciphers() || (c >>> 8) != 0x13) {
                ciphers.add(c);
            }
        }
        ciphers = mung(ciphers, p.cipherOrder());
        if (p.grease()) {
            ciphers.add(0, grease());
        }
        ClientHelloSpec.Builder b = ClientHelloSpec.builder()
                .recordVersion(p.version() == 0x0304 ? 0x0301 : p.version())
                .legacyVersion(p.version() == 0x0304 ? 0x0303 : p.version())
                .cipherSuites(ciphers)
                .sessionId(random(32))
                .compressionMethods(0)
                .supportedGroups().ecPointFormats(false).signatureAlgorithms().supportedVersions().keyShares()
                .pskKeyExchangeModes(false).renegotiationInfo(false).alpn().statusRequest(false)
                .extendedMasterSecret(false).sessionTicket(false).heartbeat(false).padding(false);
        if (p.grease()) {
            b.extension(grease(), new byte[0]);
        }
        byte[] name = (host == null ? "" : host).getBytes(StandardCharsets.US_ASCII);
        byte[] sni = new byte[5 + name.length];
        sni[0] = (byte) ((name.length + 3) >>> 8);
        sni[1] = (byte) (name.length + 3);
        sni[3] = (byte) (name.length >>> 8);
        sni[4] = (byte) name.length;
        System.arraycopy(name, 0, sni, 5, name.length);
        b.extension(0x0000, sni);
        b.extension(0x0017, new byte[0]);
        b.extension(0x0001, new byte[] {1});
        b.extension(0xFF01, new byte[] {0});
        b.extension(0x000A, hex("0008001d001700180019"));
        b.extension(0x000B, hex("0100"));
        b.extension(0x0023, new byte[0]);
        b.extension(0x0010, alpn(p));
        b.extension(0x000D, hex("001204030804040105030805050108060601" + "0201"));
        b.extension(0x0033, keyShare(p.grease()));
        b.extension(0x002D, hex("0101"));
        if (p.version() == 0x0304 || p.support().equals("1.2")) {
            b.extension(0x002B, supportedVersions(p));
        }
        return b.build();
    }

    private static byte[] alpn(Probe p) {
        List<String> protocols = new ArrayList<>(List.of(p.rareAlpn() ? RARE_ALPN : ALPN));
        if (p.extensionOrder() != Order.FORWARD) {
            protocols = mung(protocols, p.extensionOrder());
        }
        int length = 0;
        for (String s : protocols) {
            length += 1 + s.length();
        }
        byte[] out = new byte[2 + length];
        out[0] = (byte) (length >>> 8);
        out[1] = (byte) length;
        int i = 2;
        for (String s : protocols) {
            out[i++] = (byte) s.length();
            for (byte c : s.getBytes(StandardCharsets.US_ASCII)) {
                out[i++] = c;
            }
        }
        return out;
    }

    private static byte[] keyShare(boolean grease) {
        KeyShare x25519 = KeyShares.share(0x001D);
        byte[] entry = TlsHash.concat(new byte[] {0, 0x1D, 0, 32}, x25519.publicKey());
        if (grease) {
            int g = grease();
            entry = TlsHash.concat(new byte[] {(byte) (g >>> 8), (byte) g, 0, 1, 0}, entry);
        }
        return TlsHash.concat(new byte[] {(byte) (entry.length >>> 8), (byte) entry.length}, entry);
    }

    private static byte[] supportedVersions(Probe p) {
        List<Integer> versions = new ArrayList<>(List.of(0x0301, 0x0302, 0x0303));
        if (!p.support().equals("1.2")) {
            versions.add(0x0304);
        }
        if (p.extensionOrder() != Order.FORWARD) {
            versions = mung(versions, p.extensionOrder());
        }
        if (p.grease()) {
            versions.add(0, grease());
        }
        byte[] out = new byte[1 + 2 * versions.size()];
        out[0] = (byte) (2 * versions.size());
        for (int i = 0; i < versions.size(); i++) {
            out[1 + 2 * i] = (byte) (versions.get(i) >>> 8);
            out[2 + 2 * i] = (byte) (int) versions.get(i);
        }
        return out;
    }

    /** JARM's reorderings of a list (its cipher_mung). */
    static <T> List<T> mung(List<T> in, Order order) {
        int n = in.size();
        List<T> out = new ArrayList<>();
        switch (order) {
            case FORWARD -> out.addAll(in);
            case REVERSE -> {
                out.addAll(in);
                Collections.reverse(out);
            }
            case BOTTOM_HALF -> out.addAll(n % 2 == 1 ? in.subList(n / 2 + 1, n) : in.subList(n / 2, n));
            case TOP_HALF -> {
                if (n % 2 == 1) {
                    out.add(in.get(n / 2));
                }
                out.addAll(mung(mung(in, Order.REVERSE), Order.BOTTOM_HALF));
            }
            case MIDDLE_OUT -> {
                int middle = n / 2;
                if (n % 2 == 1) {
                    out.add(in.get(middle));
                    for (int i = 1; i <= middle; i++) {
                        out.add(in.get(middle + i));
                        out.add(in.get(middle - i));
                    }
                } else {
                    for (int i = 1; i <= middle; i++) {
                        out.add(in.get(middle - 1 + i));
                        out.add(in.get(middle - i));
                    }
                }
            }
        }
        return out;
    }

    /**
     * What JARM reads of one answer: {@code cipher|version|alpn|extensions}, or {@code |||} when the answer is no
     * ServerHello (an alert, a close, nothing).
     */
    public static String component(ServerHello sh) {
        if (sh == null) {
            return "|||";
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format("%04x", sh.cipherSuite())).append('|');
        s.append(String.format("%04x", sh.legacyVersion())).append('|');
        List<String> types = new ArrayList<>();
        String alpn = "";
        for (Map.Entry<Integer, byte[]> e : sh.extensions().entrySet()) {
            types.add(String.format("%04x", e.getKey()));
            if (e.getKey() == 0x0010 && e.getValue().length > 3) {
                alpn = new String(e.getValue(), 3, e.getValue().length - 3, StandardCharsets.ISO_8859_1);
            }
        }
        s.append(alpn).append('|').append(String.join("-", types));
        return s.toString();
    }

    /**
     * The JARM hash of the ten components (JARM's jarm_hash): for each answer a cipher byte and a version character,
     * then the first 32 hex digits of SHA-256 over the ALPNs and extension lists.
     */
    public static String hash(List<String> components) {
        if (components.size() != PROBES.size()) {
            throw new IllegalArgumentException("components: " + components.size() + " (expected: " + PROBES.size() + ")");
        }
        if (components.stream().allMatch("|||"::equals)) {
            return EMPTY;
        }
        StringBuilder fuzzy = new StringBuilder();
        StringBuilder alpnsAndExtensions = new StringBuilder();
        for (String c : components) {
            String[] parts = c.split("\\|", -1);
            fuzzy.append(cipherByte(parts[0])).append(versionChar(parts[1]));
            alpnsAndExtensions.append(parts[2]).append(parts[3]);
        }
        byte[] sha = TlsHash.SHA256.hash(alpnsAndExtensions.toString().getBytes(StandardCharsets.ISO_8859_1));
        fuzzy.append(HexFormat.of().formatHex(sha), 0, 32);
        return fuzzy.toString();
    }

    private static String cipherByte(String cipher) {
        if (cipher.isEmpty()) {
            return "00";
        }
        int code = Integer.parseInt(cipher, 16);
        int index = HASH_CIPHERS.length + 1;
        for (int i = 0; i < HASH_CIPHERS.length; i++) {
            if (HASH_CIPHERS[i] == code) {
                index = i + 1;
                break;
            }
        }
        return String.format("%02x", index);
    }

    private static String versionChar(String version) {
        if (version.isEmpty()) {
            return "0";
        }
        return String.valueOf("abcdef".charAt(Character.digit(version.charAt(3), 16)));
    }

    private static int grease() {
        int nibble = ThreadLocalRandom.current().nextInt(16);
        return (nibble << 12) | 0x0A00 | (nibble << 4) | 0x0A;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static byte[] hex(String s) {
        return Tls.hex(s);
    }
}
