package dev.tlsweep.core.metrics;

import java.util.List;
import java.util.Objects;

/**
 * The catalogue of every metric tlsweep exports: its name as Prometheus shows it, its type, its labels
 * and its meaning. docs/METRICS.md is this table in prose; the dashboard and alert rules may use only
 * these names (a test checks).
 *
 * <p>Scanner metrics ({@link Scope#SCANNER}) are Micrometer meters bound by {@link ScannerMetrics}; their
 * {@link #meterName()} is the Micrometer name that Micrometer's Prometheus naming turns into
 * {@link #prometheusName()}. Endpoint metrics ({@link Scope#ENDPOINT}) are one set per endpoint, built from
 * the latest {@code EndpointReport} of each by {@link EndpointMetrics}, with the labels of
 * {@link EndpointMetrics#ENDPOINT_LABELS} before their own.
 */
public enum TlsweepMetric {

    // ---- the scanner itself ----
    /** Hellos answered, by the kind of answer ({@code server_hello}, {@code alert}, {@code timeout}, ...). */
    HELLOS(Scope.SCANNER, "tlsweep.hellos", null, "tlsweep_hellos_total", MetricType.COUNTER,
            "ClientHellos answered, by the kind of answer", "answer"),
    /** From handing a hello to the engine to its answer, including queueing and retries. */
    HELLO_DURATION(Scope.SCANNER, "tlsweep.hello.duration", null, "tlsweep_hello_duration_seconds",
            MetricType.HISTOGRAM, "Time from handing a ClientHello to the engine to its answer, queueing and retries included"),
    /** Connections the engine holds open now. */
    CONNECTIONS_IN_FLIGHT(Scope.SCANNER, "tlsweep.connections.in.flight", null, "tlsweep_connections_in_flight",
            MetricType.GAUGE, "Connections open now"),
    /** Exchanges waiting for a connection slot now. */
    CONNECTIONS_QUEUED(Scope.SCANNER, "tlsweep.connections.queued", null, "tlsweep_connections_queued",
            MetricType.GAUGE, "Exchanges waiting for a connection slot"),
    /** Exchanges finished, by the network outcome of their last attempt. */
    CONNECTIONS(Scope.SCANNER, "tlsweep.connections", null, "tlsweep_connections_total", MetricType.COUNTER,
            "Exchanges finished, by the network outcome of their last attempt", "outcome"),
    /** Connection attempts repeated after a timeout or a reset without an answer. */
    RETRIES(Scope.SCANNER, "tlsweep.retries", null, "tlsweep_retries_total", MetricType.COUNTER,
            "Connection attempts repeated after a timeout or a reset without an answer"),
    /** Endpoints whose scan ended, by status. */
    ENDPOINTS(Scope.SCANNER, "tlsweep.endpoints", null, "tlsweep_endpoints_total", MetricType.COUNTER,
            "Endpoints scanned, by status", "status"),
    /** Host names that could not be resolved. */
    DNS_FAILURES(Scope.SCANNER, "tlsweep.dns.failures", null, "tlsweep_dns_failures_total", MetricType.COUNTER,
            "Host names that could not be resolved"),
    /** Intermediate certificates fetched from AIA caIssuers URLs, by result ({@code ok}, {@code error}). */
    AIA_FETCHES(Scope.SCANNER, "tlsweep.aia.fetches", null, "tlsweep_aia_fetches_total", MetricType.COUNTER,
            "Certificates fetched from Authority Information Access URLs, by result", "result"),
    /** Sweeps of the inventory completed by {@code tlsweep serve}. */
    SWEEPS(Scope.SCANNER, "tlsweep.sweeps", null, "tlsweep_sweeps_total", MetricType.COUNTER,
            "Sweeps of the inventory completed"),
    /** When the last sweep completed (NaN before the first). */
    SWEEP_LAST_COMPLETED(Scope.SCANNER, "tlsweep.sweep.last.completed.timestamp", "seconds",
            "tlsweep_sweep_last_completed_timestamp_seconds", MetricType.GAUGE,
            "Unix time the last sweep of the inventory completed (NaN before the first)"),
    /** How long the last sweep took. */
    SWEEP_DURATION(Scope.SCANNER, "tlsweep.sweep.duration", "seconds", "tlsweep_sweep_duration_seconds",
            MetricType.GAUGE, "How long the last sweep of the inventory took"),
    /** The configured time between sweeps. */
    SWEEP_INTERVAL(Scope.SCANNER, "tlsweep.sweep.interval", "seconds", "tlsweep_sweep_interval_seconds",
            MetricType.GAUGE, "The configured time between the starts of two sweeps"),
    /** Targets in the inventory now. */
    INVENTORY_TARGETS(Scope.SCANNER, "tlsweep.inventory.targets", null, "tlsweep_inventory_targets",
            MetricType.GAUGE, "Targets in the inventory"),
    /** Inventory (re)loads, by result ({@code ok}, {@code error}). */
    INVENTORY_LOADS(Scope.SCANNER, "tlsweep.inventory.loads", null, "tlsweep_inventory_loads_total",
            MetricType.COUNTER, "Inventory loads, by result", "result"),
    /**
     * {@code /probe} requests, by result ({@code ok}, {@code bad_request}, {@code unknown_module}, {@code forbidden},
     * {@code too_many}).
     */
    PROBE_REQUESTS(Scope.SCANNER, "tlsweep.probe.requests", null, "tlsweep_probe_requests_total",
            MetricType.COUNTER, "Requests to /probe, by result", "result"),
    /** Connections to the HTTP server of {@code tlsweep serve} open now. */
    HTTP_CONNECTIONS(Scope.SCANNER, "tlsweep.http.connections", null, "tlsweep_http_connections", MetricType.GAUGE,
            "Connections to the HTTP server open now"),
    /**
     * Connections the HTTP server closed before their request was answered, by reason ({@code evicted}: to make
     * room for a newer one; {@code refused}: the server was full of requests being answered; {@code timeout}: the
     * request did not arrive whole in time, or the connection idled too long).
     */
    HTTP_CONNECTIONS_CLOSED(Scope.SCANNER, "tlsweep.http.connections.closed", null,
            "tlsweep_http_connections_closed_total", MetricType.COUNTER,
            "Connections the HTTP server closed without a request to answer, by reason", "reason"),
    /** Times the HTTP server failed to accept a connection (for lack of file descriptors, usually). */
    HTTP_ACCEPT_ERRORS(Scope.SCANNER, "tlsweep.http.accept.errors", null, "tlsweep_http_accept_errors_total",
            MetricType.COUNTER, "Times the HTTP server failed to accept a connection (out of file descriptors)"),
    /** Constant 1 with the version of tlsweep and of the Java runtime (as every exporter's {@code _build_info}). */
    BUILD_INFO(Scope.SCANNER, "tlsweep.build.info", null, "tlsweep_build_info", MetricType.GAUGE,
            "Constant 1, labelled with the version of tlsweep and of the Java runtime", "version", "java_version"),

