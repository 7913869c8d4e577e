package dev.tlsweep.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.report.Discovery;
import dev.tlsweep.core.report.ProbeRun;
import dev.tlsweep.core.report.ProbeStatus;
import dev.tlsweep.core.wire.EchConfigList;
import dev.tlsweep.core.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The pure readers of HTTP/3 and ECH announcements: Alt-Svc values (RFC 7838), HTTPS record RDATA (RFC 9460) and
 * ECHConfigLists (RFC 9849), on hand-built examples and on arbitrary bytes, which must end in a result, never in an
 * exception.
 */
class DiscoveryTest {

    /** An ECHConfigList of one 0xfe0d configuration (X25519, HKDF-SHA256/AES-128-GCM and ChaCha20Poly1305). */
    static byte[] echConfigList(String publicName) {
        ByteArrayOutputStream contents = new ByteArrayOutputStream();
        contents.write(0x2a); // config_id
        u16(contents, 0x0020); // DHKEM(X25519, HKDF-SHA256)
        u16(contents, 32);
        contents.writeBytes(new byte[32]);
        u16(contents, 8);
        u16(contents, 1);
        u16(contents, 1);
        u16(contents, 1);
        u16(contents, 3);
        contents.write(0); // maximum_name_length
        byte[] name = publicName.getBytes(StandardCharsets.US_ASCII);
        contents.write(name.length);
        contents.writeBytes(name);
        u16(contents, 0); // extensions
        ByteArrayOutputStream config = new ByteArrayOutputStream();
        u16(config, EchConfigList.VERSION);
        u16(config, contents.size());
        config.writeBytes(contents.toByteArray());
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        u16(list, config.size());
        list.writeBytes(config.toByteArray());
        return list.toByteArray();
    }

