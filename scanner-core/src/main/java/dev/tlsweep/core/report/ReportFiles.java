package dev.tlsweep.core.report;

import dev.tlsweep.core.input.BoundedLineReader;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads JSON-lines report files ({@code scan -o}, {@code scan --json}) through {@link ReportReader}, streaming:
 * what {@code report} and {@code diff} read. Lines are bounded ({@link ReportReader#MAX_LINE_CHARS}); a line
 * that is not a report is an error naming the file and line; a torn last line (a killed writer's) is left
 * out and counted; blank lines are skipped.
 */
public final class ReportFiles {

    /** One report of a file, with its position. */
    @FunctionalInterface
    public interface Handler {
        /** Takes the report of line {@code lineNumber} (1-based) of the file. */
        void accept(ReportReader.Line line, long lineNumber) throws IOException;
    }

    /**
     * What was read.
     *
     * @param reports       how many reports
     * @param tornLastLine  whether the last line was not a whole report and was left out
     */
    public record Read(long reports, boolean tornLastLine) {
    }

    /** Every report of a file, with what was read. */
    public record All(List<EndpointReport> reports, boolean tornLastLine) {
    }

    private ReportFiles() {
    }

    /** Reads every report of {@code file} into memory. */
    public static All readAll(Path file) throws IOException {
        List<EndpointReport> out = new ArrayList<>();
        Read r = read(file, (line, n) -> out.add(line.report()));
        return new All(List.copyOf(out), r.tornLastLine());
    }

    /** Reads every report of {@code in} (e.g. standard input) into memory; {@code name} names it in errors. */
    public static All readAll(Reader in, String name) throws IOException {
        List<EndpointReport> out = new ArrayList<>();
        Read r = read(in, name, (line, n) -> out.add(line.report()));
        return new All(List.copyOf(out), r.tornLastLine());
    }

    /**
     * Checks that {@code file} can be {@linkplain #read(Path, Handler) read} as a report file: a regular file. A
     * device or a FIFO is refused before it is opened (a FIFO would block, {@code /dev/zero} never end, and neither
     * can be read twice, as a report's renderings do).
     *
     * @throws InputFileException naming the file and what it is
     */
    public static void requireReadable(Path file) throws InputFileException {
        Objects.requireNonNull(file, "file");
        InputFiles.requireRegular(file, "a JSON-lines report file", -1);
    }

    /** Hands every report of {@code file} to {@code each}, in file order. */
    public static Read read(Path file, Handler each) throws IOException {
        requireReadable(file);
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return read(in, file.toString(), each);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
    }

    /** Hands every report of {@code in} to {@code each}; {@code name} names the input in errors. */
    public static Read read(Reader in, String name, Handler each) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(each, "each");
        BoundedLineReader r = BoundedLineReader.stoppingAtLongLines(in, ReportReader.MAX_LINE_CHARS);
        long n = 0;
        long reports = 0;
        String pending = null;
        long pendingLine = 0;
        while (true) {
            String line = r.readLine();
            if (r.cut()) {
                throw new IOException(name + ":" + (n + 1) + ": a line of more than " + ReportReader.MAX_LINE_CHARS
                        + " characters (expected: one tlsweep/1 report per line)");
            }
            if (line == null) {
                break;
            }
            n++;
            if (pending != null) {
                each.accept(parse(name, pendingLine, pending), pendingLine);
                reports++;
            }
            pending = line.isBlank() ? null : line;
            pendingLine = n;
        }
        if (pending == null) {
            return new Read(reports, false);
        }
        ReportReader.Line last;
        try {
            last = ReportReader.readLine(pending);
        } catch (ReportReader.ReportFormatException e) {
            if (reports == 0) {
                throw new IOException(name + ":" + pendingLine + ": not a tlsweep/1 report: " + e.getMessage(), e);
            }
            return new Read(reports, true); // the torn last line of a killed run
        }
        each.accept(last, pendingLine);
        return new Read(reports + 1, false);
    }

    private static ReportReader.Line parse(String name, long line, String text) throws IOException {
        try {
            return ReportReader.readLine(text);
        } catch (ReportReader.ReportFormatException e) {
            throw new IOException(name + ":" + line + ": not a tlsweep/1 report: " + e.getMessage(), e);
        }
    }

    /** Lines of a reader, each at most {@link ReportReader#MAX_LINE_CHARS} characters. Not thread-safe. */
}
