package dev.tlsweep.core.sink;

import dev.tlsweep.core.chain.FullChainWriter;
import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.EndpointReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes {@code DIR/<host>_<port>/fullchain.pem} (with several chains, one per key type) for every
 * endpoint whose chain can be completed, and says so on {@code log}.
 */
public final class FixChainSink implements ReportSink {

    private final Path dir;
    private final PrintWriter log;

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

    private void write(EndpointReport r) {
        for (int i = 0; i < r.chains().size(); i++) {
            ChainReport chain = r.chains().get(i);
            if (chain.fixedChain() == null) {
                continue;
            }
            String name = r.host() + "_" + r.port() + (r.chains().size() > 1
                    ? "_" + r.served().chains().get(i).keyType().toLowerCase(Locale.ROOT) : "");
            try {
                Path written = FullChainWriter.write(dir, name, chain);
                synchronized (log) {
                    log.println("tlsweep: wrote " + written);
                }
            } catch (IOException e) {
                synchronized (log) {
                    log.println("tlsweep: cannot write the fixed chain of " + r.target() + " under " + dir + ": "
                            + e.getMessage());
                }
            }
        }
    }
}
