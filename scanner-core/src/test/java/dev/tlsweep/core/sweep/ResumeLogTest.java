package dev.tlsweep.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.TargetParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed run leaves behind, and what --resume makes of it. */
class ResumeLogTest {

    @TempDir
    Path dir;

    private static InventoryEntry entry(long line, String target) throws Exception {
        return new InventoryEntry(line, TargetParser.parse(target));
    }

    @Test
    void aTornLastLineIsCutAndCompleteLinesAreRemembered() throws Exception {
        Path out = dir.resolve("out.jsonl");
        try (JsonlFile f = JsonlFile.open(out, false, Duration.ofSeconds(1))) {
            f.write(List.of("{\"schema\":\"tlsweep/1\",\"line\":1,\"target\":\"a.example\",\"status\":\"ok\"}",
                    "{\"schema\":\"tlsweep/1\",\"line\":3,\"target\":\"a.example\",\"status\":\"ok\"}"));
        }
        Files.writeString(out, "{\"schema\":\"tlsweep/1\",\"line\":4,\"targ", java.nio.file.StandardOpenOption.APPEND);
        long before = Files.size(out);
        List<String> seen = new ArrayList<>();
        ResumeLog log = ResumeLog.load(out, n -> seen.add(n.get("target").asText()));
        assertThat(log.truncatedBytes()).isEqualTo(before - Files.size(out)).isPositive();
        assertThat(Files.readString(out)).endsWith("\"status\":\"ok\"}\n");
        assertThat(seen).containsExactly("a.example", "a.example");
        assertThat(log.contains(entry(1, "a.example"))).isTrue();
        assertThat(log.contains(entry(3, "a.example"))).isTrue();
        assertThat(log.contains(entry(2, "a.example"))).isFalse();
        assertThat(log.contains(entry(4, "a.example"))).isFalse();
        assertThat(log.contains(entry(1, "b.example"))).isFalse();
    }

    @Test
    void aFileWithoutAnyNewlineIsEmptiedAndAMissingFileIsEmpty() throws Exception {
        Path out = dir.resolve("torn.jsonl");
        Files.writeString(out, "{\"schema\":");
        assertThat(ResumeLog.load(out, n -> { }).size()).isZero();
        assertThat(Files.size(out)).isZero();
        assertThat(ResumeLog.load(dir.resolve("none.jsonl"), n -> { }).size()).isZero();
    }

    @Test
    void somethingElseThanSweepOutputIsRefused() throws IOException {
        Path out = dir.resolve("other.jsonl");
        Files.writeString(out, "{\"schema\":\"tlsweep/1\",\"target\":\"x\"}\n");
        assertThatThrownBy(() -> ResumeLog.load(out, n -> { })).hasMessageContaining("other.jsonl:1");
        Files.writeString(out, "not json\n");
        assertThatThrownBy(() -> ResumeLog.load(out, n -> { })).hasMessageContaining("not JSON");
    }
}
