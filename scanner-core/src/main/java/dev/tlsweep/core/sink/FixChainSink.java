package dev.tlsweep.core.sink;

import dev.tlsweep.core.chain.FullChainWriter;
import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Writes {@code DIR/<name>_<port>_<key type>/fullchain.pem} for every chain that can be completed, where the
 * name is the SNI sent (else the host), in lower case: two names served on one address get a folder each. A
 * name already written in this run (the same target on two lines, several addresses of one name) gets the
 * address, then a number, appended, so that no chain of a run overwrites another. Says on {@code log} what it
 * wrote and, for every endpoint or chain it could not fix, why not. A chain that cannot be written is said at
 * once and makes {@link #finish()} fail, so the run does not end as if all were written.
 */
public final class FixChainSink implements ReportSink {

    private final Path dir;
    private final PrintWriter log;
    private final Set<String> used = new HashSet<>();
    private int failures;
    private String firstFailure;

    public FixChainSink(Path dir, PrintWriter log) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void accept(InventoryEntry entry, List<EndpointReport> reports) {
        for (EndpointReport r : reports) {
            write(r);
        }
    }

    @Override
    public void finish() throws IOException {
        if (failures > 0) {
            throw new IOException("--fix-chain " + Printable.cut(dir.toString(), 300) + ": " + failures
                    + (failures == 1 ? " fixed chain" : " fixed chains") + " could not be written (first: "
                    + firstFailure + ")");
        }
    }

    private void write(EndpointReport r) {
        String target = Printable.quote(r.target());
        if (r.chains().isEmpty()) {
            say("tlsweep: --fix-chain: nothing written for " + target + ": " + (!r.status().scanned()
                    && r.status() != ScanStatus.INCOMPLETE
                    ? "not scanned (" + r.status().label() + ")"
                    : "no certificate chain was captured" + (r.served().note() == null ? ""
                            : " (" + Printable.cut(r.served().note(), 200) + ")")));
            return;
        }
        for (int i = 0; i < r.chains().size(); i++) {
            ChainReport chain = r.chains().get(i);
            String keyType = i < r.served().chains().size()
                    ? r.served().chains().get(i).keyType().toLowerCase(Locale.ROOT) : "chain" + (i + 1);
            if (chain.fixedChain() == null) {
                say("tlsweep: --fix-chain: nothing written for " + target + " (" + Printable.of(keyType) + "): no path "
                        + "to a trusted root could be built (OpenSSL: " + chain.openssl().code() + " "
                        + Printable.cut(chain.openssl().text(), 100) + "): an intermediate neither served, given with "
                        + "--intermediates nor found through AIA, or a root that --ca-file does not give");
                continue;
            }
            String name = unique(r, keyType);
            try {
                Path written = FullChainWriter.write(dir, name, chain);
                say("tlsweep: wrote " + Printable.cut(written.toString(), 300) + " for " + target);
            } catch (IOException | RuntimeException e) {
                String reason = reason(e);
                failures++;
                if (firstFailure == null) {
                    firstFailure = reason;
                }
                say("tlsweep: cannot write the fixed chain of " + target + " under " + Printable.cut(dir.toString(),
                        300) + ": " + reason);
            }
        }
    }

    /** {@code <sni or host>_<port>_<key type>}, made unique within the run. */
    private String unique(EndpointReport r, String keyType) {
        // Cut so that the suffixes below always fit in FullChainWriter's longest name.
        String host = (r.sni() != null ? r.sni() : r.host()).toLowerCase(Locale.ROOT);
        String base = FullChainWriter.safeName(cut(host, 80) + "_" + r.port() + "_" + cut(keyType, 10));
        String name = base;
        if (used.contains(name) && r.ip() != null && !r.ip().equals(r.host())) {
            name = FullChainWriter.safeName(cut(host, 50) + "_" + r.port() + "_" + cut(keyType, 10) + "_"
                    + cut(r.ip(), 45));
        }
        for (int n = 2; used.contains(name); n++) {
            name = base + "_" + n;
        }
        used.add(name);
        return name;
    }

    /** The file and what went wrong, in words (a FileAlreadyExistsException has none of its own). */
    private static String reason(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String why = f.getReason() != null ? f.getReason()
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name is in the way"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getClass().getSimpleName();
            return Printable.cut(String.valueOf(f.getFile()), 300) + ": " + why;
        }
        return Printable.cut(String.valueOf(e.getMessage()), 300);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private void say(String line) {
        synchronized (log) {
            log.println(line);
            log.flush();
        }
    }
}
