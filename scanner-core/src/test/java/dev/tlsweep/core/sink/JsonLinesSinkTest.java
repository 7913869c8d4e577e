package dev.tlsweep.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.TargetParser;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportJson;
import dev.tlsweep.core.report.ReportReader;
import dev.tlsweep.core.report.Reports;
import dev.tlsweep.core.report.ScanStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON lines of a sweep are written as bytes straight from the reports: the bytes of the report's string form
 * ({@link ReportJson#toLine}, another generator) with the inventory line after the schema.
 */
class JsonLinesSinkTest {

    @TempDir
    Path dir;

    private static final String PREFIX = "{\"schema\":\"tlsweep/1\",";

    private static InventoryEntry entry(long line, String target) throws Exception {
        return new InventoryEntry(line, TargetParser.parse(target));
    }

    /** What a sweep's line should be: the report's string form, its inventory line spliced in after the schema. */
    private static String expected(InventoryEntry entry, EndpointReport report) {
        String json = ReportJson.toLine(report);
        assertThat(json).startsWith(PREFIX);
        return PREFIX + "\"line\":" + entry.line() + "," + json.substring(PREFIX.length());
    }

    /** Texts a server or a certificate can put in a report, the awkward ones for an encoder among them. */
    private static List<EndpointReport> reports() {
        List<EndpointReport> reports = new ArrayList<>();
        reports.add(Reports.scanned("a.example", List.of(ProtocolVersion.TLSv1_2, ProtocolVersion.TLSv1_3),
                "CERT_EXPIRED", "NO_HSTS"));
        reports.add(Reports.scanned("b.example", List.of(ProtocolVersion.TLSv1_0)));
        reports.add(Reports.unscanned("c.example", ScanStatus.REFUSED, "connection refused"));
        for (String text : List.of("é ü ß — ✓", "\uD83D\uDD12 a pair", "tab\t quote\" backslash\\ nul\u0000 esc\u001B",
                "<script>alert(1)</script>", "")) {
            reports.add(Reports.unscanned("d.example", ScanStatus.ERROR, text));
        }
        return reports;
    }

    @Test
    void aLineIsTheBytesOfTheStringLine() throws Exception {
        long n = 1;
        for (EndpointReport r : reports()) {
            InventoryEntry e = entry(n, r.target());
            SweepJson.Utf8Lines out = new SweepJson.Utf8Lines(16);
            out.write('x');
            SweepJson.append(e, r, out);
            byte[] expected = ("x" + expected(e, r) + "\n").getBytes(StandardCharsets.UTF_8);
            assertThat(out.toByteArray()).as(r.error() == null ? r.target() : r.error()).isEqualTo(expected);
            String line = new String(out.toByteArray(), 1, out.size() - 2, StandardCharsets.UTF_8);
            ReportReader.Line back = ReportReader.readLine(line);
            assertThat(back.line()).hasValue(n);
            assertThat(back.report().target()).isEqualTo(r.target());
            n += 7;
        }
    }

    @Test
    void aLoneSurrogateIsEscapedAndReadsBackAsItself() throws Exception {
        for (String text : List.of("before \uD800 after", "a low \uDC00 one", "reversed \uDC00\uD800 pair")) {
            EndpointReport r = Reports.unscanned("d.example", ScanStatus.ERROR, text);
            SweepJson.Utf8Lines out = new SweepJson.Utf8Lines(16);
            SweepJson.append(entry(3, "d.example"), r, out);
            String line = out.toString(StandardCharsets.UTF_8);
            assertThat(line).endsWith("}\n").doesNotContain("?").hasLineCount(1);
            assertThat(ReportReader.readLine(line.strip()).report().error()).isEqualTo(text);
        }
    }

    @Test
    void eachTargetIsOneWriteOfWholeLinesAndTheBufferIsReusedWithoutLeftovers() throws Exception {
        Path file = dir.resolve("out.jsonl");
        List<EndpointReport> all = reports();
        List<String> expected = new ArrayList<>();
        List<Integer> writes = new ArrayList<>();
        try (JsonlFile f = JsonlFile.open(file, false, Duration.ofSeconds(1))) {
            LineWriter counting = (utf8, offset, length) -> {
                writes.add(length);
                f.write(utf8, offset, length);
            };
            JsonLinesSink sink = new JsonLinesSink(counting);
            // a batch of every report (the buffer grows), then single reports (shorter than what is in it)
            InventoryEntry first = entry(1, "a.example");
            sink.accept(first, all);
            for (EndpointReport r : all) {
                expected.add(expected(first, r));
            }
            long n = 2;
            for (EndpointReport r : all.subList(2, all.size())) {
                InventoryEntry e = entry(n++, r.target());
                sink.accept(e, List.of(r));
                expected.add(expected(e, r));
            }
        }
        assertThat(writes).hasSize(1 + all.size() - 2);
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactlyElementsOf(expected);
    }
}
