package dev.tlsweep.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamedGroupsAndSignatureSchemesTest {

    @Test
    void groupsCoverTheRegistry() {
        List<NamedGroup> all = NamedGroups.all();
        assertThat(all).hasSize(59);
        assertThat(all).extracting(NamedGroup::code).isSorted().doesNotHaveDuplicates();
        assertThat(all).extracting(NamedGroup::name).doesNotHaveDuplicates();
        for (int code = 0x0001; code <= 0x0029; code++) {
            assertThat(NamedGroups.byCode(code)).as("0x%04X", code).isPresent();
        }
        for (int code = 0x0100; code <= 0x0104; code++) {
            assertThat(NamedGroups.byCode(code).orElseThrow().kind()).isEqualTo(NamedGroup.Kind.FFDHE);
        }
        assertThat(NamedGroups.byCode(0x0000)).isEmpty();
        assertThat(NamedGroups.byName("X25519")).isEqualTo(NamedGroups.byCode(0x001D));
    }

    @Test
    void groupSpotChecks() {
        NamedGroup x25519 = NamedGroups.byCode(0x001D).orElseThrow();
        assertThat(x25519).isEqualTo(new NamedGroup(0x001D, "x25519", NamedGroup.Kind.EC_MONTGOMERY, 255, 32));
        assertThat(x25519.codeHex()).isEqualTo("0x001D");
        assertThat(NamedGroups.byCode(0x0017).orElseThrow()).isEqualTo(
                new NamedGroup(0x0017, "secp256r1", NamedGroup.Kind.EC, 256, 65));
        assertThat(NamedGroups.byCode(0x0019).orElseThrow().keyShareLength()).isEqualTo(133);
        assertThat(NamedGroups.byCode(0x001E).orElseThrow().keyShareLength()).isEqualTo(56);
        assertThat(NamedGroups.byCode(0x0100).orElseThrow()).isEqualTo(
                new NamedGroup(0x0100, "ffdhe2048", NamedGroup.Kind.FFDHE, 2048, 256));
        NamedGroup hybrid = NamedGroups.byCode(0x11EC).orElseThrow();
        assertThat(hybrid.name()).isEqualTo("X25519MLKEM768");
        assertThat(hybrid.kind()).isEqualTo(NamedGroup.Kind.HYBRID_PQ);
        assertThat(hybrid.keyShareLength()).isEqualTo(1216);
        assertThat(hybrid.isPostQuantum()).isTrue();
        assertThat(NamedGroups.byCode(0x11EB).orElseThrow().name()).isEqualTo("SecP256r1MLKEM768");
        assertThat(NamedGroups.byCode(0x11EB).orElseThrow().keyShareLength()).isEqualTo(1249);
        assertThat(NamedGroups.byCode(0x11ED).orElseThrow().name()).isEqualTo("SecP384r1MLKEM1024");
        assertThat(NamedGroups.byCode(0x11ED).orElseThrow().keyShareLength()).isEqualTo(1665);
        assertThat(NamedGroups.byCode(0x6399).orElseThrow().name()).isEqualTo("X25519Kyber768Draft00");
        assertThat(NamedGroups.byCode(0x0201).orElseThrow()).isEqualTo(
                new NamedGroup(0x0201, "MLKEM768", NamedGroup.Kind.PQ, 768, 1184));
        assertThat(NamedGroups.byCode(0x0202).orElseThrow().keyShareLength()).isEqualTo(1568);
        assertThat(NamedGroups.byCode(0x0017).orElseThrow().usableInTls13()).isTrue();
        assertThat(NamedGroups.byCode(0x001A).orElseThrow().usableInTls13()).isFalse(); // brainpoolP256r1 (TLS 1.2)
        assertThat(NamedGroups.byCode(0x001F).orElseThrow().usableInTls13()).isTrue(); // brainpoolP256r1tls13
        assertThat(NamedGroups.byCode(0x0016).orElseThrow().usableInTls13()).isFalse(); // secp256k1
        assertThat(NamedGroups.byCode(0xFF01).orElseThrow().kind()).isEqualTo(NamedGroup.Kind.EXPLICIT);
        for (NamedGroup g : NamedGroups.all()) {
            if (g.kind() == NamedGroup.Kind.EC && g.keyShareLength() > 0) {
                assertThat(g.keyShareLength()).as("%s uncompressed point", g).isEqualTo(1 + 2 * ((g.bits() + 7) / 8));
            }
        }
    }

    @Test
    void grease() {
        assertThat(NamedGroup.isGrease(0x0A0A)).isTrue();
        assertThat(NamedGroup.isGrease(0xFAFA)).isTrue();
        assertThat(NamedGroup.isGrease(0x0A1A)).isFalse();
        assertThat(NamedGroup.isGrease(0x001D)).isFalse();
    }

    @Test
    void schemesCoverTheRegistry() {
        List<SignatureScheme> all = SignatureSchemes.all();
        assertThat(all).extracting(SignatureScheme::code).isSorted().doesNotHaveDuplicates();
        assertThat(all).extracting(SignatureScheme::name).doesNotHaveDuplicates();
        Set<String> names = new HashSet<>();
        all.forEach(s -> names.add(s.name()));
        assertThat(names).contains("rsa_pkcs1_sha1", "ecdsa_sha1", "rsa_pkcs1_sha256", "ecdsa_secp256r1_sha256",
                "rsa_pss_rsae_sha256", "rsa_pss_pss_sha512", "ed25519", "ed448", "ecdsa_brainpoolP256r1tls13_sha256",
                "mldsa44", "mldsa65", "mldsa87", "sm2sig_sm3", "gostr34102012_256a");
        assertThat(all.stream().filter(SignatureScheme::iana).count()).isEqualTo(37);
        SignatureScheme pss = SignatureSchemes.byCode(0x0804).orElseThrow();
        assertThat(pss.name()).isEqualTo("rsa_pss_rsae_sha256");
        assertThat(pss.algorithm()).isEqualTo(SignatureScheme.Algorithm.RSA_PSS_RSAE);
        assertThat(pss.hash()).isEqualTo(SignatureScheme.Hash.SHA256);
        assertThat(pss.tls13()).isTrue();
        SignatureScheme sha224 = SignatureSchemes.byCode(0x0301).orElseThrow();
        assertThat(sha224.algorithm()).isEqualTo(SignatureScheme.Algorithm.RSA_PKCS1);
        assertThat(sha224.hash()).isEqualTo(SignatureScheme.Hash.SHA224);
        assertThat(sha224.tls13()).isFalse();
        assertThat(sha224.iana()).isFalse();
        assertThat(SignatureSchemes.byCode(0x0201).orElseThrow().weakHash()).isTrue();
        assertThat(SignatureSchemes.byCode(0x0401).orElseThrow().tls13()).isFalse();
        assertThat(SignatureSchemes.byName("ED25519").orElseThrow().code()).isEqualTo(0x0807);
        for (SignatureScheme s : all) {
            if (!s.iana() && s.code() < 0x0700) {
                // a TLS 1.2 pair: hash byte 1..6, signature byte 1..3
                assertThat(s.code() >> 8).as("%s hash byte", s).isBetween(1, 6);
                assertThat(s.code() & 0xFF).as("%s signature byte", s).isBetween(1, 3);
            }
            if (s.tls13()) {
                assertThat(s.weakHash()).as("%s", s).isFalse();
            }
        }
    }

    @Test
    void malformedLinesNameTheLine() {
        assertThatThrownBy(() -> NamedGroups.parse(new StringReader("# x\n0x001D\tx25519\tEC_MONTGOMERY\t255\n"), "g.tsv"))
                .isInstanceOf(RegistryFormatException.class)
                .hasMessageStartingWith("g.tsv:2: expected 5 tab-separated columns, found 4");
        assertThatThrownBy(() -> NamedGroups.parse(new StringReader("0x001D\tx25519\tCURVE\t255\t32\n"), "g.tsv"))
                .hasMessageStartingWith("g.tsv:1: kind: CURVE (expected: one of");
        assertThatThrownBy(() -> SignatureSchemes.parse(
                new StringReader("\n\n0x0804\trsa_pss_rsae_sha256\tRSA_PSS_RSAE\tSHA256\tmaybe\tyes\n"), "s.tsv"))
                .hasMessageStartingWith("s.tsv:3: tls13: maybe (expected: yes or no)");
        assertThatThrownBy(() -> SignatureSchemes.parse(
                new StringReader("0x0804\trsa_pss_rsae_sha256\tRSA_PSS_RSAE\t\tyes\tyes\n"), "s.tsv"))
                .hasMessageStartingWith("s.tsv:1: column 4 is empty");
    }
}
