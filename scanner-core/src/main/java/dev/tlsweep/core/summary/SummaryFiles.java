package dev.tlsweep.core.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what {@code tlsweep summarize} is given: a JSON-lines file of reports (summarised line by
 * line, streaming) or a summary file ({@value Summary#SCHEMA}).
 */
public final class SummaryFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SummaryFiles() {
    }

    /**
     * The summary of one file. A file whose first non-blank line is a whole JSON object with schema
     * {@code tlsweep/1} is read as reports, one per line (a torn last line is ignored); anything
     * else is read as one summary object.
     *
     * @throws IOException when the file cannot be read or is neither form
     */
    public static Summary read(Path file) throws IOException {
        try {
            return readFile(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(m.startsWith(file.toString()) ? m : file + ": " + m, e);
        }
    }

    private static Summary readFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory (expected: a JSON-lines or summary file)");
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    /** The longest summary file read (a summary's error reasons are bounded; reports are streamed). */
    public static final int MAX_SUMMARY_CHARS = 16 * 1024 * 1024;

    /**
     * The summary of what {@code in} holds, read once (standard input works): reports line by line, or one
     * summary object; {@code name} names the input in errors.
     *
     * @throws IOException when it cannot be read or is neither form, naming {@code name}
     */
    public static Summary read(BufferedReader in, String name) throws IOException {
        String first;
        long n = 0;
        do {
            first = in.readLine();
            n++;
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
            text.append(line).append('\n');
            if (text.length() > MAX_SUMMARY_CHARS) {
                throw new IOException(name + ": more than " + MAX_SUMMARY_CHARS + " characters and not JSON lines of"
                        + " tlsweep/1 reports (expected: a report file or a " + Summary.SCHEMA + " summary)");
            }
        }
        try {
            return Summary.fromJson(JSON.readTree(text.toString()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(name + ": neither JSON lines of tlsweep/1 reports nor a "
                    + Summary.SCHEMA + " summary (" + e.getMessage() + ")", e);
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

    private static EndpointReport parse(String file, long line, String text) throws IOException {
        try {
            return ReportReader.readLine(text).report();
        } catch (ReportReader.ReportFormatException e) {
            throw new IOException(file + ":" + line + ": not a tlsweep/1 report: " + e.getMessage(), e);
        }
    }
}
