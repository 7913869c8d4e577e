package dev.tlsweep.core.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reports that can be read more than once, one at a time: what the renderings of a whole sweep (HTML, SARIF,
 * JUnit, CSV) read, in a first pass for what they write up front and a second for the rest, so that a sweep is
 * never held in memory as records. From files ({@link #files}), a list, or a sweep's spool.
 */
@FunctionalInterface
public interface ReportSource {

    /** Takes one report and the inventory line it came from, when known. */
    @FunctionalInterface
    interface Each {
        void accept(EndpointReport report, OptionalLong line) throws IOException;
    }

    /** Hands every report to {@code each}, in order; may be called again and gives the same reports. */
    void forEach(Each each) throws IOException;

    /** These reports, without inventory lines. */
    static ReportSource of(List<EndpointReport> reports) {
        List<EndpointReport> copy = List.copyOf(reports);
        return each -> {
            for (EndpointReport r : copy) {
                each.accept(r, OptionalLong.empty());
            }
        };
    }

    /** The reports of these JSON-lines files, in order, read through {@link ReportFiles} on every pass. */
    static ReportSource files(List<Path> files) {
        List<Path> copy = List.copyOf(files);
        copy.forEach(f -> Objects.requireNonNull(f, "files element"));
        return each -> {
            for (Path f : copy) {
                ReportFiles.read(f, (line, n) -> each.accept(line.report(), line.line()));
            }
        };
    }
}
