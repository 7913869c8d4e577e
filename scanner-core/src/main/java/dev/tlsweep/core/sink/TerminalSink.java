package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.render.TerminalReport;
import dev.tlsweep.core.report.EndpointReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/** Reports rendered for a terminal ({@link TerminalReport}), one after the other. */
public final class TerminalSink implements ReportSink {

    private final PrintWriter out;
    private final TerminalReport renderer;
    private final Object lock;

    /**
     * @param lock held while a report is printed, so that messages on another stream of the same terminal
     *             (progress, skipped lines) do not cut through it
     */
    public TerminalSink(PrintWriter out, TerminalReport renderer, Object lock) {
        this.out = Objects.requireNonNull(out, "out");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    @Override
    public void accept(InventoryEntry entry, List<EndpointReport> reports) throws IOException {
        synchronized (lock) {
            reports.forEach(r -> renderer.render(r, out));
            out.flush();
        }
        if (out.checkError()) {
            throw new IOException("cannot write to standard output");
        }
    }
}
