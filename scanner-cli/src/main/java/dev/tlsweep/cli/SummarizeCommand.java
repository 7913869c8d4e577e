package dev.tlsweep.cli;

import dev.tlsweep.core.input.InputFiles;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.report.AtomicFile;
import dev.tlsweep.core.summary.Summary;
import dev.tlsweep.core.summary.SummaryFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlsweep summarize FILE...}: one summary of the reports or summaries of several runs or shards. */
@Command(name = "summarize", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        description = "Merges the JSON-lines reports (scan -o) or summaries (scan --summary) of several runs or "
                + "shards into one summary.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the summary was printed (and written)",
            "2:invalid command line, or a file that is unreadable, not a regular file, or neither reports nor a valid "
                + "summary (the message names it)",
            "3:internal error, or an output (standard output, --summary) could not be written"})
final class SummarizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "JSON-lines report files or summary files; '-' reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the merged summary as JSON.")
    Path summaryFile;

    @Option(names = "--json", description = "Print the merged summary as JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String twice = InputFiles.repeated(files);
        if (twice != null) {
            err.println("tlsweep: " + twice + " is given twice (expected: each file once; its reports would count twice)");
            return Main.USAGE;
        }
        Summary merged = new Summary();
        for (String f : files) {
            try {
                merged.merge(f.equals("-")
                        ? SummaryFiles.read(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                                "standard input")
                        : SummaryFiles.read(Path.of(f)));
            } catch (IOException e) {
                err.println("tlsweep: " + e.getMessage());
                return Main.USAGE;
            }
        }
        if (summaryFile != null) {
            try {
                String text = merged.toJson() + "\n";
                AtomicFile.write(summaryFile, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                err.println("tlsweep: cannot write --summary " + Printable.cut(summaryFile.toString(), 300) + ": "
                        + ScanCommand.reason(e));
                return Main.INTERNAL;
            }
        }
        out.print(json ? merged.toJson() + "\n" : merged.toText());
        out.flush();
        if (out.checkError()) {
            err.println("tlsweep: cannot write to standard output");
            return Main.INTERNAL;
        }
        return Main.OK;
    }
}
