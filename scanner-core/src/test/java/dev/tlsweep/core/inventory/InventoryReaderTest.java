package dev.tlsweep.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Inventory lines: every form, every kind of malformed line, CIDR ranges, streaming and shards. */
class InventoryReaderTest {

    private final List<InventoryError> errors = new ArrayList<>();

    private List<InventoryEntry> read(String text) {
        return read(text, Shard.ALL);
    }

    private List<InventoryEntry> read(String text, Shard shard) {
        List<InventoryEntry> out = new ArrayList<>();
        InventoryReader r = new InventoryReader(List.of(), new BufferedReader(new StringReader(text)), "inv.txt",
                InventoryReader.DEFAULT_MAX_CIDR_ADDRESSES, shard, errors::add);
        r.forEachRemaining(out::add);
        return out;
    }

    @Test
    void pemDataIsSkippedWithoutEchoingIt() {
        List<InventoryEntry> e = read(String.join("\n",
                "example.com",
                "-----BEGIN PRIVATE KEY-----",
                "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7secret",
                "-----END PRIVATE KEY-----",
                "example.org"));
        assertThat(e).extracting(x -> x.target().host()).containsExactly("example.com", "example.org");
        assertThat(errors).hasSize(1);
        assertThat(errors.toString()).contains("PEM data").doesNotContain("MIIEvg").doesNotContain("secret");
    }

    @Test
    void bytesThatAreNotUtf8MakeOneMalformedLineAndAByteOrderMarkIsIgnored(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("inventory.txt");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write("example.com\nexample".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bytes.write(0xE9);
        bytes.write(".com\nexample.org\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.file.Files.write(file, bytes.toByteArray());
        List<InventoryEntry> e = new java.util.ArrayList<>();
        try (InventoryReader r = new InventoryReader(List.of(), InventoryReader.open(file), "inventory.txt",
                InventoryReader.DEFAULT_MAX_CIDR_ADDRESSES, Shard.ALL, errors::add)) {
            r.forEachRemaining(e::add);
        }
        assertThat(e).extracting(x -> x.target().host()).containsExactly("example.com", "example.org");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).toString()).contains("inventory.txt:2");
    }

    @Test
    void everyLineFormIsATarget() {
        List<InventoryEntry> e = read(String.join("\n",
                "# a comment",
                "",
                "   ",
                "example.com",
                "example.com:8443   # trailing comment",
                "192.0.2.7",
                "192.0.2.7:465",
                "[2001:db8::1]:993",
                "2001:db8::2",
                "https://api.example.com/health#frag",
                "https://[2001:db8::3]:4443/x?y=1",
                "10.0.0.5:443 sni=api.example.com",
                "www.example.com sni="));
        assertThat(errors).isEmpty();
        assertThat(e).extracting(x -> x.target().authority()).containsExactly("example.com:443", "example.com:8443",
                "192.0.2.7:443", "192.0.2.7:465", "[2001:db8::1]:993", "[2001:db8::2]:443", "api.example.com:443",
                "[2001:db8::3]:4443", "10.0.0.5:443", "www.example.com:443");
        assertThat(e).extracting(InventoryEntry::line).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
        assertThat(e.get(0).target().sni()).isEqualTo("example.com");
        assertThat(e.get(2).target().sni()).isNull();
        assertThat(e.get(8).target().sni()).isEqualTo("api.example.com");
        assertThat(e.get(9).target().sni()).isNull();
    }

    @Test
    void everyMalformedLineIsReportedWithItsLineNumberAndSkipped() {
        List<String> bad = List.of(
                "example.com:99999",          // port out of range
                "example.com:0",              // port zero
                "example.com:https",          // port not a number
                "exa mple.com",               // a second word that is not sni=
                "bad_host!.com",              // not a DNS name
                "-leading.example.com",       // label starts with a hyphen
                "[2001:db8::1",               // unclosed bracket
                "[example.com]:443",          // a name in brackets
                "[2001:db8::1]x",             // junk after the bracket
                "2001:db8::zz",               // not an IPv6 address
                "http://example.com/",        // not https
                "https://",                   // URL without a host
                "https://exa mple.com/",      // broken URL (second word is not sni=)
                "example.com sni=bad!name",   // SNI not a name
                "10.0.0.0/33",                // IPv4 prefix too long
                "10.0.0.0/x",                 // prefix not a number
                "10.0.0.0/8",                 // too large a range
                "2001:db8::/64",              // too large an IPv6 range
                "example.com/24",             // CIDR of a name
                "[10.0.0.0]/24",              // IPv4 in brackets
                "10.0.0.0/24:70000");         // range with a bad port
        List<String> lines = new ArrayList<>();
        lines.add("ok.example.com");
        lines.addAll(bad);
        lines.add("ok2.example.com");
        List<InventoryEntry> e = read(String.join("\n", lines));
        assertThat(e).extracting(x -> x.target().host()).containsExactly("ok.example.com", "ok2.example.com");
        assertThat(e).extracting(InventoryEntry::line).containsExactly(1L, (long) bad.size() + 2);
        assertThat(errors).hasSize(bad.size());
        for (int i = 0; i < bad.size(); i++) {
            assertThat(errors.get(i).source()).isEqualTo("inv.txt");
            assertThat(errors.get(i).lineInSource()).isEqualTo(i + 2);
            assertThat(errors.get(i).toString()).startsWith("inv.txt:" + (i + 2) + ": '");
        }
        assertThat(errors.get(0).problem()).contains("port: 99999 (expected: 1..65535)");
        assertThat(errors.get(16).problem()).contains("16777216 addresses (expected: at most 65536)");
    }

