package dev.tlsweep.core.summary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tlsweep.core.input.BoundedLineReader;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what {@code tlsweep summarize} is given: a JSON-lines file of reports (summarised line by
 * line, streaming) or a summary file ({@value Summary#SCHEMA}).
 *
 * <p>Both are input from outside: only regular files are read (a device or a FIFO is refused before it is
 * opened; standard input is read through {@link #read(Reader, String)}), each line is read with the bound of
 * {@link ReportReader#MAX_LINE_CHARS}, a summary holds at most {@value #MAX_SUMMARY_CHARS} characters, and a
 * summary's counts are checked ({@link Summary#fromJson}) before they are believed.
 */
public final class SummaryFiles {

    /** The longest summary file read (a summary's error reasons are bounded; reports are streamed). */
    public static final int MAX_SUMMARY_CHARS = 16 * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(MAX_SUMMARY_CHARS).build()).build()).build();

    private SummaryFiles() {
    }

    /**
     * The summary of one file. A file whose first non-blank line is a whole JSON object with schema
     * {@code tlsweep/1} is read as reports, one per line (a torn last line is ignored); anything
     * else is read as one summary object.
     *
     * @throws IOException when the file cannot be read or is neither form; the message names the file
     */
    public static Summary read(Path file) throws IOException {
        InputFiles.requireRegular(file, "a JSON-lines report file or a summary file", -1);
        try (Reader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            return read(r, file.toString());
        } catch (InputFileException e) {
            throw e;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(name(file.toString()) + ": no such file", e);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String name = name(file.toString());
            throw new IOException(m.startsWith(name) ? m : name + ": " + m, e);
        }
    }

    /**
     * The summary of what {@code in} holds, read once (standard input works): reports line by line, or one
     * summary object; {@code name} names the input in errors. Lines longer than
     * {@link ReportReader#MAX_LINE_CHARS} and summaries longer than {@value #MAX_SUMMARY_CHARS} are refused
     * while they are read.
     *
     * @throws IOException when it cannot be read or is neither form, naming {@code name}
     */
    public static Summary read(Reader in, String name) throws IOException {
        String shown = name(name);
        BoundedLineReader lines = BoundedLineReader.stoppingAtLongLines(in, ReportReader.MAX_LINE_CHARS);
        try {
            return read(lines, shown);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(shown + ": not UTF-8 text", e);
        }
    }

    private static Summary read(BoundedLineReader in, String name) throws IOException {
        String first;
        long n = 0;
        do {
            first = in.readLine();
            n++;
            tooLong(in, name, n);
        } while (first != null && first.isBlank());
        if (first == null) {
            return new Summary();
        }
        if (isReport(first)) {
            Summary s = new Summary();
            String line;
            String pending = first;
            long pendingLine = n;
            while ((line = in.readLine()) != null) {
                n++;
                tooLong(in, name, n);
                if (pending != null) {
                    s.add(parse(name, pendingLine, pending));
                }
                pending = line.isBlank() ? null : line;
                pendingLine = n;
            }
            if (pending != null) {
                EndpointReport last = null;
                try {
                    last = ReportReader.readLine(pending).report();
                } catch (ReportReader.ReportFormatException torn) {
                    // the torn last line of a killed run: not a report yet
                }
                if (last != null) {
                    s.add(last);
                }
            }
            return s;
        }
        StringBuilder text = new StringBuilder(first).append('\n');
        String line;
        while ((line = in.readLine()) != null) {
            n++;
            tooLong(in, name, n);
            text.append(line).append('\n');
            if (text.length() > MAX_SUMMARY_CHARS) {
                throw new IOException(name + ": more than " + MAX_SUMMARY_CHARS + " characters and not JSON lines of"
                        + " tlsweep/1 reports (expected: a report file or a " + Summary.SCHEMA + " summary)");
            }
        }
        try {
            return Summary.fromJson(JSON.readTree(text.toString()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(name + ": neither JSON lines of tlsweep/1 reports nor a valid "
                    + Summary.SCHEMA + " summary (" + dev.tlsweep.core.input.ParseErrors.words(e) + ")", e);
        }
    }

    private static void tooLong(BoundedLineReader in, String name, long line) throws IOException {
        if (in.cut()) {
            throw new IOException(name + ":" + line + ": a line of more than " + ReportReader.MAX_LINE_CHARS
                    + " characters (expected: JSON lines of tlsweep/1 reports or a " + Summary.SCHEMA + " summary)");
        }
    }

    private static String name(String name) {
        return Printable.cut(name, 300);
    }

    private static boolean isReport(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() && n.path("schema").asText().startsWith("tlsweep/");
        } catch (IOException e) {
            return false;
        }
    }

    private static EndpointReport parse(String name, long line, String text) throws IOException {
        try {
            return ReportReader.readLine(text).report();
        } catch (ReportReader.ReportFormatException e) {
            throw new IOException(name + ":" + line + ": not a tlsweep/1 report: "
                    + Printable.cut(String.valueOf(e.getMessage()), 300), e);
        }
    }
}
