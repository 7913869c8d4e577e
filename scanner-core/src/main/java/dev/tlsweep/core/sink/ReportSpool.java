package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportFiles;
import dev.tlsweep.core.report.ReportSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The reports of a run kept on disk, not in memory, for the outputs written at its end (HTML, SARIF, JUnit, CSV)
 * when the run writes no JSON-lines file of its own: a temporary file of JSON lines in a given directory, read
 * back through {@link ReportFiles} as often as an output needs, deleted at {@link #close()}.
 */
public final class ReportSpool implements ReportSink, ReportSource, Closeable {

    private final Path file;
    private final JsonlFile out;
    private final JsonLinesSink lines;

    private ReportSpool(Path file, JsonlFile out) {
        this.file = file;
        this.out = out;
        this.lines = new JsonLinesSink(out);
    }

    /** A spool in {@code dir} (the directory of an output, so that it is on a disk meant for the run's files). */
    public static ReportSpool in(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Path f = Files.createTempFile(dir, ".tlsweep-spool-", ".jsonl");
        try {
            return new ReportSpool(f, JsonlFile.open(f, false, Duration.ofDays(365)));
        } catch (IOException e) {
            Files.deleteIfExists(f);
            throw e;
        }
    }

    @Override
    public void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException {
        lines.accept(entry, reports);
    }

    @Override
    public void forEach(Each each) throws IOException {
        ReportFiles.read(file, (line, n) -> each.accept(line.report(), line.line()));
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
