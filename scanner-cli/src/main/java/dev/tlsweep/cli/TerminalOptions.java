package dev.tlsweep.cli;

import dev.tlsweep.core.render.TerminalLayout;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * How text output meets a terminal: colours ({@code --color=auto|always|never}, {@code NO_COLOR},
 * {@code TERM=dumb}) and the width lines are fitted to ({@code --width}, the terminal's own width,
 * {@code COLUMNS}). Shared by every command that prints a report.
 */
final class TerminalOptions {

    /** When to colour. */
    enum When { auto, always, never }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colours: auto (on a terminal, unless NO_COLOR is set and not empty or TERM is dumb), "
                    + "always or never (default: ${DEFAULT-VALUE}).")
    When when = When.auto;

    @Option(names = "--no-color", description = "The same as --color=never.")
    boolean noColor;

    @Option(names = "--width", paramLabel = "COLUMNS",
            description = "Fit lines to COLUMNS (default: the terminal's width; no wrapping when the output is not a "
                    + "terminal, unless COLUMNS is set).")
    Integer width;

    /** Whether to colour the standard output, as the options and the environment say. */
    boolean color() {
        return color(noColor ? When.never : when, System.getenv(), stdoutIsTerminal());
    }

    /**
     * The colour rule: {@code always} and {@code never} are obeyed; {@code auto} colours a terminal unless
     * {@code NO_COLOR} is set to a non-empty value (https://no-color.org) or {@code TERM} is {@code dumb}. Pure.
     */
    static boolean color(When when, Map<String, String> env, boolean terminal) {
        return switch (when) {
            case always -> true;
            case never -> false;
            case auto -> terminal && (env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty())
                    && !"dumb".equals(env.get("TERM"));
        };
    }

    /** What is wrong with these options, as a usage error, or {@code null}: a width too narrow to read. */
    String problem() {
        return width != null && width < TerminalLayout.MIN_WIDTH
                ? "--width: " + width + " (expected: at least " + TerminalLayout.MIN_WIDTH + ")" : null;
    }

    /**
     * The width to fit lines to, or {@link TerminalLayout#UNLIMITED}.
     *
     * @throws IllegalArgumentException with the {@link #problem()} of a width too narrow
     */
    int width() {
        if (width != null) {
            if (problem() != null) {
                throw new IllegalArgumentException(problem());
            }
            return width;
        }
        return width(System.getenv(), stdoutIsTerminal());
    }

    /** {@code COLUMNS} when set, else the terminal's width when on one, else no limit. */
    static int width(Map<String, String> env, boolean terminal) {
        String columns = env.get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.strip());
                if (n > 0) {
                    return Math.max(TerminalLayout.MIN_WIDTH, n);
                }
            } catch (NumberFormatException ignored) {
                // not a number: ask the terminal
            }
        }
        if (!terminal) {
            return TerminalLayout.UNLIMITED;
        }
        int n = ttyColumns();
        return n > 0 ? Math.max(TerminalLayout.MIN_WIDTH, n) : 80;
    }

    /** Whether standard output is a terminal. */
    static boolean stdoutIsTerminal() {
        return Progress.isTerminal(1);
    }

    /** The controlling terminal's columns, as {@code stty size} reads them, or 0. */
    private static int ttyColumns() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return 0;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            String[] rowsColumns = new String(p.getInputStream().readNBytes(64), StandardCharsets.US_ASCII).strip()
                    .split("\\s+");
            return rowsColumns.length == 2 ? Integer.parseInt(rowsColumns[1]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