    // ---- one set per endpoint ----
    /** 1 if the endpoint was scanned to the end (status ok), 0 otherwise; no label that changes with the value. */
    SCAN_SUCCESS(Scope.ENDPOINT, null, null, "tlsweep_scan_success", MetricType.GAUGE,
            "1 if the endpoint was scanned to the end (status ok), 0 if not (status in tlsweep_scan_info)"),
    /** Constant 1 with how the last scan ended and the address scanned. */
    SCAN_INFO(Scope.ENDPOINT, null, null, "tlsweep_scan_info", MetricType.INFO,
            "How the last scan of the endpoint ended (ok, incomplete, refused, timeout, dns-error, not-tls, "
                    + "starttls-refused, starttls-error, starttls-timeout, error), the address scanned, and how TLS was "
                    + "reached (transport tcp or quic; starttls: the upgrade protocol, empty for none)", "status", "ip",
            "transport", "starttls"),
    /** How long the last scan of the endpoint took. */
    SCAN_DURATION(Scope.ENDPOINT, null, null, "tlsweep_scan_duration_seconds", MetricType.GAUGE,
            "How long the last scan of the endpoint took"),
    /** When the last scan of the endpoint started. */
    SCAN_TIMESTAMP(Scope.ENDPOINT, null, null, "tlsweep_scan_timestamp_seconds", MetricType.GAUGE,
            "Unix time the last scan of the endpoint started"),
    /** 1 if the endpoint accepts the version, 0 if it refused it; a version not known either way has no series. */
    PROTOCOL_ACCEPTED(Scope.ENDPOINT, null, null, "tlsweep_protocol_accepted", MetricType.GAUGE,
            "1 if the endpoint accepts the protocol version, 0 if its probes completed and it refused it (a version"
                    + " not probed, or incomplete without a suite found, has no series)", "version"),
    /** Distinct cipher suites accepted at any version. */
    SUITES_ACCEPTED(Scope.ENDPOINT, null, null, "tlsweep_suites_accepted", MetricType.GAUGE,
            "Distinct cipher suites the endpoint accepts at any version"),
    /** Distinct weak suites accepted: NULL, anonymous, export, RC4, DES or 3DES. */
    WEAK_SUITES_ACCEPTED(Scope.ENDPOINT, null, null, "tlsweep_weak_suites_accepted", MetricType.GAUGE,
            "Distinct weak cipher suites the endpoint accepts (NULL, anonymous, export, RC4, DES, 3DES)"),
    /** One series (value 1) per accepted suite and version; only with {@code --per-suite-metrics}. */
    SUITE_ACCEPTED(Scope.ENDPOINT, null, null, "tlsweep_suite_accepted", MetricType.GAUGE,
            "1 per cipher suite the endpoint accepts at a version (only with --per-suite-metrics)", "version", "suite"),
    /** One series (value 1) per key-exchange group the endpoint accepts at a version. */
    GROUP_ACCEPTED(Scope.ENDPOINT, null, null, "tlsweep_group_accepted", MetricType.GAUGE,
            "1 per key-exchange group the endpoint accepts at a version (registry names; post-quantum hybrids included)",
            "version", "group"),
    /** 1 if a QUIC endpoint takes the QUIC version, 0 if it negotiated it away; unknown: no series. */
    QUIC_VERSION_ACCEPTED(Scope.ENDPOINT, null, null, "tlsweep_quic_version_accepted", MetricType.GAUGE,
            "1 if a QUIC endpoint takes the QUIC version (v1, v2), 0 if it negotiated it away (no series when it did"
                    + " not answer)", "quic_version"),
    /** 1 if an HTTPS endpoint announces HTTP/3 (Alt-Svc or DNS HTTPS record), 0 if neither does. */
    HTTP3_ANNOUNCED(Scope.ENDPOINT, null, null, "tlsweep_http3_announced", MetricType.GAUGE,
            "1 if an HTTPS endpoint announces HTTP/3 (h3 in its Alt-Svc header or its DNS HTTPS record), 0 if not"
                    + " (no series when not looked for, or when a source that could announce it was not read)"),
    /** 1 if the DNS HTTPS record's ECH configuration parses, 0 if it does not; no ech parameter: no series. */
    ECH_CONFIG_VALID(Scope.ENDPOINT, null, null, "tlsweep_ech_config_valid", MetricType.GAUGE,
            "1 if the ECH configuration of the endpoint's DNS HTTPS record parses as an ECHConfigList (RFC 9849), 0 if"
                    + " not (no series without an ech parameter)"),
    /** 1 if a vulnerability check found the endpoint vulnerable, 0 if it found it not. */
    VULNERABLE(Scope.ENDPOINT, null, null, "tlsweep_vulnerable", MetricType.GAUGE,
            "1 if a vulnerability check found the endpoint vulnerable, 0 if not (no series when the check did not"
                    + " complete)", "check"),
    /** One series (value 1) per finding of the endpoint. */
    FINDING(Scope.ENDPOINT, null, null, "tlsweep_finding", MetricType.GAUGE,
            "1 per finding of the endpoint (codes in docs/FINDINGS.md)", "code", "severity"),
    /** The earliest notAfter of every certificate the endpoint serves. */
    CERT_EARLIEST_EXPIRY(Scope.ENDPOINT, null, null, "tlsweep_cert_earliest_expiry_timestamp_seconds", MetricType.GAUGE,
            "Unix time the first of the certificates the endpoint serves expires"),
    /** notBefore of each certificate served, per chain and position (as ssl_exporter's ssl_cert_not_before). */
    CERT_NOT_BEFORE(Scope.ENDPOINT, null, null, "tlsweep_cert_not_before_timestamp_seconds", MetricType.GAUGE,
            "Unix time from which a served certificate is valid, per chain and position as served",
            "chain", "position", "cn", "issuer_cn", "serial"),
    /** notAfter of each certificate served, per chain and position (as ssl_exporter's ssl_cert_not_after). */
    CERT_NOT_AFTER(Scope.ENDPOINT, null, null, "tlsweep_cert_not_after_timestamp_seconds", MetricType.GAUGE,
            "Unix time a served certificate expires, per chain and position as served",
            "chain", "position", "cn", "issuer_cn", "serial"),
    /** notBefore of each certificate of the verified path (as ssl_exporter's ssl_verified_cert_not_before). */
    VERIFIED_CERT_NOT_BEFORE(Scope.ENDPOINT, null, null, "tlsweep_verified_cert_not_before_timestamp_seconds",
            MetricType.GAUGE, "Unix time from which a certificate of the verified path is valid, per chain and position",
            "chain", "position", "cn", "issuer_cn", "serial"),
    /** notAfter of each certificate of the verified path (as ssl_exporter's ssl_verified_cert_not_after). */
    VERIFIED_CERT_NOT_AFTER(Scope.ENDPOINT, null, null, "tlsweep_verified_cert_not_after_timestamp_seconds",
            MetricType.GAUGE, "Unix time a certificate of the verified path (leaf to trust anchor) expires, per chain "
                    + "and position", "chain", "position", "cn", "issuer_cn", "serial"),
    /** The leaf certificate's identity. */
    CERT_LEAF_INFO(Scope.ENDPOINT, null, null, "tlsweep_cert_leaf_info", MetricType.INFO,
            "The leaf certificate the endpoint serves", "fingerprint_sha256", "serial", "subject", "issuer", "sans"),
    /** 1 if the served chain leads to a root without missing intermediates. */
    CHAIN_COMPLETE(Scope.ENDPOINT, null, null, "tlsweep_chain_complete", MetricType.GAUGE,
            "1 if the served chain contains every intermediate up to a root, 0 if not"),
    /** 1 if the chain verifies against the trust store. */
    CHAIN_TRUSTED(Scope.ENDPOINT, null, null, "tlsweep_chain_trusted", MetricType.GAUGE,
            "1 if the chain verifies against the trust store, 0 if not"),
    /** 1 if the leaf is valid for the name scanned. */
    CERT_HOSTNAME_VALID(Scope.ENDPOINT, null, null, "tlsweep_cert_hostname_valid", MetricType.GAUGE,
            "1 if the leaf certificate is valid for the server name (or host) scanned, 0 if not");

