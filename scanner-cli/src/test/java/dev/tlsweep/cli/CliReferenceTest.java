package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/CLI.md is the commands' own help, generated: it cannot drift from {@code --help}. The README is a
 * front page that points there; its two set-up commands come first, and {@code .ci/run} runs exactly its test
 * command. Regenerate the reference with {@code -Dtlsweep.regenerate-docs=true}.
 */
class CliReferenceTest {

    private static final Path DOC = Path.of("..", "docs", "CLI.md");
    private static final Path README = Path.of("..", "README.md");
    private static final Path CI = Path.of("..", ".ci", "run");

    /** docs/CLI.md as the commands' help renders it today. */
    static String reference() {
        CommandLine root = Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
        List<CommandLine> commands = new ArrayList<>();
        commands.add(root);
        root.getSubcommands().forEach((name, c) -> {
            if (!name.equals("help")) {
                commands.add(c);
            }
        });
        StringBuilder b = new StringBuilder();
        b.append("# Command-line reference\n\n");
        b.append("Generated from the commands' own `--help` by `CliReferenceTest` (scanner-cli), which fails when this"
                + " file is stale. Edit the descriptions in the code, then regenerate:\n\n");
        b.append("    mvn -B -o -q -pl scanner-lab,scanner-core,scanner-cli -Dtest=CliReferenceTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dtlsweep.regenerate-docs=true test\n\n");
        b.append("Conventions shared by every command:\n\n");
        b.append("- Durations (`--timeout`, `--endpoint-timeout`, `--interval`, `--poll`, `--probe-timeout`) are written"
                + " `500ms`, `5s`, `90s`, `2m`, `1h`, `1d`, a sum such as `1h30m`, or plain seconds (`5`, `0.5`).\n");
        b.append("- Colours (`--color=auto|always|never`, `--no-color` = never): `auto` colours a terminal unless"
                + " `NO_COLOR` is set to a non-empty value or `TERM` is `dumb`.\n");
        b.append("- Terminal reports fit the terminal's width (`--width COLUMNS`, or `COLUMNS`); output that is not a"
                + " terminal is not wrapped unless asked; JSON is never wrapped.\n");
        b.append("- A mistake on the command line prints the error, the one usage line concerned and where the help"
                + " is, and exits 2.\n");
        b.append("- Ctrl-C exits 130 (SIGTERM 143); `scan` says how many reports were written and, with `-o`, to run"
                + " the same command with `--resume`.\n\n");
        b.append("## Contents\n\n");
        for (CommandLine c : commands) {
            String name = c.getCommandSpec().qualifiedName();
            b.append("- [").append(name).append("](#").append(name.replace(' ', '-')).append(")\n");
        }
        for (CommandLine c : commands) {
            b.append("\n## ").append(c.getCommandSpec().qualifiedName()).append("\n\n```text\n");
            b.append(c.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n");
        }
        return b.toString();
    }

    @Test
    void theReferenceIsTheCommandsHelp() throws IOException {
        String now = reference();
        if (Boolean.getBoolean("tlsweep.regenerate-docs")) {
            Files.writeString(DOC, now, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).as("docs/CLI.md is stale: regenerate it (see its "
                + "first lines)").isEqualTo(now);
    }

    /** The commands of the README, in order: indented code lines and fenced shell blocks, prompts left out. */
    static List<String> readmeCommands(String readme) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        boolean shell = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                shell = fenced && line.matches("```(sh|shell|bash|console)?\\s*");
                continue;
            }
            String command = null;
            if (fenced && shell) {
                command = line.strip();
            } else if (!fenced && line.startsWith("    ") && !line.isBlank()) {
                command = line.strip();
            }
            if (command != null && !command.isEmpty() && !command.startsWith("#")) {
                out.add(command.startsWith("$ ") ? command.substring(2) : command);
            }
        }
        return out;
    }

    @Test
    void theReadmeStartsWithItsTwoSetUpCommandsAndCiRunsItsTestCommand() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        List<String> commands = readmeCommands(readme);
        assertThat(commands).as("the README's first commands").startsWith(
                "sudo apt-get install -y openjdk-17-jdk-headless maven", "./tlsweep demo");
        Matcher test = Pattern.compile("Run every test:\\s*\\n\\s*\\n    (\\S[^\\n]*)\\n").matcher(readme);
        assertThat(test.find()).as("the README says how to run every test").isTrue();
        assertThat(Files.readAllLines(CI)).as(".ci/run runs exactly the README's test command")
                .contains(test.group(1));
        // a front page: a table of contents, and no option table that would drift from --help
        assertThat(readme).contains("## Contents").contains("docs/CLI.md");
        assertThat(readme).doesNotContain("| Option | Meaning |");
        assertThat(readme.lines().count()).as("a front page, not the manual").isLessThan(300);
    }
}
