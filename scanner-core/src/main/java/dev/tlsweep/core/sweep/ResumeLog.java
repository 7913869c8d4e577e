package dev.tlsweep.core.sweep;

import dev.tlsweep.core.input.BoundedLineReader;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportReader;
import dev.tlsweep.core.sink.JsonlFile;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The targets an earlier, interrupted run already wrote to its output, for {@code --resume}.
 *
 * <p>{@link #load} first cuts a torn last line (a line without its newline, what a killed writer
 * leaves) off the file, then reads every line's {@code "line"} and {@code "target"}. Entries are
 * remembered as 64-bit hashes of their {@link InventoryEntry#key()} in a sorted array: 8 bytes per
 * reported target, whatever the size of the inventory. (Two different keys sharing a hash would skip
 * a target; with a million entries the odds are about one in ten million.)
 */
public final class ResumeLog {

    private final long[] done;
    private final long truncatedBytes;

    private ResumeLog(long[] done, long truncatedBytes) {
        this.done = done;
        this.truncatedBytes = truncatedBytes;
    }

    /** An empty log: nothing done. */
    public static ResumeLog empty() {
        return new ResumeLog(new long[0], 0);
    }

    /**
     * Reads the output of an earlier run, after cutting a torn last line off it. A missing file is
     * an empty log.
     *
     * @param eachReport receives every complete report line, read back into its record (for the summary and
     *                   the exit code of the whole run)
     * @throws IOException when the file cannot be read, or a complete line is not a report of a sweep
     */
    public static ResumeLog load(Path path, Consumer<EndpointReport> eachReport) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(eachReport, "eachReport");
        if (!Files.exists(path)) {
            return empty();
        }
        try (JsonlFile file = JsonlFile.open(path, true, Duration.ofSeconds(1))) {
            return load(file, eachReport);
        }
    }

    /**
     * Reads the output of an earlier run through the file the resumed run appends to (and holds locked),
     * after cutting a torn last line off it.
     *
     * @param eachReport receives every complete report line, read back into its record
     * @throws IOException when the file cannot be read, or a complete line is not a report of a sweep
     */
    public static ResumeLog load(JsonlFile file, Consumer<EndpointReport> eachReport) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(eachReport, "eachReport");
        String path = Printable.cut(file.path().toString(), 300);
        long cut = file.cutTornLine();
        long[] keys = new long[1024];
        int n = 0;
        long lineNumber = 0;
        BoundedLineReader r = BoundedLineReader.stoppingAtLongLines(new InputStreamReader(file.readFromStart(),
                StandardCharsets.UTF_8), ReportReader.MAX_LINE_CHARS);
        String line;
        while ((line = r.readLine()) != null) {
            lineNumber++;
            if (r.cut()) {
                throw new IOException(path + ":" + lineNumber + ": a line of more than " + ReportReader.MAX_LINE_CHARS
                        + " characters (expected: the output of tlsweep scan -o)");
            }
            if (line.isBlank()) {
                continue;
            }
            ReportReader.Line read;
            try {
                read = ReportReader.readLine(line);
            } catch (ReportReader.ReportFormatException e) {
                throw new IOException(path + ":" + lineNumber + ": " + e.getMessage()
                        + " (expected: the output of tlsweep scan -o)", e);
            }
            if (read.line().isEmpty()) {
                throw new IOException(path + ":" + lineNumber
                        + ": no \"line\" (expected: the output of tlsweep scan -o)");
            }
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
            }
            keys[n++] = hash(read.line().getAsLong() + "\t" + read.report().target());
            eachReport.accept(read.report());
        }
        long[] sorted = Arrays.copyOf(keys, n);
        Arrays.sort(sorted);
        return new ResumeLog(sorted, cut);
    }

    /** Whether the entry was reported by the earlier run. */
    public boolean contains(InventoryEntry entry) {
        return done.length > 0 && Arrays.binarySearch(done, hash(entry.key())) >= 0;
    }

    /** Report lines found (with --all-addresses, several per target). */
    public int size() {
        return done.length;
    }

    /** Bytes of a torn last line that were cut off the file. */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    /** FNV-1a over UTF-8, then the 64-bit finaliser of MurmurHash3 to spread the bits. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