    /** The RDATA of an HTTPS record in service mode: priority 1, target ".", alpn, port, and ech when given. */
    static byte[] httpsRdata(List<String> alpn, int port, byte[] ech) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, 1);
        out.write(0);
        ByteArrayOutputStream ids = new ByteArrayOutputStream();
        for (String a : alpn) {
            ids.write(a.length());
            ids.writeBytes(a.getBytes(StandardCharsets.US_ASCII));
        }
        u16(out, HttpsRecord.KEY_ALPN);
        u16(out, ids.size());
        out.writeBytes(ids.toByteArray());
        u16(out, HttpsRecord.KEY_PORT);
        u16(out, 2);
        u16(out, port);
        if (ech != null) {
            u16(out, HttpsRecord.KEY_ECH);
            u16(out, ech.length);
            out.writeBytes(ech);
        }
        return out.toByteArray();
    }

    static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    @Test
    void altSvcAlternativesAndTheirMaxAge() {
        AltSvc.Parsed p = AltSvc.parse("h3=\":443\"; ma=86400, h3-29=\"alt.example.com:8443\"; persist=1, h2=\":443\"");
        assertThat(p.error()).isNull();
        assertThat(p.alternatives()).containsExactly(new Discovery.Alternative("h3", "", 443, 86400L),
                new Discovery.Alternative("h3-29", "alt.example.com", 8443, null),
                new Discovery.Alternative("h2", "", 443, null));
        assertThat(AltSvc.parse("clear").alternatives()).isEmpty();
        assertThat(AltSvc.parse("w%3Dx%3Ay=\":80\"").alternatives().get(0).protocol()).isEqualTo("w=x:y");
        AltSvc.Parsed broken = AltSvc.parse("h3=\":443\", h3=443");
        assertThat(broken.alternatives()).hasSize(1);
        assertThat(broken.error()).contains("expected '\"'");
    }

    @Test
    void anHttpsRecordWithAlpnPortAndAnEchConfigThatParses() {
        Discovery.HttpsRecord r = HttpsRecord.parse(httpsRdata(List.of("h3", "h2"), 443, echConfigList("public.test")));
        assertThat(r.error()).isNull();
        assertThat(r.priority()).isEqualTo(1);
        assertThat(r.target()).isEqualTo(".");
        assertThat(r.alpn()).containsExactly("h3", "h2");
        assertThat(r.port()).isEqualTo(443);
        assertThat(r.ech().parses()).isTrue();
        Discovery.EchConfig c = r.ech().configs().get(0);
        assertThat(c.configId()).isEqualTo(0x2a);
        assertThat(c.kem()).isEqualTo("DHKEM(X25519, HKDF-SHA256)");
        assertThat(c.cipherSuites()).containsExactly("HKDF-SHA256/AES-128-GCM", "HKDF-SHA256/ChaCha20Poly1305");
        assertThat(c.publicName()).isEqualTo("public.test");
        assertThat(new Discovery(null, new Discovery.HttpsRecords("found", null, List.of(r))).h3()).isTrue();
    }

    @Test
    void h3AndEchAreUnknownWhereASourceWasNotRead() {
        Discovery.AltSvc read = new Discovery.AltSvc(ProbeRun.completed(1, 1), null, List.of(), null);
        Discovery.AltSvc unread = new Discovery.AltSvc(new ProbeRun(ProbeStatus.INCOMPLETE, "no HTTP answer", 1, 1),
                null, List.of(), null);
        Discovery.HttpsRecords none = new Discovery.HttpsRecords("none", null, List.of());
        Discovery.HttpsRecords failed = new Discovery.HttpsRecords("error", "the DNS server did not answer in time",
                List.of());
        // both read, neither announces: not announced
        assertThat(new Discovery(read, none).h3()).isFalse();
        assertThat(new Discovery(read, none).ech()).isFalse();
        // an IP target: no name to ask, Alt-Svc alone decides; ECH is not known
        assertThat(new Discovery(read, null).h3()).isFalse();
        assertThat(new Discovery(read, null).ech()).isNull();
        // a source that could announce it was not read: unknown, never "not announced"
        assertThat(new Discovery(unread, none).h3()).isNull();
        assertThat(new Discovery(read, failed).h3()).isNull();
        assertThat(new Discovery(read, failed).ech()).isNull();
    }

    @Test
    void anEchConfigThatDoesNotParseSaysWhy() {
        byte[] ech = echConfigList("public.test");
        byte[] cut = java.util.Arrays.copyOf(ech, ech.length - 3);
        Discovery.Ech e = HttpsRecord.ech(cut);
        assertThat(e.parses()).isFalse();
        assertThat(e.error()).contains("length");
        byte[] otherVersion = ech.clone();
        otherVersion[2] = (byte) 0xfe;
        otherVersion[3] = (byte) 0x0a;
        Discovery.Ech old = HttpsRecord.ech(otherVersion);
        assertThat(old.parses()).isFalse();
        assertThat(old.error()).contains("no configuration of version 0xfe0d (1 of other versions)");
    }

    @Property(tries = 2000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes, @ForAll @Size(max = 200) String text) {
        Discovery.HttpsRecord r = HttpsRecord.parse(bytes);
        assertThat(r).isNotNull();
        assertThat(HttpsRecord.ech(bytes)).isNotNull();
        try {
            EchConfigList.parse(bytes);
        } catch (WireException expected) {
            // a typed error is the answer to malformed input
        }
        assertThat(AltSvc.parse(text)).isNotNull();
    }

    @Property(tries = 500)
    void truncatedRecordsAreReportedNotThrown(@ForAll @Size(min = 1, max = 400) byte[] noise) {
        byte[] good = httpsRdata(List.of("h3"), 443, echConfigList("p.test"));
        for (int cut = 0; cut < good.length; cut += 7) {
            byte[] b = java.util.Arrays.copyOf(good, cut);
            assertThat(HttpsRecord.parse(b)).isNotNull();
        }
        byte[] mixed = good.clone();
        for (int i = 0; i < Math.min(noise.length, mixed.length); i++) {
            mixed[(i * 31) % mixed.length] ^= noise[i];
        }
        assertThat(HttpsRecord.parse(mixed)).isNotNull();
    }
}
