package dev.tlsweep.core.report;

import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.reach.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Everything tlsweep learned about one endpoint. Immutable; written as one JSON line by
 * {@link ReportJson}, read back by {@link ReportReader}.
 *
 * @param target     the target as the user gave it
 * @param host       the host name or IP literal
 * @param port       the TCP port
 * @param ip         the address scanned, or {@code null} if resolution failed
 * @param sni        the server name sent, or {@code null}
 * @param status     how the scan ended
 * @param error      what went wrong when the status is not {@link ScanStatus#OK}, else {@code null}
 * @param protocols  one entry per protocol version probed, oldest first
 * @param served     the certificate chains the endpoint served, as served ({@link CertificateCapture#NONE}
 *                   when the scan ended before the capture or it was switched off)
 * @param chains     the analysis of each served chain, in the order of {@code served.chains()}; empty when
 *                   nothing was captured or analysis was switched off
 * @param clients    the simulated clients ({@code --simulate-clients}), empty when not asked for
 * @param policy     policy checks and the nearest load-balancer policy, or {@code null} when none was asked for
 * @param checks     the handshake-behaviour and vulnerability checks ({@link Checks#NONE} when none ran)
 * @param findings   problems and notable facts, most severe first
 * @param startedAt  when the scan of this endpoint began
 * @param durationMillis how long it took
 * @param hellosSent how many ClientHellos (connections) the scan used
 * @param provenance what made this report (tlsweep's version and commit, the options that change results, the
 *                   trust store), or {@code null} when not recorded (reports of older versions, library use)
 * @param transport  what carried TLS: {@link Transport#TCP} (also for reports that predate the member)
 * @param starttls   the plaintext upgrade that led to TLS ({@code smtp}, {@code imap}, ...), or {@code null} when TLS
 *                   started with the first byte
 * @param quic       what the QUIC probe learned (versions, Retry, ALPN, transport parameters) when {@code transport} is
 *                   QUIC, else {@code null}
 * @param discovery  what an HTTPS endpoint announces of HTTP/3 and ECH (Alt-Svc, the DNS HTTPS record), or {@code
 *                   null} when not looked for
 */
public record EndpointReport(String target, String host, int port, String ip, String sni, ScanStatus status,
        String error, List<ProtocolReport> protocols, CertificateCapture served, List<ChainReport> chains,
        List<ClientResult> clients, PolicyResults policy, Checks checks, List<Finding> findings, Instant startedAt,
        long durationMillis, int hellosSent, Provenance provenance, Transport transport, Starttls starttls,
        QuicReport quic, Discovery discovery) {

    /** The version of the JSON form, written as {@code "schema"}. */
    public static final String SCHEMA = "tlsweep/1";

    /** Orders findings most severe first; the sort is stable, so equal severities keep their order. */
    public static final Comparator<Finding> MOST_SEVERE_FIRST = Comparator.comparing(Finding::severity).reversed();

    public EndpointReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(served, "served");
        chains = List.copyOf(chains);
        clients = List.copyOf(clients);
        Objects.requireNonNull(checks, "checks");
        findings = List.copyOf(findings);
        Objects.requireNonNull(transport, "transport");
    }

    /**
     * The report of an endpoint that could not be scanned: a status other than OK, what went wrong, and
     * nothing else.
     */
    public static EndpointReport unscanned(String target, String host, int port, String ip, String sni,
            ScanStatus status, String error, Instant startedAt, long durationMillis, int hellosSent) {
        return new EndpointReport(target, host, port, ip, sni, status, error, List.of(), CertificateCapture.NONE,
                List.of(), List.of(), null, Checks.NONE, List.of(), startedAt, durationMillis, hellosSent, null,
                Transport.TCP, null, null, null);
    }

    /** A builder with every field of this report. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder for the report of {@code target}. */
    public static Builder builder(String target, String host, int port) {
        return new Builder(target, host, port);
    }

    /** This report with more findings, merged into the findings most severe first. */
    public EndpointReport withFindings(List<Finding> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(more);
        all.sort(MOST_SEVERE_FIRST);
        return toBuilder().findings(all).build();
    }

    /** Whether the report has a finding with this code. */
    public boolean has(String code) {
        return findings.stream().anyMatch(f -> f.code().equals(code));
    }

    /** Whether the report has a finding with this code at or above {@code atLeast}. */
    public boolean has(String code, Severity atLeast) {
        return findings.stream().anyMatch(f -> f.code().equals(code) && f.severity().compareTo(atLeast) >= 0);
    }

    /** The leaf of every analysed chain (one per key type), in the order of {@link #chains()}. */
    public List<CertificateInfo> leaves() {
        List<CertificateInfo> out = new ArrayList<>();
        for (ChainReport c : chains) {
            CertificateInfo leaf = c.leaf();
            if (leaf != null) {
                out.add(leaf);
            }
        }
        return out;
    }

    /**
     * The earliest notAfter over every certificate served in every chain (like blackbox_exporter's
     * {@code probe_ssl_earliest_cert_expiry}), or empty when no certificate was analysed.
     */
    public Optional<Instant> earliestExpiry() {
        Instant earliest = null;
        for (ChainReport c : chains) {
            for (CertificateInfo i : c.served()) {
                earliest = earliest == null || i.notAfter().isBefore(earliest) ? i.notAfter() : earliest;
            }
        }
        return Optional.ofNullable(earliest);
    }

    /** Whether at least one chain was analysed and {@code test} holds for every one. */
    public boolean everyChain(Predicate<ChainReport> test) {
        return !chains.isEmpty() && chains.stream().allMatch(test);
    }

    /** Builds reports field by field; every list defaults to empty, {@code served} to none. */
    public static final class Builder {
        private String target;
        private String host;
        private int port;
        private String ip;
        private String sni;
        private ScanStatus status = ScanStatus.OK;
        private String error;
        private List<ProtocolReport> protocols = List.of();
        private CertificateCapture served = CertificateCapture.NONE;
        private List<ChainReport> chains = List.of();
        private List<ClientResult> clients = List.of();
        private PolicyResults policy;
        private Checks checks = Checks.NONE;
        private List<Finding> findings = List.of();
        private Instant startedAt = Instant.EPOCH;
        private long durationMillis;
        private int hellosSent;
        private Provenance provenance;
        private Transport transport = Transport.TCP;
        private Starttls starttls;
        private QuicReport quic;
        private Discovery discovery;

        private Builder(String target, String host, int port) {
            this.target = target;
            this.host = host;
            this.port = port;
        }

        private Builder(EndpointReport r) {
            target = r.target;
            host = r.host;
            port = r.port;
            ip = r.ip;
            sni = r.sni;
            status = r.status;
            error = r.error;
            protocols = r.protocols;
            served = r.served;
            chains = r.chains;
            clients = r.clients;
            policy = r.policy;
            checks = r.checks;
            findings = r.findings;
            startedAt = r.startedAt;
            durationMillis = r.durationMillis;
            hellosSent = r.hellosSent;
            provenance = r.provenance;
            transport = r.transport;
            starttls = r.starttls;
            quic = r.quic;
            discovery = r.discovery;
        }

        public Builder target(String value) {
            target = value;
            return this;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder ip(String value) {
            ip = value;
            return this;
        }

        public Builder sni(String value) {
            sni = value;
            return this;
        }

        public Builder status(ScanStatus value) {
            status = value;
            return this;
        }

        public Builder error(String value) {
            error = value;
            return this;
        }

        public Builder protocols(List<ProtocolReport> value) {
            protocols = value;
            return this;
        }

        public Builder served(CertificateCapture value) {
            served = value;
            return this;
        }

        public Builder chains(List<ChainReport> value) {
            chains = value;
            return this;
        }

        public Builder clients(List<ClientResult> value) {
            clients = value;
            return this;
        }

        public Builder policy(PolicyResults value) {
            policy = value;
            return this;
        }

        public Builder checks(Checks value) {
            checks = value;
            return this;
        }

        public Builder findings(List<Finding> value) {
            findings = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder durationMillis(long value) {
            durationMillis = value;
            return this;
        }

        public Builder hellosSent(int value) {
            hellosSent = value;
            return this;
        }

        public Builder provenance(Provenance value) {
            provenance = value;
            return this;
        }

        /** What carried TLS (default {@link Transport#TCP}). */
        public Builder transport(Transport value) {
            transport = value;
            return this;
        }

        /** The plaintext upgrade that led to TLS, or {@code null} (the default) for none. */
        public Builder starttls(Starttls value) {
            starttls = value;
            return this;
        }

        /** What the QUIC probe learned, or {@code null} (the default) for a TCP endpoint. */
        public Builder quic(QuicReport value) {
            quic = value;
            return this;
        }

        /** What the endpoint announces of HTTP/3 and ECH, or {@code null} (the default) when not looked for. */
        public Builder discovery(Discovery value) {
            discovery = value;
            return this;
        }

        public EndpointReport build() {
            return new EndpointReport(target, host, port, ip, sni, status, error, protocols, served, chains, clients,
                    policy, checks, findings, startedAt, durationMillis, hellosSent, provenance, transport, starttls,
                    quic, discovery);
        }
    }
}
