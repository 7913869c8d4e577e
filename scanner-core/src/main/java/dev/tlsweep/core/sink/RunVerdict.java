package dev.tlsweep.core.sink;

import dev.tlsweep.core.inventory.InventoryEntry;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.FindingCode;
import dev.tlsweep.core.report.Severity;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exit code of a run, the one place it is computed: from the report records of this run and, with
 * {@code --resume}, of the earlier run read back, so that both give the same code for the same reports.
 * An endpoint not scanned to the end (any status but {@code ok}, {@code incomplete} included) or a
 * malformed inventory line gives {@link ExitCode#UNSCANNED}; else a policy it does not comply with gives
 * {@link ExitCode#NONCOMPLIANT}, and so does, with {@code --fail-on SEVERITY}, a finding at or above that severity;
 * else an expired certificate or one within the critical threshold gives {@link ExitCode#EXPIRING}. Thread-safe.
 */
public final class RunVerdict implements ReportSink {

    private final Severity failOn;
    private final AtomicLong failing = new AtomicLong();

    /** A verdict without {@code --fail-on}. */
    public RunVerdict() {
        this(null);
    }

    /** A verdict that fails (exit code 4) on a finding at or above {@code failOn}; {@code null}: never. */
    public RunVerdict(Severity failOn) {
        this.failOn = failOn;
    }

    private final AtomicLong unscanned = new AtomicLong();
    private final AtomicLong nonCompliant = new AtomicLong();
    private final AtomicLong expiring = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    @Override
    public void accept(InventoryEntry entry, List<EndpointReport> reports) {
        reports.forEach(this::add);
    }

    /** Counts one report. */
    public void add(EndpointReport r) {
        if (!r.status().scanned()) {
            unscanned.incrementAndGet();
        }
        if (r.policy() != null && r.policy().anyNonCompliant()) {
            nonCompliant.incrementAndGet();
        }
        if (expiresCritically(r)) {
            expiring.incrementAndGet();
        }
        if (failOn != null && r.findings().stream().anyMatch(f -> f.severity().compareTo(failOn) >= 0)) {
            failing.incrementAndGet();
        }
    }

    /** Endpoints with a finding at or above {@code --fail-on}. */
    public long failing() {
        return failing.get();
    }

    /** Counts malformed inventory lines. */
    public void malformedLines(long n) {
        malformed.addAndGet(n);
    }

    /** Whether a served certificate has expired or is within the critical expiry threshold. */
    public static boolean expiresCritically(EndpointReport r) {
        return r.has(FindingCode.CERT_EXPIRED.code())
                || r.has(FindingCode.CERT_EXPIRES_SOON.code(), Severity.HIGH);
    }

    /** Endpoints that were not scanned to the end. */
    public long unscanned() {
        return unscanned.get();
    }

    /** The exit code for what was counted. */
    public ExitCode exitCode() {
        if (unscanned.get() > 0 || malformed.get() > 0) {
            return ExitCode.UNSCANNED;
        }
        if (nonCompliant.get() > 0 || failing.get() > 0) {
            return ExitCode.NONCOMPLIANT;
        }
        return expiring.get() > 0 ? ExitCode.EXPIRING : ExitCode.OK;
    }
}
