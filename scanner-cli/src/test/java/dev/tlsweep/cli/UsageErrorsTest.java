package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake a new user makes on the command line gets a message of one or two lines, in the user's words:
 * the error, then the one usage line concerned and where the rest is; never the whole help, never the name of
 * a Java exception or a parser's internals.
 */
class UsageErrorsTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Exit 2, at most two lines, no help dump, no Java or parser internals. */
    private static Result usageError(String... args) {
        Result r = run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
        assertThat(r.errLines()).as(r.err()).hasSizeBetween(1, 2);
        assertThat(r.err()).doesNotContain("Usage:").doesNotContain("Exception").doesNotContain("REDACTED")
                .doesNotContain("[Source:").doesNotContain("picocli");
        assertThat(r.out()).isEmpty();
        return r;
    }

    @Test
    void anUnknownOptionWithoutACloseMatchSaysSoAndGivesTheUsageLine() {
        Result r = usageError("scan", "--frobnicate", "example.com");
        assertThat(r.errLines()).containsExactly("tlsweep: unknown option '--frobnicate'",
                "usage: tlsweep scan [OPTIONS] [TARGET...]; see 'tlsweep scan --help'");
    }

    @Test
    void aMisspeltOptionGetsItsNearestName() {
        Result r = usageError("scan", "--tiemout", "5", "example.com");
        assertThat(r.errLines().get(0)).isEqualTo("tlsweep: unknown option '--tiemout' (did you mean --timeout?)");
    }

    @Test
    void aBadValueNamesTheOptionAndGivesItsOwnUsageLine() {
        Result r = usageError("scan", "--per-ip", "abc", "example.com");
        assertThat(r.errLines()).containsExactly("tlsweep: --per-ip: 'abc' (expected: a whole number)",
                "usage: tlsweep scan --per-ip N: Most connections in flight to one IP address, any port (default: no "
                        + "limit); see 'tlsweep scan --help'");
        assertThat(usageError("scan", "--color=sometimes", "example.com").errLines().get(0))
                .isEqualTo("tlsweep: --color: 'sometimes' (expected: auto, always, never)");
        assertThat(usageError("serve", "--inventory", "x", "--max-connections", "many").errLines().get(0))
                .isEqualTo("tlsweep: --max-connections: 'many' (expected: a whole number)");
    }

    @Test
    void aMissingParameterIsNamed() {
        Result r = usageError("chain");
        assertThat(r.errLines()).containsExactly("tlsweep: missing CERT.pem",
                "usage: tlsweep chain [OPTIONS] CERT.pem; see 'tlsweep chain --help'");
        assertThat(usageError("scan", "--timeout").errLines().get(0)).isEqualTo(
                "tlsweep: --timeout needs a value (DURATION)");
    }

    @Test
    void durationsAreWrittenTheSameWayInEveryOption() {
        assertThat(Durations.parse("--timeout", "5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("--timeout", "5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("--timeout", "0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("--endpoint-timeout", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("--endpoint-timeout", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("--interval", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("--poll", "500ms")).isEqualTo(Duration.ofMillis(500));
        for (String bad : new String[] {"5x", "", "-1", "0", "s", "1h 30m", "1e3"}) {
            assertThatThrownBy(() -> Durations.parse("--timeout", bad)).as(bad)
                    .hasMessage("--timeout: '" + bad + "' (expected: a duration such as 5s, 90s, 2m, 1h, or plain "
                            + "seconds)");
        }
        assertThat(Durations.text(Duration.ofMillis(2500))).isEqualTo("2.5s");
        // the same words on the command line, for scan's and serve's options alike
        assertThat(usageError("scan", "--timeout", "5x", "example.com").errLines()).containsExactly(
                "tlsweep: --timeout: '5x' (expected: a duration such as 5s, 90s, 2m, 1h, or plain seconds)");
        assertThat(usageError("scan", "--endpoint-timeout", "2 minutes", "example.com").errLines().get(0))
                .startsWith("tlsweep: --endpoint-timeout: '2 minutes' (expected: a duration");
    }

    @Test
    void anUnknownPolicyGetsADidYouMeanAndTheListExists() {
        Result r = usageError("scan", "--policy", "mozilla-modren", "example.com");
        assertThat(r.errLines()).containsExactly("tlsweep: --policy: unknown policy 'mozilla-modren' (did you mean "
                + "mozilla-modern?); --list-policies lists them all");
        Result none = usageError("scan", "--policy", "no-such-thing-at-all", "example.com");
        assertThat(none.err()).doesNotContain("did you mean").contains("--list-policies");
        Result list = run("scan", "--list-policies");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("mozilla-intermediate").contains("mozilla-modern-5.7")
                .contains("ELBSecurityPolicy-TLS13-1-2-2021-06").contains("clb:ELBSecurityPolicy-2016-08");
    }

    @Test
    void anUnquotedTargetOptionIsToldToBeQuoted() {
        Result r = usageError("scan", "10.0.0.5:443", "sni=api.example.com");
        assertThat(r.errLines()).containsExactly("tlsweep: 'sni=api.example.com' is a separate argument: quote the "
                + "target with its options, e.g. tlsweep scan 'example.com:443 sni=api.example.com'");
        assertThat(usageError("scan", "example.com", "expect-sha256=ab").err()).contains("quote the target");
    }

    @Test
    void missingFilesAreSaidAsSuchWithTheOptionThatNamedThem() {
        assertThat(usageError("scan", "-i", dir.resolve("nope.txt").toString()).errLines())
                .containsExactly("tlsweep: -i " + dir.resolve("nope.txt") + ": no such file");
        assertThat(usageError("scan", "--ca-file", dir.resolve("nope.pem").toString(), "example.com").errLines())
                .containsExactly("tlsweep: --ca-file " + dir.resolve("nope.pem") + ": no such file");
        Result report = usageError("report", "-o", dir.resolve("r.html").toString(), dir.resolve("nope.jsonl")
                .toString());
        assertThat(report.errLines()).containsExactly("tlsweep: " + dir.resolve("nope.jsonl") + ": no such file");
        assertThat(usageError("chain", dir.resolve("nope.pem").toString()).errLines())
                .containsExactly("tlsweep: " + dir.resolve("nope.pem") + ": no such file");
    }

    @Test
    void parserErrorsSayWhereWithoutTheParsersFurniture() throws Exception {
        Path garbage = Files.writeString(dir.resolve("reports.jsonl"), "{\"schema\": tlsweep}\n");
        Result diff = usageError("diff", garbage.toString(), garbage.toString());
        assertThat(diff.err()).contains(garbage + ":1: not a tlsweep/1 report");
        Path inventory = Files.writeString(dir.resolve("inventory.txt"), "example.com\n");
        Path config = Files.writeString(dir.resolve("modules.yml"), "modules: [unclosed\n");
        Result serve = usageError("serve", "--inventory", inventory.toString(), "--config", config.toString());
        assertThat(serve.err()).contains("--config " + config).contains("line ");
        Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config: {cert_file: \n  - ]\n");
        Result webConfig = usageError("serve", "--inventory", inventory.toString(), "--web-config-file",
                web.toString());
        assertThat(webConfig.err()).contains("--web-config-file").contains("line ");
    }

    @Test
    void aWidthTooNarrowToReadIsRefused() {
        for (String[] command : new String[][] {{"scan", "--width", "20", "example.com"}, {"demo", "--width", "20"},
            {"chain", "--width", "20", "cert.pem"}}) {
            assertThat(usageError(command).errLines()).as(String.join(" ", command))
                    .containsExactly("tlsweep: --width: 20 (expected: at least 40)");
        }
    }
}
