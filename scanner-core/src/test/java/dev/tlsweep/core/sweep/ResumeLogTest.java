package dev.tlsweep.core.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.Reports;
import dev.tlsweep.core.sink.JsonlFile;
import dev.tlsweep.core.sink.SweepJson;
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
            SweepJson.Utf8Lines lines = new SweepJson.Utf8Lines(1024);
            SweepJson.append(entry(1, "a.example"), Reports.scanned("a.example", List.of()), lines);
            SweepJson.append(entry(3, "a.example"), Reports.scanned("a.example", List.of()), lines);
            f.write(lines.array(), 0, lines.size());
        }
        Files.writeString(out, "{\"schema\":\"tlsweep/1\",\"line\":4,\"targ", java.nio.file.StandardOpenOption.APPEND);
        long before = Files.size(out);
        List<String> seen = new ArrayList<>();
        ResumeLog log = ResumeLog.load(out, r -> seen.add(r.target()));
        assertThat(log.truncatedBytes()).isEqualTo(before - Files.size(out)).isPositive();
        assertThat(Files.readString(out)).endsWith("\"hellosSent\":20}\n");
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
        Files.writeString(out, ReportJson.toLine(Reports.scanned("x", List.of())) + "\n");
        assertThatThrownBy(() -> ResumeLog.load(out, n -> { })).hasMessageContaining("other.jsonl:1");
        Files.writeString(out, "not json\n");
        assertThatThrownBy(() -> ResumeLog.load(out, n -> { })).hasMessageContaining("not JSON");
    }
}
