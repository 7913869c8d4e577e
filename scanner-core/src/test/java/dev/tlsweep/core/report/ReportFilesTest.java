package dev.tlsweep.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tlsweep.core.registry.ProtocolVersion;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report files read back line by line: what report and diff read; torn, malformed and hostile input. */
class ReportFilesTest {

    private static final String A = ReportJson.toLine(Reports.scanned("a.example", List.of(ProtocolVersion.TLSv1_2)));
    private static final String B = ReportJson.toLine(Reports.unscanned("b.example", ScanStatus.REFUSED, "refused"));

    @Test
    void readsEveryReportInOrderSkippingBlankLinesAndCrlf(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.jsonl");
        Files.writeString(f, A + "\r\n\n" + B + "\n", StandardCharsets.UTF_8);
        ReportFiles.All all = ReportFiles.readAll(f);
        assertThat(all.reports()).extracting(EndpointReport::target).containsExactly("a.example", "b.example");
        assertThat(all.tornLastLine()).isFalse();
    }

    @Test
    void aTornLastLineIsLeftOutAndSaid() throws IOException {
        ReportFiles.All all = ReportFiles.readAll(new StringReader(A + "\n" + B.substring(0, 40)), "stdin");
        assertThat(all.reports()).hasSize(1);
        assertThat(all.tornLastLine()).isTrue();
    }

    @Test
    void aBadLineInTheMiddleNamesTheFileAndLine() {
        assertThatThrownBy(() -> ReportFiles.readAll(new StringReader(A + "\n{\"schema\":\"nope\"}\n" + B + "\n"),
                "sweep.jsonl")).isInstanceOf(IOException.class).hasMessageStartingWith("sweep.jsonl:2: not a tlsweep/1 report");
    }

    @Test
    void aFileOfOneBadLineIsAnErrorNotAnEmptySweep() {
        assertThatThrownBy(() -> ReportFiles.readAll(new StringReader("{\"schema\":\"tlsweep-summary/1\"}\n"), "s.json"))
                .hasMessageStartingWith("s.json:1: not a tlsweep/1 report");
    }

    @Test
    void anOverlongLineIsRefusedWithoutReadingItWhole() {
        String huge = "x".repeat(ReportReader.MAX_LINE_CHARS + 10);
        assertThatThrownBy(() -> ReportFiles.readAll(new StringReader(A + "\n" + huge + "\n"), "big.jsonl"))
                .hasMessageContaining("big.jsonl:2: a line of more than");
    }

    @Test
    void missingFilesDirectoriesAndBinaryAreNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ReportFiles.readAll(dir.resolve("none.jsonl"))).hasMessageEndingWith("none.jsonl: no such file");
        assertThatThrownBy(() -> ReportFiles.readAll(dir)).hasMessageContaining("is a directory");
        Path bin = dir.resolve("bin.jsonl");
        Files.write(bin, new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
        assertThatThrownBy(() -> ReportFiles.readAll(bin)).hasMessageEndingWith("bin.jsonl: not UTF-8 text");
    }
}
