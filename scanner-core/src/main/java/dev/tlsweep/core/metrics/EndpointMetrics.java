package dev.tlsweep.core.metrics;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.Flag;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.AcceptedSuite;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.report.Checks;
import dev.tlsweep.core.report.DistinguishedNames;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.Finding;
import dev.tlsweep.core.report.ProtocolReport;
import dev.tlsweep.core.report.ScanStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint metrics ({@link TlsweepMetric.Scope#ENDPOINT}): one set of series per endpoint, from the
 * latest {@link EndpointReport} of each. A Prometheus client {@link MultiCollector}: register it on
 * {@code PrometheusMeterRegistry.getPrometheusRegistry()} (next to the Micrometer meters) or on a registry of
 * its own, and every scrape renders the current table. A report's series are made when it arrives and only they
 * are kept: an exporter of a large inventory holds no DER chains or parsed certificates between sweeps. It is a collector rather than Micrometer meters
 * because the table is replaced wholesale after every scan (stale series must vanish) and because
 * {@code tlsweep_scan_info} and {@code tlsweep_cert_leaf_info} must be true info metrics, which Micrometer's
 * naming cannot produce.
 *
 * <p>Every series carries {@link #ENDPOINT_LABELS}: what identifies an endpoint, nothing that changes with the
 * outcome or with DNS (the address scanned and the status are in {@code tlsweep_scan_info} only). The series of
 * {@code /probe} ({@link #forProbe}) leave out {@code target}: Prometheus's {@code instance} names it there, as
 * for blackbox_exporter. Cardinality is bounded: six versions, the groups of the
 * registry per version, five vulnerability checks, the findings of the endpoint, at most
 * {@link #MAX_CHAINS} chains of {@link #MAX_CERTIFICATES} certificates each, and per-suite series only when
 * enabled.
 *
 * <p>Thread-safe: {@link #update} and {@link #retain} may run concurrently with scrapes.
 */
public final class EndpointMetrics implements MultiCollector {

    /** The labels that identify an endpoint on every endpoint series. */
    public static final List<String> ENDPOINT_LABELS = List.of("target", "host", "port", "sni");

    /** The most chains per endpoint with per-certificate series (one per key type served; 2 in practice). */
    public static final int MAX_CHAINS = 4;
    /** The most certificates per chain with per-certificate series (served chains are 2 to 4 long). */
    public static final int MAX_CERTIFICATES = 8;

    /** The flags that make a suite weak for {@code tlsweep_weak_suites_accepted}. */
    static final Set<Flag> WEAK = Set.of(Flag.NULL_CIPHER, Flag.ANONYMOUS, Flag.EXPORT, Flag.RC4, Flag.DES,
            Flag.TRIPLE_DES);

    private final boolean perSuite;
    private final boolean targetLabel;
    /**
     * The series of each endpoint's latest report, by target text: made when the report arrives, so that neither
     * the report (DER chains, parsed certificates) stays in memory nor a scrape pays for turning it into series.
     */
    private final Map<String, Series> latest = new ConcurrentHashMap<>();

    /** One endpoint's data points, by metric. Immutable once made. */
    private record Series(Map<TlsweepMetric, List<GaugeDataPointSnapshot>> gauges,
            Map<TlsweepMetric, List<InfoDataPointSnapshot>> infos) {
    }

    /** Endpoint metrics without per-suite series. */
    public EndpointMetrics() {
        this(false);
    }

    /** @param perSuite whether to export {@code tlsweep_suite_accepted} (one series per accepted suite) */
    public EndpointMetrics(boolean perSuite) {
        this(perSuite, true);
    }

    private EndpointMetrics(boolean perSuite, boolean targetLabel) {
        this.perSuite = perSuite;
        this.targetLabel = targetLabel;
    }

    /**
     * Endpoint metrics for the answer of one {@code /probe}: without the {@code target} label, which would repeat
     * the {@code instance} label Prometheus sets from the probe's target.
     */
    public static EndpointMetrics forProbe(boolean perSuite) {
        return new EndpointMetrics(perSuite, false);
    }

    /** Makes {@code report} the latest of its endpoint (keyed by its target text). */
    public void update(EndpointReport report) {
        Objects.requireNonNull(report, "report");
        Map<TlsweepMetric, List<GaugeDataPointSnapshot>> gauges = new EnumMap<>(TlsweepMetric.class);
        Map<TlsweepMetric, List<InfoDataPointSnapshot>> infos = new EnumMap<>(TlsweepMetric.class);
        collect(report, gauges, infos);
        latest.put(report.target(), new Series(gauges, infos));
    }

    /** Drops every endpoint whose target text is not in {@code targets} (after an inventory reload). */
    public void retain(Collection<String> targets) {
        Set<String> keep = new HashSet<>(targets);
        latest.keySet().removeIf(t -> !keep.contains(t));
    }

    /** How many endpoints have a report. */
    public int size() {
        return latest.size();
    }

    @Override
    public MetricSnapshots collect() {
        List<Map.Entry<String, Series>> entries = new ArrayList<>(latest.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        Map<TlsweepMetric, List<GaugeDataPointSnapshot>> gauges = new EnumMap<>(TlsweepMetric.class);
        Map<TlsweepMetric, List<InfoDataPointSnapshot>> infos = new EnumMap<>(TlsweepMetric.class);
        for (Map.Entry<String, Series> e : entries) {
            e.getValue().gauges().forEach((m, points) -> gauges.computeIfAbsent(m, k -> new ArrayList<>()).addAll(points));
            e.getValue().infos().forEach((m, points) -> infos.computeIfAbsent(m, k -> new ArrayList<>()).addAll(points));
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (TlsweepMetric m : TlsweepMetric.values()) {
            if (m.scope() != TlsweepMetric.Scope.ENDPOINT) {
                continue;
            }
            if (m.type() == MetricType.INFO) {
                List<InfoDataPointSnapshot> points = infos.get(m);
                if (points != null && !points.isEmpty()) {
                    InfoSnapshot.Builder b = InfoSnapshot.builder().name(m.familyName()).help(m.help());
                    points.forEach(b::dataPoint);
                    out.add(b.build());
                }
                continue;
            }
            List<GaugeDataPointSnapshot> points = gauges.get(m);
            if (points != null && !points.isEmpty()) {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(m.familyName()).help(m.help());
                points.forEach(b::dataPoint);
                out.add(b.build());
            }
        }
        return new MetricSnapshots(out);
    }

    /** The identifying labels of an endpoint's series. */
    private Labels identity(EndpointReport r) {
        String sni = r.sni() == null ? "" : r.sni();
        String port = Integer.toString(r.port());
        return targetLabel ? Labels.of(ENDPOINT_LABELS, List.of(r.target(), r.host(), port, sni))
                : Labels.of(ENDPOINT_LABELS.subList(1, ENDPOINT_LABELS.size()), List.of(r.host(), port, sni));
    }

    private void collect(EndpointReport r, Map<TlsweepMetric, List<GaugeDataPointSnapshot>> gauges,
            Map<TlsweepMetric, List<InfoDataPointSnapshot>> infos) {
        Labels id = identity(r);
        boolean ok = r.status() == ScanStatus.OK;
        add(gauges, TlsweepMetric.SCAN_SUCCESS, id, ok ? 1 : 0);
        info(infos, TlsweepMetric.SCAN_INFO, id.add("status", r.status().label()).add("ip", nonNull(r.ip()))
                .add("transport", r.transport().label()).add("starttls", r.starttls() == null ? "" : r.starttls().label()));
        add(gauges, TlsweepMetric.SCAN_DURATION, id, r.durationMillis() / 1000.0);
        add(gauges, TlsweepMetric.SCAN_TIMESTAMP, id, r.startedAt().toEpochMilli() / 1000.0);
        if (!r.protocols().isEmpty()) {
            // Only the versions whose answer is known: a version left out by --protocols, or whose probes did
            // not complete without finding a suite, is unknown, not refused.
            Map<ProtocolVersion, Boolean> accepted = new EnumMap<>(ProtocolVersion.class);
            Map<Integer, CipherSuite> suites = new LinkedHashMap<>();
            Map<String, Labels> perSuiteLabels = new TreeMap<>();
            for (ProtocolReport p : r.protocols()) {
                if (!p.unknown()) {
                    accepted.put(p.version(), p.accepted());
                }
                for (AcceptedSuite s : p.suites()) {
                    suites.putIfAbsent(s.suite().code(), s.suite());
                    if (perSuite) {
                        perSuiteLabels.put(p.version().label() + " " + s.suite().ianaName(),
                                id.add("version", p.version().label()).add("suite", s.suite().ianaName()));
                    }
                }
            }
            accepted.forEach((v, a) -> add(gauges, TlsweepMetric.PROTOCOL_ACCEPTED, id.add("version", v.label()), a ? 1 : 0));
            add(gauges, TlsweepMetric.SUITES_ACCEPTED, id, suites.size());
            add(gauges, TlsweepMetric.WEAK_SUITES_ACCEPTED, id,
                    suites.values().stream().filter(EndpointMetrics::weak).count());
            perSuiteLabels.values().forEach(l -> add(gauges, TlsweepMetric.SUITE_ACCEPTED, l, 1));
            for (ProtocolReport p : r.protocols()) {
                if (p.groups() != null && p.groups().run().completed()) {
                    Set<String> names = new java.util.LinkedHashSet<>();
                    p.groups().accepted().forEach(g -> names.add(g.name()));
                    names.forEach(g -> add(gauges, TlsweepMetric.GROUP_ACCEPTED,
                            id.add("version", p.version().label()).add("group", g), 1));
                }
            }
        }
        if (r.quic() != null) {
            r.quic().versions().stream().filter(v -> v.accepted() != null).forEach(v -> add(gauges,
                    TlsweepMetric.QUIC_VERSION_ACCEPTED, id.add("quic_version", v.version()), v.accepted() ? 1 : 0));
        }
        if (r.discovery() != null) {
            Boolean h3 = r.discovery().h3();
            if (h3 != null) { // unknown: no series, as when nothing was looked for
                add(gauges, TlsweepMetric.HTTP3_ANNOUNCED, id, h3 ? 1 : 0);
            }
            if (r.discovery().https() != null) {
                r.discovery().https().records().stream().filter(h -> h.ech() != null).findFirst().ifPresent(h ->
                        add(gauges, TlsweepMetric.ECH_CONFIG_VALID, id, h.ech().parses() ? 1 : 0));
            }
        }
        vulnerabilities(r.checks()).forEach((check, vulnerable) -> add(gauges, TlsweepMetric.VULNERABLE,
                id.add("check", check), vulnerable ? 1 : 0));
        Set<String> seen = new HashSet<>();
        for (Finding f : r.findings()) {
            if (seen.add(f.code())) {
                add(gauges, TlsweepMetric.FINDING, id.add("code", f.code()).add("severity", f.severity().name()
                        .toLowerCase(java.util.Locale.ROOT)), 1);
            }
        }
        List<CertificateInfo> leaves = r.leaves();
        if (!leaves.isEmpty()) {
            // With several chains (RSA and ECDSA): the first chain's leaf; the earliest expiry over every
            // certificate served; complete, trusted and hostname-valid only if they hold for every chain.
            CertificateInfo c = leaves.get(0);
            r.earliestExpiry().ifPresent(t -> add(gauges, TlsweepMetric.CERT_EARLIEST_EXPIRY, id,
                    t.toEpochMilli() / 1000.0));
            add(gauges, TlsweepMetric.CHAIN_COMPLETE, id, r.everyChain(ChainReport::complete) ? 1 : 0);
            add(gauges, TlsweepMetric.CHAIN_TRUSTED, id, r.everyChain(ChainReport::trusted) ? 1 : 0);
            add(gauges, TlsweepMetric.CERT_HOSTNAME_VALID, id, r.everyChain(ChainReport::hostnameValid) ? 1 : 0);
            info(infos, TlsweepMetric.CERT_LEAF_INFO, id
                    .add("fingerprint_sha256", nonNull(c.sha256()))
                    .add("serial", nonNull(c.serialHex()))
                    .add("subject", nonNull(c.subject()))
                    .add("issuer", nonNull(c.issuer()))
                    .add("sans", String.join(",", c.subjectAltNames())));
        }
        List<ChainReport> chains = r.chains();
        for (int i = 0; i < Math.min(chains.size(), MAX_CHAINS); i++) {
            certificates(gauges, id, i, chains.get(i).served(), TlsweepMetric.CERT_NOT_BEFORE,
                    TlsweepMetric.CERT_NOT_AFTER);
            if (chains.get(i).trusted()) {
                certificates(gauges, id, i, chains.get(i).path(), TlsweepMetric.VERIFIED_CERT_NOT_BEFORE,
                        TlsweepMetric.VERIFIED_CERT_NOT_AFTER);
            }
        }
    }

    /** One notBefore and one notAfter series per certificate, labelled with its chain, position and names. */
    private static void certificates(Map<TlsweepMetric, List<GaugeDataPointSnapshot>> gauges, Labels id, int chain,
            List<CertificateInfo> certs, TlsweepMetric notBefore, TlsweepMetric notAfter) {
        Set<String> seen = new HashSet<>();
        for (int p = 0; p < Math.min(certs.size(), MAX_CERTIFICATES); p++) {
            CertificateInfo c = certs.get(p);
            if (!seen.add(c.sha256())) {
                continue; // the same certificate served twice: one series, at its first position
            }
            Labels l = id.add("chain", Integer.toString(chain)).add("position", Integer.toString(p))
                    .add("cn", c.shortName()).add("issuer_cn", DistinguishedNames.commonName(c.issuer())
                            .orElse(c.issuer()))
                    .add("serial", c.serialHex());
            add(gauges, notBefore, l, c.notBefore().toEpochMilli() / 1000.0);
            add(gauges, notAfter, l, c.notAfter().toEpochMilli() / 1000.0);
        }
    }

    /**
     * The vulnerability checks that completed, by the {@code check} label: heartbleed, ccsInjection, robot,
     * compression (CRIME) and insecureRenegotiation (client-initiated renegotiation without RFC 5746). A bounded set.
     */
    static Map<String, Boolean> vulnerabilities(Checks checks) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Check c : List.of(Check.HEARTBLEED, Check.CCS_INJECTION, Check.ROBOT, Check.COMPRESSION)) {
            checks.get(c).filter(x -> x.run().completed()).ifPresent(x -> out.put(c.json(),
                    c == Check.COMPRESSION ? x instanceof CheckResult.Flag f && Boolean.TRUE.equals(f.value())
                            : checks.vulnerable(c)));
        }
        checks.get(Check.CLIENT_RENEGOTIATION).filter(x -> x.run().completed()
                && x instanceof CheckResult.Renegotiation).ifPresent(x -> {
                    CheckResult.Renegotiation rn = (CheckResult.Renegotiation) x;
                    out.put("insecureRenegotiation", Boolean.TRUE.equals(rn.allowed())
                            && Boolean.FALSE.equals(rn.secure()));
                });
        return out;
    }

    static boolean weak(CipherSuite s) {
        for (Flag f : WEAK) {
            if (s.has(f)) {
                return true;
            }
        }
        return false;
    }

    private static void add(Map<TlsweepMetric, List<GaugeDataPointSnapshot>> gauges, TlsweepMetric m, Labels labels,
            double value) {
        gauges.computeIfAbsent(m, k -> new ArrayList<>())
                .add(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
    }

    private static void info(Map<TlsweepMetric, List<InfoDataPointSnapshot>> infos, TlsweepMetric m, Labels labels) {
        infos.computeIfAbsent(m, k -> new ArrayList<>()).add(InfoDataPointSnapshot.builder().labels(labels).build());
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
