package dev.tlsweep.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the registry against testssl.sh's independent mapping file
 * (columns: hex code, "-", OpenSSL name, IANA name, version, Kx=, Au=, Enc=, Mac=, optional "export").
 * CI installs testssl.sh from the distribution, so the file is present there.
 */
class TestsslMappingCrossCheckTest {

    static final Path CIPHER_MAPPING = Path.of("/etc/testssl/cipher-mapping.txt");
    static final Path CURVES_MAPPING = Path.of("/etc/testssl/curves-mapping.txt");

    /** Codes whose IANA name in testssl differs from ours on purpose. */
    static final Map<Integer, String> IANA_NAME_QUIRKS = Map.of(
            0x0061, "testssl drops the _CBC of the draft name TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5",
            0xFFE0, "testssl gives 0xFFE0 the same name as 0xFEFF; we use NSS's SSL_RSA_OLDFIPS_* name so names stay unique",
            0xFFE1, "testssl gives 0xFFE1 the same name as 0xFEFE; we use NSS's SSL_RSA_OLDFIPS_* name so names stay unique");

    /** Codes whose OpenSSL name in testssl differs from ours on purpose. */
    static final Map<Integer, String> OPENSSL_NAME_QUIRKS = Map.of(
            0x0000, "testssl prints the cipher-string alias NULL; OpenSSL has no suite named for TLS_NULL_WITH_NULL_NULL",
            0xFF8010, "testssl prints the cipher-string alias NULL for SSL_CK_NULL; OpenSSL never named this kind");

    /** testssl states the key size of the cipher, we state its effective strength. */
    static final Map<String, String> BITS_QUIRKS = Map.of(
            "3DES", "testssl prints 168 (key bits); we give the effective strength 112",
            "DES_64_CFB64", "testssl prints 64 (key bits including parity); the effective DES strength is 56");

    record Line(int lineNumber, int code, boolean sslv2, String openssl, String iana, String version, String kx,
            String au, String enc, String mac, boolean export) {
    }

    static List<Line> lines;

