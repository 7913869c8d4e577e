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
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what {@code tlsweep summarize} is given: a JSON-lines file of reports (summarised line by
 * line, streaming) or a summary file ({@value Summary#SCHEMA}).
 *
 * <p>Both are input from outside: only regular files are read (a device or a FIFO is refused before it is
 * opened), each report line is read with the bound of {@link ReportReader#MAX_LINE_CHARS}, a summary file
 * holds at most {@value #MAX_SUMMARY_BYTES} bytes, and a summary's counts are checked
 * ({@link Summary#fromJson}) before they are believed.
 */
public final class SummaryFiles {

    /** The largest summary file read (a summary of millions of endpoints is a few kilobytes). */
    public static final int MAX_SUMMARY_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(MAX_SUMMARY_BYTES).build()).build()).build();

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
        try {
            return readFile(file);
        } catch (InputFileException e) {
            throw e;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(name(file) + ": not UTF-8 text", e);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(m.startsWith(name(file)) ? m : name(file) + ": " + m, e);
        }
    }

    private static String name(Path file) {
        return Printable.cut(file.toString(), 300);
    }

    private static BoundedLineReader lines(Path file) throws IOException {
        return new BoundedLineReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), ReportReader.MAX_LINE_CHARS);
    }

    private static Summary readFile(Path file) throws IOException {
        long size = InputFiles.requireRegular(file, "a JSON-lines report file or a summary file", -1);
        String first;
        long firstLine = 0;
        try (BoundedLineReader r = lines(file)) {
            do {
                first = r.readLine();
                firstLine++;
                if (r.cut()) {
                    throw new IOException(name(file) + ":" + firstLine + ": a line of more than "
                            + ReportReader.MAX_LINE_CHARS + " characters (expected: JSON lines of tlsweep/1 reports "
                            + "or a " + Summary.SCHEMA + " summary)");
                }
            } while (first != null && first.isBlank());
        }
        if (first == null) {
            return new Summary();
        }
        if (isReport(first)) {
            Summary s = new Summary();
            long n = 0;
            try (BoundedLineReader r = lines(file)) {
                String line;
                String pending = null;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (pending != null) {
                        s.add(parse(file, n - 1, pending));
                    }
                    if (r.cut()) {
                        throw new IOException(name(file) + ":" + n + ": a line of " + r.length()
                                + " characters (expected: at most " + ReportReader.MAX_LINE_CHARS + ")");
                    }
                    pending = line.isBlank() ? null : line;
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
            }
            return s;
        }
        if (size > MAX_SUMMARY_BYTES) {
            throw new IOException(name(file) + ": " + size + " bytes, not JSON lines of tlsweep/1 reports (expected: "
                    + "a " + Summary.SCHEMA + " summary of at most " + MAX_SUMMARY_BYTES + " bytes)");
        }
        byte[] bytes = InputFiles.read(file, "a " + Summary.SCHEMA + " summary file", MAX_SUMMARY_BYTES);
        try {
            return Summary.fromJson(JSON.readTree(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(name(file) + ": neither JSON lines of tlsweep/1 reports nor a valid "
                    + Summary.SCHEMA + " summary (" + Printable.cut(String.valueOf(e.getMessage()), 300) + ")", e);
        }
    }

    private static boolean isReport(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() && n.path("schema").asText().startsWith("tlsweep/");
        } catch (IOException e) {
            return false;
        }
    }

    private static EndpointReport parse(Path file, long line, String text) throws IOException {
        try {
            return ReportReader.readLine(text).report();
        } catch (ReportReader.ReportFormatException e) {
            throw new IOException(name(file) + ":" + line + ": not a tlsweep/1 report: "
                    + Printable.cut(String.valueOf(e.getMessage()), 300), e);
        }
    }
}
