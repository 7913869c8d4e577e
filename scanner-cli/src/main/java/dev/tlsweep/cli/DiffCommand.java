package dev.tlsweep.cli;

import dev.tlsweep.core.diff.Drift;
import dev.tlsweep.core.diff.DriftJson;
import dev.tlsweep.core.render.DriftText;
import dev.tlsweep.core.render.TerminalLayout;
import dev.tlsweep.core.report.ReportFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlsweep diff OLD.jsonl NEW.jsonl}: what changed between two sweeps, and whether it got worse. */
@Command(name = "diff", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Compares two sweeps (JSON-lines report files): per endpoint, what appeared, disappeared or "
                + "changed. Endpoints are matched by target, SNI and transport.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:nothing got worse (or nothing changed: \"no change\")",
            "2:a file cannot be read or is not a report file",
            "3:internal error",
            "4:something got worse: a new finding of severity medium or more, a version below TLS 1.2 or a weak "
                + "suite newly accepted, a certificate that became invalid"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The earlier sweep's reports (scan -o or --json).")
    Path before;

    @Parameters(index = "1", paramLabel = "NEW", description = "The later sweep's reports.")
    Path after;

    @Option(names = "--json", description = "Print the drift as JSON (schema tlsweep-diff/1).")
    boolean json;

    @picocli.CommandLine.Mixin
    TerminalOptions terminal = new TerminalOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReportFiles.All old;
        ReportFiles.All now;
        if (terminal.problem() != null) {
            err.println("tlsweep: " + terminal.problem());
            return Main.USAGE;
        }
        try {
            old = read(before, err);
            now = read(after, err);
        } catch (IOException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        }
        Drift drift = Drift.between(old.reports(), now.reports());
        if (json) {
            DriftJson.write(drift, out);
            out.println();
        } else {
            DriftText text = new DriftText(terminal.color());
            new TerminalLayout(terminal.width()).print(out, lines -> text.render(drift, lines));
        }
        out.flush();
        return drift.worse() ? Main.NONCOMPLIANT : Main.OK;
    }

    static ReportFiles.All read(Path file, PrintWriter err) throws IOException {
        ReportFiles.All all = ReportFiles.readAll(file);
        if (all.tornLastLine()) {
            err.println("tlsweep: " + file + ": the last line is not a whole report (a killed run?): left out");
        }
        return all;
    }
}
