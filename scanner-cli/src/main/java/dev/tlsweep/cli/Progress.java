package dev.tlsweep.cli;

import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.input.BoundedLineReader;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.inventory.InventoryReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The live progress line on stderr: lines read (of the total when the inventory is a file, counted
 * in the background), endpoints done and per second, probes (connections) per second, failures and
 * an ETA. Redrawn in place twice a second by a daemon thread; cleared at the end.
 */
final class Progress implements AutoCloseable {

    private static final long PERIOD_MILLIS = 500;

    private final PrintWriter err;
    private final ScanEngine engine;
    private final InventoryReader reader;
    private final LongSupplier done;
    private final LongSupplier failed;
    private final java.util.function.Supplier<java.util.List<String>> waiting;
    private final AtomicLong totalLines = new AtomicLong(-1);
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private final int width = TerminalOptions.width(System.getenv(), true);
    private volatile boolean stopped;

    Progress(PrintWriter err, ScanEngine engine, InventoryReader reader, Path inventory, int argumentLines,
            LongSupplier done, LongSupplier failed, java.util.function.Supplier<java.util.List<String>> waiting) {
        // waiting: the targets still scanned once the whole inventory is read, else none
        this.err = err;
        this.engine = engine;
        this.reader = reader;
        this.done = done;
        this.failed = failed;
        this.waiting = waiting;
        this.thread = new Thread(() -> run(inventory, argumentLines), "tlsweep-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Whether the progress line should be drawn: stderr is a terminal, and reports are not printed to
     * that same terminal (stdout is not a terminal, or they go to a file), where the line would get
     * in their way.
     */
    static boolean wanted(boolean reportsToFile) {
        return isTerminal(2) && (reportsToFile || !isTerminal(1));
    }

    /** Whether a file descriptor of this process is a terminal (Linux: /proc/self/fd). */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fd != 2 && System.console() != null;
        }
    }

    private void run(Path inventory, int argumentLines) {
        // Counted only in a regular file: a second reader of a FIFO would take lines from the scan.
        if (inventory != null && Files.isRegularFile(inventory)) {
            try (BoundedLineReader r = new BoundedLineReader(Files.newBufferedReader(inventory, StandardCharsets.UTF_8),
                    InventoryReader.MAX_LINE_CHARS)) {
                long n = argumentLines;
                while (!stopped && r.readLine() != null) {
                    n++;
                }
                if (!stopped) {
                    totalLines.set(n);
                }
            } catch (IOException | RuntimeException e) {
                // total stays unknown
            }
        }
        long lastDone = 0;
        long lastProbes = 0;
        long lastNanos = System.nanoTime();
        while (!stopped) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long d = done.getAsLong();
            long probes = engine.stats().connectionsOpened();
            double secs = Math.max(1e-3, (now - lastNanos) / 1e9);
            String line = line(d, (d - lastDone) / secs, (probes - lastProbes) / secs, now);
            lastDone = d;
            lastProbes = probes;
            lastNanos = now;
            if (line.length() >= width) {
                // a line longer than the terminal would wrap, and the next redraw would not cover it
                line = line.substring(0, Math.max(1, width - 4)) + "...";
            }
            synchronized (err) {
                if (!stopped) {
                    err.print("\r" + line + "\u001B[K");
                    err.flush();
                }
            }
        }
    }

    private String line(long d, double endpointsPerSecond, double probesPerSecond, long now) {
        long read = reader.linesRead();
        long total = totalLines.get();
        StringBuilder b = new StringBuilder();
        b.append(d).append(" endpoints done");
        if (total > 0) {
            b.append(String.format(", line %d/%d (%.1f%%)", read, total, 100.0 * read / total));
        } else {
            b.append(", line ").append(read);
        }
        b.append(String.format(", %.0f endpoints/s, %.0f probes/s, %d failed", endpointsPerSecond, probesPerSecond,
                failed.getAsLong()));
        java.util.List<String> left = waiting.get();
        if (!left.isEmpty()) {
            // Everything is read: the ETA would sit at 0:00:00 while the slowest endpoints finish. Name them.
            b.append(waitingFor(left));
        } else if (total > 0 && read > 0) {
            double elapsed = (now - startNanos) / 1e9;
            long eta = Math.round(elapsed * (total - read) / read);
            b.append(String.format(", ETA %d:%02d:%02d", eta / 3600, eta / 60 % 60, eta % 60));
        }
        return b.toString();
    }

    /** {@code , waiting for a.example, b.example}: up to three targets by name, else how many and the oldest. */
    static String waitingFor(java.util.List<String> left) {
        return ", waiting for " + (left.size() <= 3 ? String.join(", ", left.stream().map(t -> Printable.cut(t, 60))
                .toList()) : left.size() + " endpoints (" + Printable.cut(left.get(0), 60) + ", ...)");
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        synchronized (err) {
            err.print("\r\u001B[K");
            err.flush();
        }
    }
}