    @BeforeAll
    static void load() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(CIPHER_MAPPING),
                "testssl.sh is not installed (" + CIPHER_MAPPING + " missing): apt-get install testssl.sh");
        lines = new ArrayList<>();
        int n = 0;
        for (String raw : Files.readAllLines(CIPHER_MAPPING, StandardCharsets.UTF_8)) {
            n++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            assertThat(f.length).as("%s:%d fields", CIPHER_MAPPING, n).isBetween(9, 10);
            String[] bytes = f[0].split(",");
            int code = 0;
            for (String b : bytes) {
                code = (code << 8) | Integer.parseInt(b.substring(2), 16);
            }
            lines.add(new Line(n, code, bytes.length == 3, f[2], f[3], f[4], strip(f[5], "Kx="), strip(f[6], "Au="),
                    strip(f[7], "Enc="), strip(f[8], "Mac="), f.length == 10 && f[9].equals("export")));
        }
        assertThat(lines).hasSizeGreaterThan(300);
    }

    private static String strip(String s, String prefix) {
        assertThat(s).startsWith(prefix);
        return s.substring(prefix.length());
    }

    private static CipherSuite ours(Line l) {
        return (l.sslv2() ? CipherSuites.bySslv2Code(l.code()) : CipherSuites.byCode(l.code())).orElse(null);
    }

    @Test
    void everyTestsslSuiteIsInTheRegistryWithTheSameNames() {
        SoftAssertions soft = new SoftAssertions();
        for (Line l : lines) {
            CipherSuite s = ours(l);
            soft.assertThat(s).as("line %d: code %06X (%s) is missing", l.lineNumber(), l.code(), l.iana()).isNotNull();
            if (s == null) {
                continue;
            }
            soft.assertThat(s.isSslv2()).as("line %d: %s SSLv2", l.lineNumber(), s).isEqualTo(l.sslv2());
            if (!l.iana().equals("-") && !IANA_NAME_QUIRKS.containsKey(l.code())) {
                soft.assertThat(s.ianaName()).as("line %d: IANA name of %s", l.lineNumber(), s.codeHex()).isEqualTo(l.iana());
            }
            if (!l.openssl().equals("-") && !OPENSSL_NAME_QUIRKS.containsKey(l.code())) {
                soft.assertThat(s.opensslName()).as("line %d: OpenSSL name of %s", l.lineNumber(), s).isEqualTo(l.openssl());
            }
        }
        soft.assertAll();
    }

    @Test
    void quirksAreStillNeeded() {
        for (int code : IANA_NAME_QUIRKS.keySet()) {
            Line l = lines.stream().filter(x -> x.code() == code && !x.sslv2()).findFirst().orElseThrow();
            assertThat(CipherSuites.byCode(code).orElseThrow().ianaName()).isNotEqualTo(l.iana());
        }
        for (int code : OPENSSL_NAME_QUIRKS.keySet()) {
            Line l = lines.stream().filter(x -> x.code() == code).findFirst().orElseThrow();
            CipherSuite s = code > 0xFFFF ? CipherSuites.bySslv2Code(code).orElseThrow() : CipherSuites.byCode(code).orElseThrow();
            assertThat(s.opensslName()).isNotEqualTo(l.openssl());
        }
    }

    @Test
    void flagsAgreeWithTestssl() {
        SoftAssertions soft = new SoftAssertions();
        for (Line l : lines) {
            CipherSuite s = ours(l);
            if (s == null) {
                continue; // reported by the names test
            }
            String at = "line " + l.lineNumber() + ": " + s;
            soft.assertThat(s.has(Flag.EXPORT)).as("%s export", at).isEqualTo(l.export());
            soft.assertThat(s.has(Flag.ANONYMOUS)).as("%s anonymous", at).isEqualTo(l.au().equals("None"));
            soft.assertThat(s.has(Flag.NULL_CIPHER)).as("%s NULL", at).isEqualTo(l.enc().equals("None"));
            soft.assertThat(s.has(Flag.RC4)).as("%s RC4", at).isEqualTo(l.enc().startsWith("RC4("));
            soft.assertThat(s.has(Flag.DES)).as("%s DES", at).isEqualTo(l.enc().startsWith("DES("));
            soft.assertThat(s.has(Flag.TRIPLE_DES)).as("%s 3DES", at).isEqualTo(l.enc().startsWith("3DES("));
            soft.assertThat(s.has(Flag.AEAD)).as("%s AEAD", at).isEqualTo(l.mac().equals("AEAD"));
            soft.assertThat(s.has(Flag.PSK)).as("%s PSK", at).isEqualTo(l.kx().contains("PSK"));
            soft.assertThat(s.has(Flag.BLOCK_64)).as("%s 64-bit block", at)
                    .isEqualTo(l.enc().matches("(3DES|DES|IDEA|RC2)\\(.*"));
            soft.assertThat(s.versions().contains(ProtocolVersion.TLSv1_3)).as("%s TLS 1.3", at)
                    .isEqualTo(l.version().equals("TLSv1.3"));
            if (l.version().equals("TLSv1.2")) {
                soft.assertThat(s.versions()).as("%s TLS 1.2 only", at).containsExactly(ProtocolVersion.TLSv1_2);
            }
            int bits = l.enc().equals("None") ? 0
                    : Integer.parseInt(l.enc().substring(l.enc().indexOf('(') + 1, l.enc().indexOf(')')));
            boolean bitsQuirk = l.enc().startsWith("3DES(") || s.encryption().equals("DES_64_CFB64");
            if (!bitsQuirk) {
                soft.assertThat(s.keyBits()).as("%s bits", at).isEqualTo(bits);
            }
        }
        soft.assertAll();
    }

    @Test
    void namedGroupsAgreeWithTestsslCurves() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(CURVES_MAPPING), CURVES_MAPPING + " missing");
        int checked = 0;
        for (String raw : Files.readAllLines(CURVES_MAPPING, StandardCharsets.UTF_8)) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            String[] bytes = f[0].split(",");
            int code = (Integer.parseInt(bytes[0].substring(2), 16) << 8) | Integer.parseInt(bytes[1].substring(2), 16);
            if (code == 0) {
                continue; // "TPM_ECC_NONE": a TPM constant, not a TLS group
            }
            assertThat(NamedGroups.byCode(code)).as("group 0x%04X %s", code, f[3])
                    .hasValueSatisfying(g -> assertThat(g.name()).isEqualTo(f[3]));
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }
}
