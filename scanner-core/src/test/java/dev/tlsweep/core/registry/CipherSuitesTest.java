package dev.tlsweep.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CipherSuitesTest {

    private static CipherSuite suite(String name) {
        return CipherSuites.byName(name).orElseThrow(() -> new AssertionError("missing " + name));
    }

    @Test
    void coversTheRegistry() {
        List<CipherSuite> all = CipherSuites.all();
        long iana = all.stream().filter(s -> !s.isSslv2() && !s.has(Flag.EXPERIMENTAL_OR_PRIVATE)).count();
        // 356 assigned values in the IANA registry (incl. the two SCSVs) as of autumn 2026.
        assertThat(iana).isEqualTo(356);
        assertThat(all.stream().filter(CipherSuite::isSslv2).count()).isEqualTo(13);
        assertThat(all.stream().filter(s -> s.isSslv2() && !s.has(Flag.EXPERIMENTAL_OR_PRIVATE)))
                .extracting(CipherSuite::codeHex)
                .containsExactly("0x010080", "0x020080", "0x030080", "0x040080", "0x050080", "0x060040", "0x0700C0");
        for (int code : new int[] {0x1301, 0x1302, 0x1303, 0x1304, 0x1305, 0x5600, 0x00FF, 0xC0B0, 0xC0B3, 0xC100,
                0xC106, 0xD001, 0xD005, 0xCC13, 0xCC14, 0xCC15, 0x0080, 0x0083, 0xFF85, 0xFEFE, 0xFEFF, 0xFFE0,
                0xFFE1, 0x0060, 0x0066, 0x00AE, 0x00B9}) {
            assertThat(CipherSuites.byCode(code)).as("0x%04X", code).isPresent();
        }
        assertThat(CipherSuites.byCode(0x0047)).isEmpty();
        assertThat(CipherSuites.byCode(0xD004)).isEmpty();
    }

    @Test
    void noDuplicateCodesOrNames() {
        List<CipherSuite> all = CipherSuites.all();
        Set<String> codes = new HashSet<>();
        Set<String> iana = new HashSet<>();
        Set<String> tlsOpenssl = new HashSet<>();
        Set<String> sslv2Openssl = new HashSet<>();
        for (CipherSuite s : all) {
            assertThat(codes.add(s.codeHex())).as("code %s", s.codeHex()).isTrue();
            assertThat(iana.add(s.ianaName().toUpperCase(Locale.ROOT))).as("name %s", s.ianaName()).isTrue();
            if (s.opensslName() != null) {
                Set<String> names = s.isSslv2() ? sslv2Openssl : tlsOpenssl;
                assertThat(names.add(s.opensslName().toUpperCase(Locale.ROOT))).as("OpenSSL name %s", s).isTrue();
            }
        }
    }

    @Test
    void allIsInCodePointOrderTlsFirst() {
        List<CipherSuite> all = CipherSuites.all();
        for (int i = 1; i < all.size(); i++) {
            CipherSuite a = all.get(i - 1);
            CipherSuite b = all.get(i);
            if (a.isSslv2() == b.isSslv2()) {
                assertThat(a.code()).isLessThan(b.code());
            } else {
                assertThat(b.isSslv2()).as("SSLv2 kinds come last").isTrue();
            }
        }
        assertThat(all.get(0).ianaName()).isEqualTo("TLS_NULL_WITH_NULL_NULL");
    }

    @Test
    void lookups() {
        CipherSuite s = suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(s.code()).isEqualTo(0xC02F);
        assertThat(s.codeHex()).isEqualTo("0xC02F");
        assertThat(s.opensslName()).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(CipherSuites.byName("ecdhe-rsa-aes128-gcm-sha256")).contains(s);
        assertThat(CipherSuites.byName("tls_ecdhe_rsa_with_aes_128_gcm_sha256")).contains(s);
        assertThat(CipherSuites.byCode(0xC02F)).contains(s);
        assertThat(CipherSuites.byName("nope")).isEmpty();
        assertThat(CipherSuites.byName(null)).isEmpty();
        // Code 0 is the TLS null suite; the SSLv2 kind with code 0x000000 needs bySslv2Code.
        assertThat(CipherSuites.byCode(0).orElseThrow().ianaName()).isEqualTo("TLS_NULL_WITH_NULL_NULL");
        assertThat(CipherSuites.bySslv2Code(0).orElseThrow().ianaName()).isEqualTo("SSL_CK_NULL_WITH_MD5");
        // OpenSSL names shared by SSLv2 and TLS suites resolve to the TLS suite.
        assertThat(CipherSuites.byName("RC4-MD5").orElseThrow().code()).isEqualTo(0x0004);
        assertThat(CipherSuites.byName("DES-CBC3-SHA").orElseThrow().code()).isEqualTo(0x000A);
        CipherSuite v2 = CipherSuites.byCode(0x0700C0).orElseThrow();
        assertThat(v2.ianaName()).isEqualTo("SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
        assertThat(v2.codeHex()).isEqualTo("0x0700C0");
        assertThat(v2.opensslName()).isEqualTo("DES-CBC3-MD5");
    }

    @Test
    void forVersionSanity() {
        CipherSuite aes128Tls13 = suite("TLS_AES_128_GCM_SHA256");
        CipherSuite ecdheGcm = suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        CipherSuite rsa3des = suite("TLS_RSA_WITH_3DES_EDE_CBC_SHA");
        CipherSuite pskSha256 = suite("TLS_PSK_WITH_AES_128_CBC_SHA256");
        CipherSuite rsaSha256 = suite("TLS_RSA_WITH_AES_128_CBC_SHA256");
        CipherSuite v2Rc4 = CipherSuites.byCode(0x010080).orElseThrow();
        for (ProtocolVersion v : ProtocolVersion.values()) {
            List<CipherSuite> offered = CipherSuites.forVersion(v);
            assertThat(offered.contains(aes128Tls13)).as("TLS 1.3 suite at %s", v).isEqualTo(v == ProtocolVersion.TLSv1_3);
            assertThat(offered.contains(ecdheGcm)).as("GCM suite at %s", v).isEqualTo(v == ProtocolVersion.TLSv1_2);
            assertThat(offered.contains(rsaSha256)).as("SHA-256 suite at %s", v).isEqualTo(v == ProtocolVersion.TLSv1_2);
            assertThat(offered.contains(rsa3des)).as("3DES at %s", v)
                    .isEqualTo(v.atLeast(ProtocolVersion.SSLv3) && !v.atLeast(ProtocolVersion.TLSv1_3));
            assertThat(offered.contains(pskSha256)).as("PSK SHA-256 at %s", v)
                    .isEqualTo(v.atLeast(ProtocolVersion.TLSv1_0) && !v.atLeast(ProtocolVersion.TLSv1_3));
            assertThat(offered.contains(v2Rc4)).isEqualTo(v == ProtocolVersion.SSLv2);
            assertThat(offered).noneMatch(s -> s.has(Flag.SCSV));
            assertThat(offered).allMatch(s -> s.supports(v));
            if (v == ProtocolVersion.SSLv2) {
                assertThat(offered).allMatch(CipherSuite::isSslv2).hasSize(13);
            } else {
                assertThat(offered).noneMatch(CipherSuite::isSslv2);
            }
            if (v != ProtocolVersion.TLSv1_2 && v != ProtocolVersion.TLSv1_3) {
                assertThat(offered).as("no TLS 1.2-only suites at %s", v).noneMatch(s -> s.has(Flag.AEAD));
            }
        }
        assertThat(CipherSuites.forVersion(ProtocolVersion.TLSv1_3))
                .allMatch(s -> s.keyExchange() == KeyExchange.ANY || s.keyExchange() == KeyExchange.ECCPWD);
        assertThat(CipherSuites.forVersion(ProtocolVersion.TLSv1_3)).extracting(CipherSuite::code)
                .contains(0x1301, 0x1302, 0x1303, 0x1304, 0x1305);
        assertThat(CipherSuites.forVersion(ProtocolVersion.TLSv1_2)).noneMatch(CipherSuite::isTls13Only);
    }

    @Test
    void signallingValues() {
        for (String name : List.of("TLS_FALLBACK_SCSV", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
            CipherSuite s = suite(name);
            assertThat(s.has(Flag.SCSV)).isTrue();
            assertThat(s.has(Flag.EXPERIMENTAL_OR_PRIVATE)).isFalse();
        }
        assertThat(suite("TLS_FALLBACK_SCSV").code()).isEqualTo(0x5600);
        assertThat(suite("TLS_EMPTY_RENEGOTIATION_INFO_SCSV").code()).isEqualTo(0x00FF);
        assertThat(CipherSuites.all().stream().filter(s -> s.has(Flag.SCSV)).count()).isEqualTo(2);
    }

    @Test
    void flagSpotChecks() {
        assertThat(suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").flags())
                .containsExactlyInAnyOrder(Flag.AEAD, Flag.FORWARD_SECRECY);
        assertThat(suite("TLS_RSA_WITH_3DES_EDE_CBC_SHA").flags())
                .containsExactlyInAnyOrder(Flag.TRIPLE_DES, Flag.BLOCK_64, Flag.CBC);
        assertThat(suite("TLS_RSA_EXPORT_WITH_RC4_40_MD5").flags()).containsExactlyInAnyOrder(Flag.EXPORT, Flag.RC4);
        assertThat(suite("EXP-EDH-RSA-DES-CBC-SHA").flags())
                .containsExactlyInAnyOrder(Flag.EXPORT, Flag.DES, Flag.BLOCK_64, Flag.CBC, Flag.FORWARD_SECRECY);
        assertThat(suite("TLS_DH_anon_WITH_AES_128_CBC_SHA").flags()).containsExactlyInAnyOrder(Flag.ANONYMOUS, Flag.CBC);
        assertThat(suite("TLS_NULL_WITH_NULL_NULL").flags()).containsExactlyInAnyOrder(Flag.ANONYMOUS, Flag.NULL_CIPHER);
        assertThat(suite("TLS_ECDHE_PSK_WITH_NULL_SHA256").flags())
                .containsExactlyInAnyOrder(Flag.NULL_CIPHER, Flag.PSK, Flag.FORWARD_SECRECY);
        assertThat(suite("TLS_RSA_PSK_WITH_AES_128_GCM_SHA256").flags()).containsExactlyInAnyOrder(Flag.PSK, Flag.AEAD);
        assertThat(suite("TLS_PSK_DHE_WITH_AES_128_CCM_8").keyExchange()).isEqualTo(KeyExchange.DHE_PSK);
        assertThat(suite("TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA").flags()).containsExactlyInAnyOrder(Flag.SRP, Flag.CBC);
        assertThat(suite("TLS_KRB5_WITH_IDEA_CBC_SHA").flags()).containsExactlyInAnyOrder(Flag.KRB5, Flag.BLOCK_64, Flag.CBC);
        assertThat(suite("TLS_AES_256_GCM_SHA384").flags()).containsExactlyInAnyOrder(Flag.AEAD, Flag.FORWARD_SECRECY);
        assertThat(suite("TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC").flags()).containsExactly(Flag.GOST);
        assertThat(suite("GOST2001-GOST89-GOST89").flags()).containsExactlyInAnyOrder(Flag.GOST, Flag.EXPERIMENTAL_OR_PRIVATE);
        assertThat(suite("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD").flags())
                .containsExactlyInAnyOrder(Flag.AEAD, Flag.FORWARD_SECRECY, Flag.EXPERIMENTAL_OR_PRIVATE);
        assertThat(suite("EXP1024-DES-CBC-SHA").keyBits()).isEqualTo(56);
        assertThat(suite("EXP1024-DES-CBC-SHA").has(Flag.EXPORT)).isTrue();
        assertThat(suite("SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5").flags())
                .containsExactlyInAnyOrder(Flag.EXPORT, Flag.BLOCK_64, Flag.CBC);
        assertThat(suite("SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5").keyBits()).isEqualTo(40);
    }

    @Test
    void fieldSpotChecks() {
        CipherSuite s = suite("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256");
        assertThat(s.keyExchange()).isEqualTo(KeyExchange.DHE);
        assertThat(s.authentication()).isEqualTo(Authentication.RSA);
        assertThat(s.encryption()).isEqualTo("AES_256_CBC");
        assertThat(s.keyBits()).isEqualTo(256);
        assertThat(s.mac()).isEqualTo(Mac.SHA256);
        assertThat(s.versions()).containsExactly(ProtocolVersion.TLSv1_2);
        assertThat(suite("TLS_RSA_WITH_3DES_EDE_CBC_SHA").keyBits()).isEqualTo(112);
        assertThat(suite("TLS_RSA_WITH_3DES_EDE_CBC_SHA").versions()).containsExactly(ProtocolVersion.SSLv3,
                ProtocolVersion.TLSv1_0, ProtocolVersion.TLSv1_1, ProtocolVersion.TLSv1_2);
        assertThat(suite("TLS_RSA_WITH_NULL_SHA").keyBits()).isZero();
        assertThat(suite("TLS_CHACHA20_POLY1305_SHA256").encryption()).isEqualTo("CHACHA20_POLY1305");
        assertThat(suite("TLS_RSA_WITH_RC4_128_MD5").encryption()).isEqualTo("RC4_128");
        assertThat(suite("TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA").keyExchange()).isEqualTo(KeyExchange.ECDH);
        assertThat(suite("TLS_ECDH_anon_WITH_AES_128_CBC_SHA").keyExchange()).isEqualTo(KeyExchange.ECDH_ANON);
        assertThat(suite("TLS_AES_128_GCM_SHA256").authentication()).isEqualTo(Authentication.ANY);
        assertThat(suite("TLS_AES_128_GCM_SHA256").opensslName()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(suite("TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256").opensslName()).isNull();
        assertThat(suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").toString()).isEqualTo("0xC02F TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    /** The flag rules, checked over every suite. */
    @Test
    void flagsAreConsistentWithFields() {
        for (CipherSuite s : CipherSuites.all()) {
            if (s.has(Flag.SCSV)) {
                assertThat(s.flags()).as("a signalling value has no cipher properties").containsExactly(Flag.SCSV);
                continue;
            }
            KeyExchange kx = s.keyExchange();
            String enc = s.encryption();
            boolean fs = kx == KeyExchange.DHE || kx == KeyExchange.DHE_EXPORT || kx == KeyExchange.ECDHE
                    || kx == KeyExchange.DHE_PSK || kx == KeyExchange.ECDHE_PSK || kx == KeyExchange.ANY
                    || kx == KeyExchange.ECCPWD || kx == KeyExchange.CECPQ1;
            assertThat(s.has(Flag.FORWARD_SECRECY)).as("FS %s", s).isEqualTo(fs);
            if (s.isTls13Only()) {
                assertThat(s.has(Flag.FORWARD_SECRECY)).as("TLS 1.3 suite %s", s).isTrue();
                assertThat(s.has(Flag.SCSV) || s.has(Flag.CBC) || s.has(Flag.EXPORT)).as("TLS 1.3 suite %s", s).isFalse();
            }
            boolean tripleDes = enc.startsWith("3DES") || enc.startsWith("DES_192_EDE3");
            boolean des = !tripleDes && enc.startsWith("DES");
            assertThat(s.has(Flag.TRIPLE_DES)).as("3DES %s", s).isEqualTo(tripleDes);
            assertThat(s.has(Flag.DES)).as("DES %s", s).isEqualTo(des);
            assertThat(s.has(Flag.BLOCK_64)).as("64-bit block %s", s)
                    .isEqualTo(tripleDes || des || enc.startsWith("IDEA") || enc.startsWith("RC2"));
            assertThat(s.has(Flag.CBC)).as("CBC %s", s).isEqualTo(enc.contains("CBC"));
            assertThat(s.has(Flag.RC4)).as("RC4 %s", s).isEqualTo(enc.startsWith("RC4"));
            assertThat(s.has(Flag.AEAD)).as("AEAD %s", s).isEqualTo(s.mac() == Mac.AEAD);
            assertThat(s.has(Flag.AEAD) && s.has(Flag.CBC)).as("AEAD and CBC %s", s).isFalse();
            assertThat(s.has(Flag.NULL_CIPHER)).as("NULL %s", s).isEqualTo(s.keyBits() == 0);
            assertThat(s.has(Flag.EXPORT)).as("export %s", s).isEqualTo(
                    s.ianaName().contains("EXPORT") || s.ianaName().equals("SSL_CK_NULL_WITH_MD5"));
            assertThat(s.has(Flag.ANONYMOUS)).as("anonymous %s", s).isEqualTo(
                    s.ianaName().contains("_anon_") || s.authentication() == Authentication.NULL);
            assertThat(s.has(Flag.PSK)).as("PSK %s", s).isEqualTo(s.ianaName().contains("PSK"));
            assertThat(s.has(Flag.SRP)).as("SRP %s", s).isEqualTo(s.ianaName().contains("_SRP_"));
            assertThat(s.has(Flag.KRB5)).as("KRB5 %s", s).isEqualTo(s.ianaName().contains("_KRB5_"));
            if (s.has(Flag.EXPORT)) {
                assertThat(s.keyBits()).as("export strength %s", s).isIn(0, 40, 56);
            }
            if (s.ianaName().contains("_SHA256") && !s.has(Flag.AEAD) && !s.has(Flag.PSK)
                    && !s.has(Flag.GOST) && !s.isTls13Only()) {
                assertThat(s.versions()).as("SHA-256 HMAC needs TLS 1.2: %s", s).containsExactly(ProtocolVersion.TLSv1_2);
            }
        }
    }

    @Test
    void malformedLineNamesTheLine() {
        String good = "0xC02F\tTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\tECDHE-RSA-AES128-GCM-SHA256\tTLSv1.2\tECDHE\tRSA"
                + "\tAES_128_GCM\t128\tAEAD\t-\n";
        assertThat(CipherSuites.parse(new StringReader("# comment\n\n" + good), "t.tsv")).hasSize(1);

        assertThatThrownBy(() -> CipherSuites.parse(new StringReader("# c\n" + good + "0x0001\tX\t-\tSSLv3\n"), "t.tsv"))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageStartingWith("t.tsv:3: expected 10 tab-separated columns, found 4")
                .satisfies(e -> assertThat(((RegistryFormatException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> CipherSuites.parse(new StringReader(good.replace("ECDHE\tRSA", "ECDHX\tRSA")), "t.tsv"))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageStartingWith("t.tsv:1: kx: ECDHX (expected: one of");
        assertThatThrownBy(() -> CipherSuites.parse(new StringReader(good.replace("0xC02F", "C02F")), "t.tsv"))
                .hasMessageStartingWith("t.tsv:1: code: C02F");
        assertThatThrownBy(() -> CipherSuites.parse(new StringReader(good.replace("\t128\t", "\t0\t")), "t.tsv"))
                .hasMessageStartingWith("t.tsv:1: bits: 0 (expected: 0 exactly when enc is NULL)");
        assertThatThrownBy(() -> CipherSuites.parse(new StringReader(good.replace("TLSv1.2", "TLSv1.2..SSLv3")), "t.tsv"))
                .hasMessageStartingWith("t.tsv:1: versions: TLSv1.2..SSLv3 (expected: min <= max)");
        assertThatThrownBy(() -> CipherSuites.parse(new StringReader(good.replace("\t-\n", "\tAEAD\n")), "t.tsv"))
                .hasMessageContaining("other flags are derived");
        assertThatThrownBy(() -> CipherSuites.parse(new StringReader(good.replace("\t128\t", "\tmany\t")), "t.tsv"))
                .hasMessageStartingWith("t.tsv:1: bits: many (expected: a decimal integer)");
    }

    @Test
    void recordsAreImmutable() {
        CipherSuite s = suite("TLS_AES_128_GCM_SHA256");
        assertThatThrownBy(() -> s.flags().add(Flag.RC4)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.versions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> CipherSuites.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> CipherSuites.forVersion(ProtocolVersion.TLSv1_2).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        Set<String> names = CipherSuites.all().stream().map(CipherSuite::ianaName).collect(Collectors.toSet());
        assertThat(names).hasSize(CipherSuites.all().size());
    }
}