    @Test
    void cidrRangesExpandLazilyToEveryAddress() {
        List<InventoryEntry> e = read("192.0.2.4/30:8443 sni=lab.example\n2001:db8::/126\n[2001:db8::1:0]/127:993\n"
                + "198.51.100.9/31\n");
        assertThat(errors).isEmpty();
        assertThat(e).extracting(x -> x.target().input()).containsExactly(
                "192.0.2.4:8443 sni=lab.example", "192.0.2.5:8443 sni=lab.example", "192.0.2.6:8443 sni=lab.example",
                "192.0.2.7:8443 sni=lab.example",
                "[2001:db8::]:443", "[2001:db8::1]:443", "[2001:db8::2]:443", "[2001:db8::3]:443",
                "[2001:db8::1:0]:993", "[2001:db8::1:1]:993",
                "198.51.100.8:443", "198.51.100.9:443");
        assertThat(e.get(0).target().sni()).isEqualTo("lab.example");
        assertThat(e).extracting(InventoryEntry::line).containsExactly(1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 3L, 3L, 4L, 4L);
    }

    @Test
    void aLargeRangeIsNeverMaterialised() throws Exception {
        var it = TargetParser.expand("10.0.0.0/16", 1L << 16);
        assertThat(it.next().host()).isEqualTo("10.0.0.0");
        assertThat(it.next().host()).isEqualTo("10.0.0.1");
        assertThatThrownBy(() -> TargetParser.expand("10.0.0.0/15", 1L << 16))
                .isInstanceOf(TargetSyntaxException.class).hasMessageContaining("131072 addresses");
        assertThat(TargetParser.expand("10.0.0.0/15", 1L << 17).hasNext()).isTrue();
    }

    @Test
    void linesAreReadOnlyAsTargetsAreAskedFor() {
        int[] served = {0};
        Reader endless = new Reader() {
            private final char[] line = "127.0.0.1:1\n".toCharArray();
            private int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                int n = 0;
                while (n < len) {
                    buf[off + n++] = line[pos++];
                    if (pos == line.length) {
                        pos = 0;
                        served[0]++;
                    }
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        InventoryReader r = new InventoryReader(List.of("a.example"), new BufferedReader(endless, 64), "stdin",
                16, Shard.ALL, errors::add);
        for (int i = 0; i < 10; i++) {
            r.next();
        }
        assertThat(r.linesRead()).isEqualTo(10);
        assertThat(served[0]).isLessThan(20);
    }

    @Test
    void argumentsComeFirstAndDuplicatesKeepTheirOwnLines() {
        InventoryReader r = new InventoryReader(List.of("a.example", "a.example"),
                new BufferedReader(new StringReader("a.example\n")), "f", 16, Shard.ALL, errors::add);
        List<InventoryEntry> e = new ArrayList<>();
        r.forEachRemaining(e::add);
        assertThat(e).extracting(InventoryEntry::key).containsExactly("1\ta.example", "2\ta.example", "3\ta.example");
    }

    @Test
    void shardSyntax() {
        assertThat(Shard.parse("2/5")).isEqualTo(new Shard(2, 5));
        assertThatThrownBy(() -> Shard.parse("0/5")).hasMessageContaining("shard index: 0 (expected: 1..5)");
        assertThatThrownBy(() -> Shard.parse("6/5")).hasMessageContaining("expected: 1..5");
        assertThatThrownBy(() -> Shard.parse("x")).hasMessageContaining("expected: I/N");
        // FNV-1a 64 of the empty string and of "a": the published test vectors
        assertThat(Shard.hash("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(Shard.hash("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    }

    /** The shards 1/N..N/N of an inventory are disjoint and together the whole inventory. */
    @Property(tries = 30)
    void shardsPartitionTheInventory(@ForAll @IntRange(min = 1, max = 7) int n) {
        StringBuilder inv = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            inv.append("host").append(i % 150).append(".example:").append(400 + i % 7).append('\n');
        }
        inv.append("10.1.2.0/28\n");
        List<InventoryEntry> whole = read(inv.toString());
        Set<String> union = new HashSet<>();
        int total = 0;
        for (int i = 1; i <= n; i++) {
            for (InventoryEntry e : read(inv.toString(), new Shard(i, n))) {
                assertThat(union.add(e.key())).as("in two shards: " + e.key()).isTrue();
                total++;
            }
        }
        assertThat(total).isEqualTo(whole.size());
        assertThat(union).containsExactlyInAnyOrderElementsOf(whole.stream().map(InventoryEntry::key).toList());
    }
}
