package dev.tlsweep.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.input.HostileText;
import java.io.BufferedReader;
import java.io.StringReader;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random inventories built from what real and hostile inventories hold — targets of every form, PEM blocks and
 * bare bodies of a real private key, keys on a target's line, URLs with passwords, control characters, long
 * words, random bytes — cut and shuffled: reading one never throws, every target is free of the passwords, and
 * no message shows a piece of the key (20 characters in a row: a key's short last line pasted alone reads as a
 * host name) or a password, or anything unprintable.
 */
class HostileInventoryProperties {

    static final String PASSWORD = "pw-Zq8r2LmX";
    static String key;
    static List<String> keyLines;

    @BeforeContainer
    static void key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        key = Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        keyLines = new ArrayList<>();
        for (int i = 0; i < key.length(); i += 64) {
            keyLines.add(key.substring(i, Math.min(key.length(), i + 64)));
        }
    }

    /** One piece of an inventory, several lines or part of one. */
    static String piece(Random r) {
        return switch (r.nextInt(18)) {
            case 0 -> "example.com";
            case 1 -> "10.0.0." + r.nextInt(256) + ":" + r.nextInt(70_000);
            case 2 -> "[2001:db8::" + Integer.toHexString(r.nextInt(65536)) + "]:8443 sni=a.example";
            case 3 -> "192.0.2.0/" + (24 + r.nextInt(9));
            case 4 -> "https://user:" + PASSWORD + "@h" + r.nextInt(100) + ".example:" + r.nextInt(70_000) + "/p";
            case 5 -> "admin:" + PASSWORD + "@" + (r.nextBoolean() ? "host.example" : "bad host");
            case 6 -> "-----BEGIN PRIVATE KEY-----\n" + String.join("\n", keyLines.subList(0, 1 + r.nextInt(
                    keyLines.size()))) + (r.nextBoolean() ? "\n-----END PRIVATE KEY-----" : "");
            case 7 -> String.join("\n", keyLines.subList(r.nextInt(keyLines.size()), keyLines.size()));
            case 8 -> "host.example " + keyLines.get(r.nextInt(keyLines.size()));
            case 9 -> "host.example sni=" + key;
            case 10 -> "-----BEGIN PRIVATE KEY-----" + key + "-----END PRIVATE KEY-----";
            case 11 -> "evil\u001b[2J\u001b]0;x\u0007\u202e\u2028\u0085" + r.nextInt(10);
            case 12 -> "w".repeat(r.nextInt(20_000));
            case 13 -> "# comment " + r.nextInt();
            case 14 -> "";
            case 15 -> "a.example expect-sha256=" + "ab".repeat(r.nextInt(40));
            case 16 -> {
                byte[] b = new byte[r.nextInt(200)];
                r.nextBytes(b);
                yield new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            default -> "-----END CERTIFICATE-----";
        };
    }

    @Property(tries = 300)
    void randomInventoriesNeverThrowNorLeak(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int pieces) {
        Random r = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            String p = piece(r);
            if (r.nextInt(8) == 0 && p.length() > 2) {
                // Cut anywhere, but not between a password and its '@': "user:secret" alone is a host and a port.
                int from = p.contains(PASSWORD) ? p.indexOf('@') + 1 : 0;
                p = p.substring(0, from + r.nextInt(p.length() - from));
            }
            text.append(p).append(r.nextInt(6) == 0 ? "\r\n" : r.nextInt(10) == 0 ? " " : "\n");
        }
        List<String> arguments = r.nextBoolean() ? List.of(piece(r).replace('\n', ' ')) : List.of();
        List<String> shown = new ArrayList<>();
        List<InventoryEntry> entries = new ArrayList<>();
        InventoryReader reader = new InventoryReader(arguments, new BufferedReader(new StringReader(text.toString())),
                "inv.txt", 256, Shard.ALL, e -> shown.add(e.toString()), n -> shown.add(n.toString()));
        reader.forEachRemaining(entries::add);
        for (String s : shown) {
            HostileText.assertPrintable(s);
            assertThat(s.length()).isLessThan(1200);
        }
        List<String> targets = entries.stream().map(e -> e.target().input() + " " + e.target().host() + " "
                + e.target().sni()).toList();
        String all = String.join("\n", shown) + String.join("\n", targets);
        assertThat(all).doesNotContain(PASSWORD);
        HostileText.assertNoPieceOf(key, all, 20);
        assertThat(reader.malformed()).isLessThanOrEqualTo(reader.linesRead());
    }
}
