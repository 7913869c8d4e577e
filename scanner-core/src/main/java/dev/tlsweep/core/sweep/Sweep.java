package dev.tlsweep.core.sweep;

import dev.tlsweep.core.engine.ScanEngine;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.inventory.Target;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.scan.Scanner;
import dev.tlsweep.core.sink.ReportSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Streams an inventory through a {@link Scanner}: reads a target, starts its scan, hands its reports
 * to a {@link ReportSink} as soon as they are all done, with at most {@link
 * SweepOptions#maxEndpointsInFlight()} targets between being read and being written.
 *
 * <p>Two threads: a reader thread pulls the next target only once a permit is free; the calling
 * thread writes. A permit is returned when its target's reports have been written, so a slow sink
 * stops the reading and neither the queue of finished reports nor the scans in progress grow past
 * the bound. The engine's limits (connections, per endpoint, per IP, rate) apply beneath.
 *
 * <p>With {@link SweepOptions#quic()}, an HTTPS target's UDP side is scanned beside it under the same permit, and
 * both reports are written together.
 *
 * <p>With {@link SweepOptions#allAddresses()}, every address of a name takes a permit of its own: the
 * name's first address is scanned under the permit its line took, and each further one once it gets a
 * permit — given back permits go to such addresses before new lines are read, and a name whose addresses
 * wait scans them one after the other under the permits it holds, so a name with many addresses never
 * waits on itself.
 */
public final class Sweep {

    private static final Object END = new Object();

    private final ScanEngine engine;
    private final Scanner scanner;
    private final SweepOptions options;

    public Sweep(ScanEngine engine, Scanner scanner, SweepOptions options) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** What a sweep did. */
    public record Result(long targets, long skipped, long reports) {
    }

    /**
     * Scans every entry that {@code skip} does not reject and hands the reports to {@code sink},
     * in order of completion. Returns when every started target has been written and the sink finished
     * ({@link ReportSink#finish()}).
     *
     * @param skip entries already done (a resumed run); their scans are not started
     * @throws IOException the first failure of the sink; the sweep stops reading then
     */
    public Result run(Iterator<InventoryEntry> entries, Predicate<InventoryEntry> skip, ReportSink sink)
            throws IOException, InterruptedException {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(skip, "skip");
        Objects.requireNonNull(sink, "sink");
        Semaphore permits = new Semaphore(options.maxEndpointsInFlight());
        LinkedBlockingQueue<Object> done = new LinkedBlockingQueue<>();
        long[] counts = new long[2]; // started, skipped: written by the reader, read after join
        Throwable[] readFailure = new Throwable[1];
        Thread reader = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    permits.acquire();
                    if (!entries.hasNext()) {
                        permits.release();
                        break;
                    }
                    InventoryEntry e = entries.next();
                    if (skip.test(e)) {
                        counts[1]++;
                        permits.release();
                        continue;
                    }
                    counts[0]++;
                    scanEntry(e, permits).whenComplete((held, failure) -> done.add(new Done(e,
                            held == null ? null : held.reports(), failure, held == null ? 1 : held.permits())));
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error t) {
                readFailure[0] = t;
            } finally {
                done.add(END);
            }
        }, "tlsweep-inventory");
        reader.setDaemon(true);
        reader.start();
        long written = 0;
        long reports = 0;
        boolean readerDone = false;
        try {
            while (true) {
                Object item = done.poll(1, TimeUnit.SECONDS);
                if (item == null) {
                    continue;
                }
                if (item == END) {
                    readerDone = true;
                } else {
                    Done d = (Done) item;
                    if (d.failure != null) {
                        // The scanner's futures never fail: this is a bug, not a network condition.
                        throw new IllegalStateException("scan of " + d.entry.target().input() + " failed", d.failure);
                    }
                    sink.accept(d.entry, d.reports);
                    written++;
                    reports += d.reports.size();
                    give(permits, d.permits);
                }
                if (readerDone) {
                    reader.join();
                    if (written == counts[0]) {
                        break;
                    }
                }
            }
        } finally {
            if (!readerDone || reader.isAlive()) {
                reader.interrupt();
            }
        }
        if (readFailure[0] instanceof UncheckedIOException u) {
            throw u.getCause();
        }
        if (readFailure[0] instanceof RuntimeException r) {
            throw r;
        }
        if (readFailure[0] instanceof Error err) {
            throw err;
        }
        sink.finish();
        return new Result(counts[0], counts[1], reports);
    }

    private record Done(InventoryEntry entry, List<EndpointReport> reports, Throwable failure, int permits) {
    }

    /** A line's reports and the permits it held. */
    private record Held(List<EndpointReport> reports, int permits) {
    }

    /** Names with addresses waiting for a permit, served before the reader gets given-back permits. */
    private final ConcurrentLinkedQueue<Fanout> hungry = new ConcurrentLinkedQueue<>();

    /** Gives {@code n} permits back: to a name with an address waiting first, else to the reader. */
    private void give(Semaphore permits, int n) {
        for (int i = 0; i < n; i++) {
            boolean taken = false;
            for (Fanout f; !taken && (f = hungry.poll()) != null;) {
                taken = f.takePermit();
            }
            if (!taken) {
                permits.release();
            }
        }
    }

    private CompletableFuture<Held> scanEntry(InventoryEntry e, Semaphore permits) {
        Target t = e.target();
        CompletableFuture<Held> tcp = scanTcp(e, permits);
        if (!options.quic() || !t.https()) {
            return tcp;
        }
        // --quic: the UDP side of the same endpoint, under the same permit, written with the TCP side
        CompletableFuture<EndpointReport> udp;
        try {
            udp = scanner.scan(t.overQuic());
        } catch (RuntimeException failure) {
            udp = CompletableFuture.failedFuture(failure);
        }
        return tcp.thenCombine(udp, (held, quic) -> {
            List<EndpointReport> all = new java.util.ArrayList<>(held.reports());
            all.add(quic);
            return new Held(all, held.permits());
        });
    }

    private CompletableFuture<Held> scanTcp(InventoryEntry e, Semaphore permits) {
        Target t = e.target();
        if (!options.allAddresses() || t.hostIsIp()) {
            return scanner.scan(t).thenApply(r -> new Held(List.of(r), 1));
        }
        return engine.resolve(t.host()).handle((addresses, failure) -> {
            if (failure != null || addresses == null || addresses.isEmpty()) {
                // The scanner turns the same failure into a dns-error report.
                return scanner.scan(t).thenApply(r -> new Held(List.of(r), 1));
            }
            Fanout f = new Fanout(t, addresses);
            f.start(permits);
            return f.result;
        }).thenCompose(f -> f);
    }

    /** The scans of every address of one name, each under a permit; thread-safe. */
    private final class Fanout {
        private final Target target;
        private final List<InetAddress> addresses;
        private final EndpointReport[] reports;
        private final CompletableFuture<Held> result = new CompletableFuture<>();
        private int next;
        private int finished;
        private int held = 1;

        Fanout(Target target, List<InetAddress> addresses) {
            this.target = target;
            this.addresses = List.copyOf(addresses);
            this.reports = new EndpointReport[addresses.size()];
        }

        /** Scans the first address under the line's permit, and as many others as free permits allow now. */
        void start(Semaphore permits) {
            startNext();
            while (waiting() && permits.tryAcquire()) {
                synchronized (this) {
                    held++;
                }
                startNext();
            }
            if (waiting()) {
                hungry.add(this);
            }
        }

        /** Takes a given-back permit for a waiting address; false when none waits any more. */
        boolean takePermit() {
            synchronized (this) {
                if (next >= addresses.size()) {
                    return false;
                }
                held++;
            }
            startNext();
            if (waiting()) {
                hungry.add(this);
            }
            return true;
        }

        private synchronized boolean waiting() {
            return next < addresses.size();
        }

        private void startNext() {
            int i;
            synchronized (this) {
                if (next >= addresses.size()) {
                    return;
                }
                i = next++;
            }
            CompletableFuture<EndpointReport> scan;
            try {
                scan = scanner.scan(target, addresses.get(i));
            } catch (RuntimeException e) {
                scan = CompletableFuture.failedFuture(e);
            }
            scan.whenComplete((report, failure) -> ended(i, report, failure));
        }

        /** One address is done: its permit goes to the next address of the name, if one waits. */
        private void ended(int i, EndpointReport report, Throwable failure) {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            boolean all;
            int permits;
            synchronized (this) {
                reports[i] = report;
                finished++;
                all = finished == addresses.size();
                permits = held;
            }
            if (all) {
                result.complete(new Held(List.of(reports), permits));
            } else {
                startNext();
            }
        }
    }
}
