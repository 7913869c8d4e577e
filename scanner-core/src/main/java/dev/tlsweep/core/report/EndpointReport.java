package dev.tlsweep.core.report;

import dev.tlsweep.core.chain.ChainReport;
import dev.tlsweep.core.policy.PolicyResults;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything tlsweep learned about one endpoint. Immutable; written as one JSON line by
 * {@link ReportJson}.
 *
 * @param target     the target as the user gave it
 * @param host       the host name or IP literal
 * @param port       the TCP port
 * @param ip         the address scanned, or {@code null} if resolution failed
 * @param sni        the server name sent, or {@code null}
 * @param status     how the scan ended
 * @param error      what went wrong when the status is not {@link ScanStatus#OK}, else {@code null}
 * @param protocols  one entry per protocol version probed, oldest first
 * @param findings   problems and notable facts, most severe first
 * @param served     the certificate chains the endpoint served, as served ({@link CertificateCapture#NONE}
 *                   when the scan ended before the capture or it was switched off)
 * @param chains     the analysis of each served chain, in the order of {@code served.chains()}; empty when
 *                   nothing was captured or analysis was switched off
 * @param startedAt  when the scan of this endpoint began
 * @param durationMillis how long it took
 * @param hellosSent how many ClientHellos (connections) the scan used
 * @param policy     policy checks, policy matching and client simulation, or {@code null} when none was asked for
 */
public record EndpointReport(String target, String host, int port, String ip, String sni, ScanStatus status,
        String error, List<ProtocolReport> protocols, List<Finding> findings, CertificateCapture served,
        List<ChainReport> chains, Instant startedAt, long durationMillis, int hellosSent, PolicyResults policy) {

    /** The version of the JSON form, written as {@code "schema"}. */
    public static final String SCHEMA = "tlsweep/1";

    public EndpointReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        protocols = List.copyOf(protocols);
        findings = List.copyOf(findings);
        Objects.requireNonNull(served, "served");
        chains = List.copyOf(chains);
    }

    /**
     * The report of an endpoint that could not be scanned: a status other than OK, what went wrong, and
     * nothing else.
     */
    public static EndpointReport unscanned(String target, String host, int port, String ip, String sni,
            ScanStatus status, String error, Instant startedAt, long durationMillis, int hellosSent) {
        return new EndpointReport(target, host, port, ip, sni, status, error, List.of(), List.of(),
                CertificateCapture.NONE, List.of(), startedAt, durationMillis, hellosSent, null);
    }

    /** A report without policy results. */
    public EndpointReport(String target, String host, int port, String ip, String sni, ScanStatus status,
            String error, List<ProtocolReport> protocols, List<Finding> findings, CertificateCapture served,
            List<ChainReport> chains, Instant startedAt, long durationMillis, int hellosSent) {
        this(target, host, port, ip, sni, status, error, protocols, findings, served, chains, startedAt,
                durationMillis, hellosSent, null);
    }

    /**
     * This report with policy results, their findings merged into the findings (most severe first)
     * and their hellos counted.
     */
    public EndpointReport withPolicy(PolicyResults results, List<Finding> policyFindings, int extraHellos) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(policyFindings);
        all.sort(Comparator.comparing(Finding::severity).reversed());
        return new EndpointReport(target, host, port, ip, sni, status, error, protocols, all, served, chains,
                startedAt, durationMillis, hellosSent + extraHellos, results);
    }
}
