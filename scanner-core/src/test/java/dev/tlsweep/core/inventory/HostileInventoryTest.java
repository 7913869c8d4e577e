package dev.tlsweep.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tlsweep.core.input.HostileText;
import dev.tlsweep.core.input.InputFileException;
import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inventories as an attacker or a careless paste writes them: PEM blocks without END, private keys without
 * BEGIN or on a target's line, a 10 MB word, control characters, passwords in URLs, devices and FIFOs.
 * Each test is the regression test of an attack that once worked.
 */
class HostileInventoryTest {

    /** A real private key's PEM body lines (generated here, never committed). */
    static List<String> keyLines;
    static String keyBase64;

    private final List<InventoryError> errors = new ArrayList<>();
    private final List<InventoryError> notices = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        keyBase64 = Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        keyLines = new ArrayList<>();
        for (int i = 0; i < keyBase64.length(); i += 64) {
            keyLines.add(keyBase64.substring(i, Math.min(keyBase64.length(), i + 64)));
        }
    }

    private List<InventoryEntry> read(String text) {
        List<InventoryEntry> out = new ArrayList<>();
        InventoryReader r = new InventoryReader(List.of(), new BufferedReader(new StringReader(text)), "inv.txt",
                InventoryReader.DEFAULT_MAX_CIDR_ADDRESSES, Shard.ALL, errors::add, notices::add);
        r.forEachRemaining(out::add);
        return out;
    }

    private static List<String> hosts(List<InventoryEntry> e) {
        return e.stream().map(x -> x.target().host()).toList();
    }

    /** No 12 characters in a row of the key's base64 appear in any message. */
    private void assertNoKeyMaterialIn(Object messages) {
        HostileText.assertNoPieceOf(keyBase64, messages, 12);
    }

    @Test
    void aBeginWithoutEndSwallowsOnlyItsBlockAndSaysSo() {
        List<String> lines = new ArrayList<>(List.of("a.example", "-----BEGIN CERTIFICATE-----"));
        lines.addAll(keyLines.subList(0, 5));
        lines.addAll(List.of("b.example", "c.example:8443", "# the rest of the inventory", "d.example"));
        List<InventoryEntry> e = read(String.join("\n", lines));
        assertThat(hosts(e)).containsExactly("a.example", "b.example", "c.example", "d.example");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).lineInSource()).isEqualTo(2);
        assertThat(errors.get(0).toString()).isEqualTo("inv.txt:2: PEM data (a certificate or a key), not targets: "
                + "lines 2–7 skipped, not shown (no END line: the block ends before line 8, which is read again as a "
                + "target)");
        assertNoKeyMaterialIn(errors);
    }

    @Test
    void aBeginWithoutEndAtTheEndOfTheFileIsSaid() {
        List<String> lines = new ArrayList<>(List.of("a.example", "-----BEGIN RSA PRIVATE KEY-----",
                "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF", ""));
        lines.addAll(keyLines);
        List<InventoryEntry> e = read(String.join("\n", lines) + "\n");
        assertThat(hosts(e)).containsExactly("a.example");
        assertThat(errors).singleElement().asString().contains("lines 2–" + lines.size())
                .contains("no END line: the input ends first");
        assertNoKeyMaterialIn(errors);
    }

    @Test
    void aKeyBodyWithoutItsBeginLineIsSkippedUnseenAndTheTargetsAroundItAreRead() {
        List<String> lines = new ArrayList<>(List.of("a.example"));
        lines.addAll(keyLines);
        lines.add("-----END PRIVATE KEY-----");
        lines.add("b.example");
        lines.addAll(keyLines.subList(3, 9)); // a fragment, no END either
        lines.add("c.example");
        List<InventoryEntry> e = read(String.join("\n", lines));
        assertThat(hosts(e)).containsExactly("a.example", "b.example", "c.example");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).toString()).startsWith("inv.txt:2: base64 data (the body of a certificate or a key "
                + "without its BEGIN line?), not targets: lines 2–" + (keyLines.size() + 2) + " skipped, not shown");
        assertNoKeyMaterialIn(errors);
    }

    @Test
    void aKeyOnTheLineOfATargetIsNeverEchoed() {
        String oneLine = "-----BEGIN PRIVATE KEY-----" + keyBase64 + "-----END PRIVATE KEY-----";
        List<InventoryEntry> e = read(String.join("\n",
                "a.example " + keyLines.get(0) + keyLines.get(1),
                "b.example sni=" + keyLines.get(2),
                "c.example " + oneLine,
                "d.example -----BEGIN PRIVATE KEY-----",
                keyLines.get(0),
                keyLines.get(1),
                "-----END PRIVATE KEY-----",
                keyLines.get(4) + ":443",
                "e.example"));
        assertThat(hosts(e)).containsExactly("e.example");
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0).toString()).contains("'a.example [...]': holds what looks like base64 data");
        assertNoKeyMaterialIn(errors);
        // A key that reads as a valid name is never looked up, sent as SNI or kept:
        assertThatThrownBy(() -> TargetParser.parse("a.example sni=" + keyLines.get(1).substring(0, 40)
                .replaceAll("[+/]", "x"))).hasMessageContaining("looks like base64 data");
        assertThatThrownBy(() -> TargetParser.parse(keyLines.get(1).substring(0, 40).replaceAll("[+/]", "x")
                + ":443")).hasMessageContaining("looks like base64 data");
        // And through the parser alone (command-line arguments, /probe):
        assertThatThrownBy(() -> TargetParser.parse("a.example " + keyBase64)).satisfies(x -> assertNoKeyMaterialIn(
                x.getMessage()));
        assertThatThrownBy(() -> TargetParser.parse(keyLines.get(1) + ":443")).satisfies(x -> assertNoKeyMaterialIn(
                x.getMessage()));
    }

    @Test
    void aTenMegabyteWordIsCutWhileReadAndControlCharactersArePrintedAsEscapes() {
        String word = "x".repeat(10 * 1024 * 1024);
        List<InventoryEntry> e = read("a.example\n" + word + "\nevil\u001b[2J\u001b]0;pwned\u0007.example\nb.example\n");
        assertThat(hosts(e)).containsExactly("a.example", "b.example");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).toString()).hasSizeLessThan(400).startsWith("inv.txt:2: a line of 10485760 characters "
                + "(expected: at most 8192), skipped: 'xxxx");
        assertThat(errors.get(1).toString()).contains("evil\\x1b[2J\\x1b]0;pwned\\x07.example").doesNotContain("\u001b");
        // An argument is not read through the line bound, but its echo is cut all the same.
        assertThatThrownBy(() -> TargetParser.parse(word + ":1")).satisfies(x -> assertThat(x.getMessage())
                .hasSizeLessThan(400));
    }

    @Test
    void passwordsInUrlsAreDroppedAtParseTimeAndTheNoticeSaysSoOnceWithoutThem() throws Exception {
        List<InventoryEntry> e = read(String.join("\n",
                "https://admin:s3cr3t-pw@a.example:8443/health",
                "https://bob:hunter2@b.example",
                "https://carol:pa/ss@word@c.example/x",
                "https://dave:pw@d.example:99999",
                "eve:letmein@e.example",
                "https://f.example/path@not-a-password"));
        assertThat(e).extracting(x -> x.target().input()).containsExactly("https://a.example:8443/health",
                "https://b.example", "https://c.example/x", "e.example", "https://f.example/path@not-a-password");
        assertThat(e.get(0).target().host()).isEqualTo("a.example");
        assertThat(e.get(0).target().port()).isEqualTo(8443);
        assertThat(notices).singleElement().asString().startsWith("inv.txt:1: the user name and password")
                .doesNotContain("s3cr3t").doesNotContain("admin");
        assertThat(errors).singleElement().asString().contains("'https://d.example:99999'");
        String everything = e + " " + errors + " " + notices;
        for (String secret : List.of("s3cr3t", "hunter2", "pa/ss", "letmein", "admin", "bob", "carol", "dave:")) {
            assertThat(everything).doesNotContain(secret);
        }
        assertThat(TargetParser.parse("https://u:p@x.example").input()).isEqualTo("https://x.example");
        assertThat(TargetParser.hasUserInfo("https://u:p@x.example sni=y.example")).isTrue();
        assertThat(TargetParser.hasUserInfo("https://x.example/a@b")).isFalse();
    }

    @Test
    void aDeviceIsRefusedAsAnInventoryAndAFifoStreams() throws Exception {
        assertThatThrownBy(() -> InventoryReader.open(Path.of("/dev/zero"))).isInstanceOf(InputFileException.class)
                .hasMessage("/dev/zero: is a character device (expected: an inventory file, a FIFO, or - for standard "
                        + "input)");
        assertThatThrownBy(() -> InventoryReader.open(dir)).hasMessageContaining("is a directory");
        Path fifo = dir.resolve("inventory.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not installed");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("a.example\nb.example:8443\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        });
        List<InventoryEntry> e = new ArrayList<>();
        try (InventoryReader r = new InventoryReader(List.of(), InventoryReader.open(fifo), fifo.toString(),
                InventoryReader.DEFAULT_MAX_CIDR_ADDRESSES, Shard.ALL, errors::add)) {
            r.forEachRemaining(e::add);
        }
        writer.get(10, TimeUnit.SECONDS);
        assertThat(hosts(e)).containsExactly("a.example", "b.example");
    }

    @Test
    @Timeout(10)
    void aBinaryFileEndsWithBoundedErrorsAndNoException() {
        byte[] junk = new byte[200_000];
        new java.util.Random(3).nextBytes(junk);
        List<InventoryEntry> e = read(new String(junk, StandardCharsets.ISO_8859_1));
        assertThat(e.size() + errors.size()).isPositive();
        for (InventoryError x : errors) {
            assertThat(x.toString()).hasSizeLessThan(600);
            dev.tlsweep.core.input.HostileText.assertPrintable(x.toString());
        }
    }
}
