package dev.tlsweep.cli;

import dev.tlsweep.core.diff.Drift;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import dev.tlsweep.core.render.html.HtmlReport;
import dev.tlsweep.core.report.ReportFiles;
import dev.tlsweep.core.report.ReportSource;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.sink.ExportSink;
import dev.tlsweep.core.sink.RunVerdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlsweep report IN.jsonl... -o report.html}: the HTML report (and exports) of one or more sweeps' reports. */
@Command(name = "report", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Renders report files (scan -o or --json) as one self-contained HTML page, and/or CSV, SARIF and "
                + "JUnit. With --baseline, the page also says what changed since that sweep.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written",
            "2:invalid command line, or an input that cannot be read or is not a report file",
            "3:an output cannot be written",
            "4:with --fail-on: an endpoint has a finding at or above that severity"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IN", arity = "1..*", description = "JSON-lines report files (their reports together).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the HTML report to FILE.")
    Path output;

    @Option(names = "--baseline", paramLabel = "OLD", description = "An earlier sweep's reports: show what changed since.")
    Path baseline;

    @Option(names = "--title", paramLabel = "TEXT", description = "The page's title (default: tlsweep report: the inputs).")
    String title;

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "The inventory the reports came from, as SARIF results should point at it (its path in the "
                    + "repository); the reports' inventory lines become the results' lines.")
    String inventory;

    @Mixin
    ExportOptions exportOptions = new ExportOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Severity failOn;
        try {
            failOn = exportOptions.failOn();
        } catch (IllegalArgumentException e) {
            err.println("tlsweep: " + e.getMessage());
            return Main.USAGE;
        }
        List<ExportSink.Export> exports = new ArrayList<>(exportOptions.exports(inventory));
        if (output == null && exports.isEmpty()) {
            err.println("tlsweep: nothing to write (expected: -o FILE.html, --csv, --sarif or --junit)");
            return Main.USAGE;
        }
        List<String> names = new ArrayList<>(inputs.stream().map(Path::toString).toList());
        if (baseline != null) {
            names.add(baseline.toString());
        }
        String twice = InputFiles.repeated(names);
        if (twice != null) {
            err.println("tlsweep: " + twice + " is given twice (expected: each file once"
                    + (baseline != null ? ", the baseline apart from the inputs" : "") + ")");
            return Main.USAGE;
        }
        for (Path in : inputs) {
            // said now (missing, a device, a FIFO), not as a failure to write the output that reads it
            try {
                ReportFiles.requireReadable(in);
            } catch (InputFileException e) {
                err.println("tlsweep: " + e.getMessage());
                return Main.USAGE;
            }
        }
        List<String> outputs = new ArrayList<>();
        if (output != null) {
            outputs.add(output.toString());
        }
        exports.forEach(e -> outputs.add(e.file().toString()));
        for (Object[] o : exportOptions.files()) {
            String problem = ExportOptions.writable((String) o[0], (Path) o[1]);
            if (problem != null) {
                err.println("tlsweep: " + problem);
                return Main.USAGE;
            }
        }
        String problem = ExportOptions.writable("-o", output);
        if (problem != null) {
            err.println("tlsweep: " + problem);
            return Main.USAGE;
        }
        RunVerdict verdict = new RunVerdict(failOn);
        boolean[] counted = {false};
        // Every rendering reads the inputs again (never the whole sweep in memory); the first pass also counts the
        // verdict and says which input lost a torn last line. A bad line fails the output, which is then not written.
        ReportSource source = each -> {
            boolean first = !counted[0];
            for (Path in : inputs) {
                ReportFiles.Read read = ReportFiles.read(in, (line, number) -> {
                    if (first) {
                        verdict.add(line.report());
                    }
                    each.accept(line.report(), line.line());
                });
                if (first && read.tornLastLine()) {
                    err.println("tlsweep: " + in + ": the last line is not a whole report (a killed run?): left out");
                }
            }
            counted[0] = true;
        };
        Drift drift = null;
        if (baseline != null) {
            try {
                List<dev.tlsweep.core.report.EndpointReport> now = new ArrayList<>();
                source.forEach((r, line) -> now.add(r));
                drift = Drift.between(DiffCommand.read(baseline, err).reports(), now);
            } catch (IOException e) {
                err.println("tlsweep: " + e.getMessage());
                return Main.USAGE;
            }
        }
        if (output != null) {
            Drift d = drift;
            String heading = title != null ? title : "tlsweep report: " + String.join(", ",
                    inputs.stream().map(p -> p.getFileName().toString()).toList());
            exports.add(0, new ExportSink.Export("-o", output, (reports, w) -> HtmlReport.write(reports,
                    new HtmlReport.Options(heading, Instant.now(), inputs.stream().map(p -> p.getFileName().toString())
                            .toList(), d, baseline == null ? null : baseline.getFileName().toString()), w)));
        }
        try {
            new ExportSink(exports, source, null).finish();
        } catch (IOException e) {
            err.println("tlsweep: " + e.getMessage());
            // an input that cannot be read is the caller's to fix; a file that cannot be written is ours to say
            return e.getCause() instanceof IOException cause && cause.getMessage() != null
                    && inputs.stream().anyMatch(in -> cause.getMessage().startsWith(in.toString())) ? Main.USAGE
                    : Main.INTERNAL;
        }
        for (String written : outputs) {
            err.println("tlsweep: wrote " + written);
        }
        out.flush();
        return failOn != null && verdict.failing() > 0 ? Main.NONCOMPLIANT : Main.OK;
    }
}
