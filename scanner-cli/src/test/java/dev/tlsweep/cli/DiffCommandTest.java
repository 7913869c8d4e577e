package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.lab.CannedResponder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsweep diff} on two real sweeps of a lab server, before and after TLS 1.0 is switched on: it names the
 * endpoint and the change and exits 4; a file compared with itself is "no change" and exits 0.
 */
class DiffCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void tls10SwitchedOnIsNamedAndExitsFourTheSameFileIsNoChange(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path before = dir.resolve("before.jsonl");
        Path after = dir.resolve("after.jsonl");
        // A steady neighbour, and the server whose configuration changes between the sweeps (same address and port).
        try (CannedResponder steady = CannedResponder.builder().version(0x0303, 0xC02F, 0xC030).start()) {
            String[] targets = {"127.0.0.1:" + port, "127.0.0.1:" + steady.port()};
            try (CannedResponder tls12 = CannedResponder.builder().port(port).version(0x0303, 0xC02F, 0xC030)
                    .serverPreference(true).start()) {
                assertThat(run(scan(before, targets))).isZero();
            }
            try (CannedResponder withTls10 = CannedResponder.builder().port(port).version(0x0301, 0xC013)
                    .version(0x0303, 0xC02F, 0xC030).serverPreference(true).start()) {
                assertThat(run(scan(after, targets))).isZero();
            }
        }
        assertThat(run("diff", before.toString(), after.toString(), "--no-color")).isEqualTo(4);
        String text = out.toString();
        assertThat(text).contains("127.0.0.1:" + port + " (no SNI)  127.0.0.1  changed  WORSE")
                .contains("+ version TLSv1.0: accepted  WORSE: a weaker version accepted: TLSv1.0 is deprecated")
                .contains("+ finding PROTOCOL_TLS10: medium TLS 1.0 is accepted")
                .contains("2 endpoints before, 2 after: 1 unchanged, 1 changed, 0 appeared, 0 disappeared; 1 got worse");

        // fitted to a narrow terminal: no line wider, nothing lost
        assertThat(run("diff", before.toString(), after.toString(), "--no-color", "--width", "50")).isEqualTo(4);
        assertThat(out.toString().lines()).allMatch(l -> l.length() <= 50, "lines of at most 50 columns");
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("WORSE: a weaker version accepted: TLSv1.0 is");

        assertThat(run("diff", before.toString(), after.toString(), "--json")).isEqualTo(4);
        Schemas.diff(out.toString());
        JsonNode j = JSON.readTree(out.toString());
        assertThat(j.get("worse").asBoolean()).isTrue();
        assertThat(j.get("differences")).hasSize(1);
        assertThat(j.get("differences").get(0).get("target").asText()).isEqualTo("127.0.0.1:" + port);

        assertThat(run("diff", after.toString(), after.toString())).isZero();
        assertThat(out.toString()).startsWith("no change: 2 endpoints");
        // and back: TLS 1.0 switched off again is a change for the better
        assertThat(run("diff", after.toString(), before.toString(), "--no-color")).isZero();
        assertThat(out.toString()).contains("- version TLSv1.0: no longer accepted")
                .contains("- finding PROTOCOL_TLS10: resolved: medium");
    }

    @Test
    void anUnreadableInputIsAUsageErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "not json\n");
        assertThat(run("diff", bad.toString(), dir.resolve("none.jsonl").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("bad.jsonl:1: not a tlsweep/1 report");
    }

    private static String[] scan(Path output, String... targets) {
        String[] head = {"scan", "-o", output.toString(), "--protocols", "tls1.0,tls1.1,tls1.2,tls1.3",
            "--timeout", "2", "--no-progress", "--no-aia"};
        String[] all = new String[head.length + targets.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(targets, 0, all, head.length, targets.length);
        return all;
    }
}
