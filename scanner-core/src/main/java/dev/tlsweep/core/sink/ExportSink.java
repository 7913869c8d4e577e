package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.AtomicFile;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ReportSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outputs of a whole run written at its end ({@code --html}, {@code --csv}, {@code --sarif}, {@code --junit}):
 * each rendered from the run's reports (a {@link ReportSource}: the {@code -o} file, or a {@link ReportSpool}
 * this sink feeds) and written atomically, so that a CI step or a web server never reads half a file. A file
 * that cannot be written is named, and the others are still written.
 */
public final class ExportSink implements ReportSink {

    /** Renders a whole run to a character stream. */
    @FunctionalInterface
    public interface Renderer {
        void render(ReportSource reports, Writer out) throws IOException;
    }

    /**
     * One output.
     *
     * @param option   the command-line option that asked for it, for messages ({@code --html})
     * @param file     where it goes
     * @param renderer what writes it
     */
    public record Export(String option, Path file, Renderer renderer) {

        public Export {
            Objects.requireNonNull(option, "option");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(renderer, "renderer");
        }
    }

    private final List<Export> exports;
    private final ReportSource source;
    private final ReportSink feed;

    /**
     * @param source where the reports are read back from at the end
     * @param feed   what this sink hands each report to during the run (the spool behind {@code source}), or
     *               {@code null} when {@code source} is filled by another sink (the {@code -o} file)
     */
    public ExportSink(List<Export> exports, ReportSource source, ReportSink feed) {
        this.exports = List.copyOf(exports);
        this.source = Objects.requireNonNull(source, "source");
        this.feed = feed;
    }

    @Override
    public void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException {
        if (feed != null) {
            feed.accept(entry, reports);
        }
    }

    @Override
    public void finish() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (Export e : exports) {
            try {
                AtomicFile.write(e.file(), out -> {
                    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
                    e.renderer().render(source, w);
                    w.flush();
                });
            } catch (IOException | RuntimeException x) {
                failures.add(new IOException("cannot write " + e.option() + " " + e.file() + ": " + x.getMessage(), x));
            }
        }
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