    /** Whom a metric describes. */
    public enum Scope {
        /** The scanner: one series (per label value) for the whole process. */
        SCANNER,
        /** One scanned endpoint: one set of series per endpoint. */
        ENDPOINT
    }

    private final Scope scope;
    private final String meterName;
    private final String baseUnit;
    private final String prometheusName;
    private final MetricType type;
    private final String help;
    private final List<String> labels;

    TlsweepMetric(Scope scope, String meterName, String baseUnit, String prometheusName, MetricType type,
            String help, String... labels) {
        this.scope = scope;
        this.meterName = meterName;
        this.baseUnit = baseUnit;
        this.prometheusName = prometheusName;
        this.type = type;
        this.help = help;
        this.labels = List.of(labels);
    }

    /** Whether it describes the scanner or an endpoint. */
    public Scope scope() {
        return scope;
    }

    /** The Micrometer meter name of a scanner metric, or {@code null} for endpoint metrics. */
    public String meterName() {
        return meterName;
    }

    /** The Micrometer base unit appended to a gauge's name, or {@code null}. */
    String baseUnit() {
        return baseUnit;
    }

    /** The name as exposed to Prometheus, with its suffix ({@code _total}, {@code _seconds}, {@code _info}). */
    public String prometheusName() {
        return prometheusName;
    }

