package dev.tlsweep.core.sink;

/** The exit codes of {@code tlsweep}, documented in the README and the commands' help. */
public enum ExitCode {
    /** Every endpoint was scanned; findings other than those below do not change it. */
    OK(0),
    /** An endpoint could not be scanned to the end (any status but {@code ok}), or an inventory line is malformed. */
    UNSCANNED(1),
    /** Invalid command line or target, an input file that cannot be read, or an output file in use by another run. */
    USAGE(2),
    /**
     * Internal error, or an output could not be written (standard output, {@code -o}, {@code --summary},
     * {@code --metrics-file}, {@code --fix-chain}): reports were lost or a file is missing, so the run did not do
     * what it was asked; the message names the output.
     */
    INTERNAL(3),
    /**
     * Every endpoint was scanned, and one does not comply with the chosen policy or has a finding at or above
     * {@code --fail-on}; for {@code diff}: something got worse; for {@code chain}: problems found.
     */
    NONCOMPLIANT(4),
    /** Every endpoint was scanned and complies, but a served certificate expired or expires within the critical threshold. */
    EXPIRING(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
