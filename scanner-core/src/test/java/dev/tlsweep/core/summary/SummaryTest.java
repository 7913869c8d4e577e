package dev.tlsweep.core.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting reports, merging summaries, reading them back. */
class SummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void countsStatusesReasonsProtocolsFindingsAndCertificates() {
        Summary s = new Summary();
        s.add(json("{\"schema\":\"tlsweep/1\",\"target\":\"a\",\"host\":\"a\",\"ip\":\"10.0.0.1\",\"status\":\"ok\","
                + "\"protocols\":[{\"version\":\"TLSv1.2\",\"accepted\":true},{\"version\":\"TLSv1.3\",\"accepted\":false}],"
                + "\"findings\":[{\"code\":\"CIPHER_3DES\"},{\"code\":\"NO_TLS13\"},{\"code\":\"CHAIN_INCOMPLETE\"}],"
                + "\"certificates\":[{\"served\":[{\"daysLeft\":200},{\"daysLeft\":12}]}],\"hellosSent\":30}"));
        s.add(json("{\"schema\":\"tlsweep/1\",\"target\":\"10.0.0.2:443\",\"host\":\"10.0.0.2\",\"ip\":\"10.0.0.2\","
                + "\"status\":\"refused\",\"error\":\"connection refused by 10.0.0.2:443\",\"protocols\":[],"
                + "\"findings\":[],\"hellosSent\":1}"));
        s.add(json("{\"schema\":\"tlsweep/1\",\"target\":\"10.0.0.3:8443\",\"host\":\"10.0.0.3\",\"ip\":\"10.0.0.3\","
                + "\"status\":\"refused\",\"error\":\"connection refused by 10.0.0.3:8443\",\"protocols\":[],"
                + "\"findings\":[],\"hellosSent\":1}"));
        assertThat(s.endpoints()).isEqualTo(3);
        assertThat(s.hellosSent()).isEqualTo(32);
        assertThat(s.byStatus()).containsEntry("ok", 1L).containsEntry("refused", 2L);
        assertThat(s.errors()).containsExactly(java.util.Map.entry("refused: connection refused by *", 2L));
        assertThat(s.protocols()).containsExactly(java.util.Map.entry("TLSv1.2", 1L));
        assertThat(s.weakSuites()).containsExactly(java.util.Map.entry("CIPHER_3DES", 1L));
        assertThat(s.findings()).containsKeys("CIPHER_3DES", "NO_TLS13", "CHAIN_INCOMPLETE");
        assertThat(s.certificatesByDaysLeft()).containsExactly(java.util.Map.entry("8-30", 1L));
        assertThat(Summary.fromJson(json(s.toJson()))).isEqualTo(s);
        assertThat(s.toText()).contains("3 endpoints").contains("refused 2");
    }

    @Property(tries = 100)
    void mergingIsAssociativeAndCommutativeAndEqualsCountingTogether(@ForAll("summaries") List<List<JsonNode>> parts) {
        List<JsonNode> a = parts.get(0);
        List<JsonNode> b = parts.get(1);
        List<JsonNode> c = parts.get(2);
        Summary left = of(a);
        Summary ab = of(a);
        ab.merge(of(b));
        left = ab;
        left.merge(of(c));
        Summary bc = of(b);
        bc.merge(of(c));
        Summary right = of(a);
        right.merge(bc);
        assertThat(left).isEqualTo(right);
        Summary together = new Summary();
        for (List<JsonNode> p : List.of(c, a, b)) {
            p.forEach(together::add);
        }
        assertThat(together).isEqualTo(right);
        assertThat(Summary.fromJson(json(right.toJson()))).isEqualTo(right);
    }

    @Test
    void summarizeReadsReportLinesAndSummariesAlike(@TempDir Path dir) throws IOException {
        Path lines = dir.resolve("a.jsonl");
        Files.writeString(lines, "{\"schema\":\"tlsweep/1\",\"line\":1,\"target\":\"x\",\"status\":\"ok\"}\n"
                + "{\"schema\":\"tlsweep/1\",\"line\":2,\"target\":\"y\",\"status\":\"timeout\",\"error\":\"no answer\"}\n"
                + "{\"schema\":\"tlsweep/1\",\"line\":3,\"tar");
        Summary fromLines = SummaryFiles.read(lines);
        assertThat(fromLines.endpoints()).isEqualTo(2);
        Path summary = dir.resolve("s.json");
        Files.writeString(summary, fromLines.toJson());
        assertThat(SummaryFiles.read(summary)).isEqualTo(fromLines);
    }

    private static Summary of(List<JsonNode> reports) {
        Summary s = new Summary();
        reports.forEach(s::add);
        return s;
    }

    @Provide
    Arbitrary<List<List<JsonNode>>> summaries() {
        Arbitrary<JsonNode> report = Combinators.combine(
                Arbitraries.of("ok", "refused", "timeout", "dns-error"),
                Arbitraries.of("TLSv1.0", "TLSv1.2", "TLSv1.3"),
                Arbitraries.of("CIPHER_RC4", "NO_TLS13", "CHAIN_EXPIRED", "PROTOCOL_TLS10"),
                Arbitraries.integers().between(-10, 800),
                Arbitraries.integers().between(0, 60)).as((st, v, code, days, hellos) -> json(
                        "{\"schema\":\"tlsweep/1\",\"target\":\"t\",\"status\":\"" + st + "\",\"error\":"
                        + (st.equals("ok") ? "null" : "\"failed " + days + "\"") + ",\"protocols\":[{\"version\":\""
                        + v + "\",\"accepted\":true}],\"findings\":[{\"code\":\"" + code + "\"}],"
                        + (days % 3 == 0 ? "" : "\"certificates\":[{\"served\":[{\"daysLeft\":" + days + "}]}],")
                        + "\"hellosSent\":" + hellos + "}"));
        return report.list().ofMaxSize(8).list().ofSize(3);
    }
}
