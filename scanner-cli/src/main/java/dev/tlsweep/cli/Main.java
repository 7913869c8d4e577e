package dev.tlsweep.cli;

import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.report.Build;
import dev.tlsweep.core.sink.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code tlsweep} command. */
@Command(name = "tlsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Scans TLS endpoints: protocol versions, cipher suites and their order, for many endpoints at once.",
        subcommands = {ScanCommand.class, ChainCommand.class, SummarizeCommand.class, ReportCommand.class,
            DiffCommand.class, ServeCommand.class,
            DemoCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every endpoint was scanned",
            "1:at least one endpoint could not be scanned to the end (refused, timeout, dns-error, not-tls, "
                + "starttls-refused, starttls-error, starttls-timeout, error, incomplete)",
            "2:invalid command line or target, an input file that cannot be read, or an -o file in use by another run",
            "3:internal error, or an output (standard output, -o, --summary, --metrics-file, --fix-chain) could not "
                + "be written: the message names it",
            "4:an endpoint does not comply with --policy or has a finding at or above --fail-on (every endpoint was "
                + "scanned); for chain: problems found; for diff: something got worse",
            "5:a served certificate has expired or expires within --expiry-critical days (all else fine)",
            "130:interrupted (Ctrl-C): the message says how many reports were written and how to --resume"})
public final class Main {

    /** Exit code: every endpoint was scanned. */
    static final int OK = ExitCode.OK.code();
    /** Exit code: at least one endpoint could not be scanned. */
    static final int UNSCANNED = ExitCode.UNSCANNED.code();
    /** Exit code: the command line or a target is invalid. */
    static final int USAGE = ExitCode.USAGE.code();
    /** Exit code: a served certificate has expired or is within the critical expiry threshold. */
    static final int EXPIRING = ExitCode.EXPIRING.code();
    /** Exit code: tlsweep itself failed. */
    static final int INTERNAL = ExitCode.INTERNAL.code();
    /** Exit code: every endpoint was scanned, and at least one does not comply with {@code --policy}. */
    static final int NONCOMPLIANT = ExitCode.NONCOMPLIANT.code();

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the process's streams and returns the exit code. */
    static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The command line as {@link #run} executes it (docs/CLI.md is generated from its help). */
    static CommandLine commandLine(java.io.PrintWriter out, java.io.PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("tlsweep: internal error: " + Printable.cut(String.valueOf(e), 500));
            return INTERNAL;
        });
        cl.setExitCodeExceptionMapper(e -> USAGE);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(UsageErrors::handle);
        return cl;
    }

    /**
     * The version and the git commit the code was built from, as the build wrote them (scanner-core's
     * {@code build.properties}, also in the jar's manifest as {@code Implementation-Version} and
     * {@code Git-Commit}), and the Java that runs it.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Build b = Build.current();
            return new String[] {"tlsweep " + b.version(),
                "commit " + b.commit() + (b.dirty() ? " (built with uncommitted changes)" : ""),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