    /** The family name without the suffix the exposition adds ({@code _total}, {@code _info}). */
    String familyName() {
        return switch (type) {
            case COUNTER -> prometheusName.substring(0, prometheusName.length() - "_total".length());
            case INFO -> prometheusName.substring(0, prometheusName.length() - "_info".length());
            default -> prometheusName;
        };
    }

    /** The Prometheus type. */
    public MetricType type() {
        return type;
    }

    /** The help text. */
    public String help() {
        return help;
    }

    /**
     * The metric's own labels; endpoint metrics also carry {@link EndpointMetrics#ENDPOINT_LABELS}.
     */
    public List<String> labels() {
        return labels;
    }

    /** Every name a query may use for this metric ({@code _bucket}, {@code _sum}, {@code _count} for histograms). */
    public List<String> seriesNames() {
        if (type == MetricType.HISTOGRAM) {
            return List.of(prometheusName, prometheusName + "_bucket", prometheusName + "_sum", prometheusName + "_count",
                    prometheusName + "_max");
        }
        return List.of(prometheusName);
    }

    /** The catalogue entry exposed under {@code name}, if any (histogram series names included). */
    public static java.util.Optional<TlsweepMetric> byPrometheusName(String name) {
        Objects.requireNonNull(name, "name");
        for (TlsweepMetric m : values()) {
            if (m.seriesNames().contains(name)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }
}
