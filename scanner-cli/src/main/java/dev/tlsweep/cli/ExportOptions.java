package dev.tlsweep.cli;

import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.render.export.CsvExport;
import dev.tlsweep.core.render.export.JunitExport;
import dev.tlsweep.core.render.export.SarifExport;
import dev.tlsweep.core.report.Severity;
import dev.tlsweep.core.sink.ExportSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The exports {@code scan} and {@code report} share: CSV, SARIF, JUnit, and the severity that fails. */
final class ExportOptions {

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Write one CSV row per finding (testssl.sh's columns first: id, fqdn/ip, port, severity, "
                    + "finding, cve, cwe; then target, ip, sni, subjects, fix, references).")
    Path csv;

    @Option(names = "--sarif", paramLabel = "FILE",
            description = "Write a SARIF 2.1.0 log: one rule per finding code, one result per finding.")
    Path sarif;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Write JUnit XML: one test case per endpoint, failed at or above --fail-on (default: medium).")
    Path junit;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 4 when an endpoint has a finding at or above SEVERITY: info, low, medium, high, critical "
                    + "(also the JUnit failure threshold). Without it findings do not change the exit code, except an "
                    + "expired certificate or one within --expiry-critical days (5): a self-signed, untrusted, "
                    + "incomplete or wrong-host chain exits 0 unless --fail-on high (or lower) is given.")
    String failOn;

    /** The severity of {@code --fail-on}, or {@code null} when not given. */
    Severity failOn() {
        if (failOn == null) {
            return null;
        }
        try {
            return Severity.valueOf(failOn.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fail-on: '" + failOn + "' (expected: info, low, medium, high, critical)");
        }
    }

    /** The exports asked for; {@code inventory} is the inventory file as SARIF names it, or {@code null}. */
    List<ExportSink.Export> exports(String inventory) {
        Severity threshold = failOn() == null ? Severity.MEDIUM : failOn();
        List<ExportSink.Export> out = new ArrayList<>();
        if (csv != null) {
            out.add(new ExportSink.Export("--csv", csv, CsvExport::write));
        }
        if (sarif != null) {
            out.add(new ExportSink.Export("--sarif", sarif, (reports, w) -> SarifExport.write(reports, inventory, w)));
        }
        if (junit != null) {
            out.add(new ExportSink.Export("--junit", junit, (reports, w) -> JunitExport.write(reports, threshold, w)));
        }
        return out;
    }

    /** The files these options write, with their option names. */
    List<Object[]> files() {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"--csv", csv});
        out.add(new Object[] {"--sarif", sarif});
        out.add(new Object[] {"--junit", junit});
        return out;
    }

    /** What is wrong with a file to write, named by option, or {@code null}. */
    static String writable(String option, Path file) {
        if (file == null) {
            return null;
        }
        String shown = Printable.cut(file.toString(), 300);
        if (Files.isDirectory(file)) {
            return option + " " + shown + ": is a directory (expected: a file to write)";
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return option + " " + shown + ": no such directory " + Printable.cut(String.valueOf(dir), 300);
        }
        // A device such as /dev/stdout is written in place: its directory need not be writable.
        if (!Files.isWritable(dir) && !(Files.exists(file) && !Files.isRegularFile(file))) {
            return option + " " + shown + ": cannot write in " + Printable.cut(dir.toString(), 300);
        }
        return null;
    }
}
