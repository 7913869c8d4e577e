package dev.tlsweep.core.metrics;

import dev.tlsweep.core.engine.EngineStats;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.probe.HelloAnswer;
import dev.tlsweep.core.report.EndpointReport;
import dev.tlsweep.core.report.ScanStatus;
import dev.tlsweep.core.scan.ScanObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The scanner's own meters ({@link TlsweepMetric.Scope#SCANNER}), bound to a Micrometer registry by
 * {@link #bindTo}. Passed to {@code Scanner} as its {@link ScanObserver}, it counts hellos by answer, their
 * latency and endpoints by status; engine counters (connections by outcome, retries, in flight, queued)
 * are read from the engine's {@link EngineStats} when the registry is scraped; the chain code calls
 * {@link #aiaFetched} and {@code tlsweep serve} the sweep, inventory and probe methods.
 *
 * <p>Thread-safe; the observer methods do not block and may run on event loops.
 */
public final class ScannerMetrics implements MeterBinder, ScanObserver {

    /** Bucket bounds of the hello latency histogram, in seconds. */
    static final double[] HELLO_BUCKETS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final Supplier<EngineStats> engineStats;
    private final AtomicReference<double[]> sweep = new AtomicReference<>(new double[] {Double.NaN, Double.NaN});
    private final AtomicReference<Double> interval = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> inventoryTargets = new AtomicReference<>(Double.NaN);
    private final Map<HelloAnswer.Kind, Counter> hellos = new EnumMap<>(HelloAnswer.Kind.class);
    private final Map<ScanStatus, Counter> endpoints = new EnumMap<>(ScanStatus.class);
    private volatile Bound bound;
    private volatile HttpServerStats httpServer = HttpServerStats.NONE;

    /** Meters of the scanner whose engine counters come from {@code engineStats} (e.g. {@code engine::stats}). */
    public ScannerMetrics(Supplier<EngineStats> engineStats) {
        this.engineStats = Objects.requireNonNull(engineStats, "engineStats");
    }

    /** The registered meters; created once by {@link #bindTo}. */
    private record Bound(Timer helloDuration, Counter dnsFailures, Counter aiaOk, Counter aiaError, Counter sweeps,
            Counter loadsOk, Counter loadsError, MeterRegistry registry) {
    }

    /** Registers every scanner meter of the catalogue; call once. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (bound != null) {
            throw new IllegalStateException("already bound to a registry");
        }
        for (HelloAnswer.Kind k : HelloAnswer.Kind.values()) {
            hellos.put(k, counter(registry, TlsweepMetric.HELLOS, "answer", label(k.name())));
        }
        for (ScanStatus s : ScanStatus.values()) {
            endpoints.put(s, counter(registry, TlsweepMetric.ENDPOINTS, "status", s.label()));
        }
        for (Outcome o : Outcome.values()) {
            FunctionCounter.builder(TlsweepMetric.CONNECTIONS.meterName(), engineStats, s -> s.get().count(o))
                    .description(TlsweepMetric.CONNECTIONS.help()).tag("outcome", label(o.name())).register(registry);
        }
        FunctionCounter.builder(TlsweepMetric.RETRIES.meterName(), engineStats, s -> s.get().retries())
                .description(TlsweepMetric.RETRIES.help()).register(registry);
        gauge(registry, TlsweepMetric.CONNECTIONS_IN_FLIGHT, () -> engineStats.get().inFlight());
        gauge(registry, TlsweepMetric.CONNECTIONS_QUEUED, () -> engineStats.get().queued());
        gauge(registry, TlsweepMetric.SWEEP_LAST_COMPLETED, () -> sweep.get()[0]);
        gauge(registry, TlsweepMetric.SWEEP_DURATION, () -> sweep.get()[1]);
        gauge(registry, TlsweepMetric.SWEEP_INTERVAL, interval::get);
        gauge(registry, TlsweepMetric.INVENTORY_TARGETS, inventoryTargets::get);
        Gauge.builder(TlsweepMetric.BUILD_INFO.meterName(), () -> 1).description(TlsweepMetric.BUILD_INFO.help())
                .tags("version", version(), "java_version", System.getProperty("java.version", "unknown"))
                .register(registry);
        gauge(registry, TlsweepMetric.HTTP_CONNECTIONS, () -> httpServer.open());
        for (String reason : HttpServerStats.REASONS) {
            FunctionCounter.builder(TlsweepMetric.HTTP_CONNECTIONS_CLOSED.meterName(), this,
                    m -> m.httpServer.closed(reason)).description(TlsweepMetric.HTTP_CONNECTIONS_CLOSED.help())
                    .tag("reason", reason).register(registry);
        }
        FunctionCounter.builder(TlsweepMetric.HTTP_ACCEPT_ERRORS.meterName(), this, m -> m.httpServer.acceptErrors())
                .description(TlsweepMetric.HTTP_ACCEPT_ERRORS.help()).register(registry);
        for (String result : new String[] {"ok", "bad_request", "forbidden", "too_many", "unknown_module"}) {
            counter(registry, TlsweepMetric.PROBE_REQUESTS, "result", result);
        }
        Timer helloDuration = Timer.builder(TlsweepMetric.HELLO_DURATION.meterName())
                .description(TlsweepMetric.HELLO_DURATION.help())
                .serviceLevelObjectives(buckets())
                .register(registry);
        bound = new Bound(helloDuration, counter(registry, TlsweepMetric.DNS_FAILURES),
                counter(registry, TlsweepMetric.AIA_FETCHES, "result", "ok"),
                counter(registry, TlsweepMetric.AIA_FETCHES, "result", "error"),
                counter(registry, TlsweepMetric.SWEEPS),
                counter(registry, TlsweepMetric.INVENTORY_LOADS, "result", "ok"),
                counter(registry, TlsweepMetric.INVENTORY_LOADS, "result", "error"), registry);
    }

    @Override
    public void answered(HelloAnswer answer, long elapsedNanos) {
        Bound b = bound;
        if (b == null) {
            return;
        }
        hellos.get(answer.kind()).increment();
        b.helloDuration().record(Math.max(0, elapsedNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void endpointDone(EndpointReport report) {
        Bound b = bound;
        if (b == null) {
            return;
        }
        endpoints.get(report.status()).increment();
        if (report.status() == ScanStatus.DNS_ERROR) {
            b.dnsFailures().increment();
        }
    }

    /** Counts one fetch of an issuer certificate from an AIA caIssuers URL. */
    public void aiaFetched(boolean ok) {
        Bound b = bound;
        if (b != null) {
            (ok ? b.aiaOk() : b.aiaError()).increment();
        }
    }

    /** Records a completed sweep of the inventory. */
    public void sweepCompleted(Instant completedAt, Duration took) {
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(took, "took");
        sweep.set(new double[] {completedAt.toEpochMilli() / 1000.0, took.toNanos() / 1e9});
        Bound b = bound;
        if (b != null) {
            b.sweeps().increment();
        }
    }

    /** Reads the connections of the HTTP server from {@code stats} from now on. */
    public void httpServer(HttpServerStats stats) {
        httpServer = Objects.requireNonNull(stats, "stats");
    }

    /** Records the configured time between sweeps. */
    public void sweepInterval(Duration value) {
        interval.set(value.toNanos() / 1e9);
    }

    /** Records an inventory load: its number of targets, or a failure ({@code targets} ignored). */
    public void inventoryLoaded(boolean ok, int targets) {
        if (ok) {
            inventoryTargets.set((double) targets);
        }
        Bound b = bound;
        if (b != null) {
            (ok ? b.loadsOk() : b.loadsError()).increment();
        }
    }

    /**
     * Counts one {@code /probe} request by result: {@code ok}, {@code bad_request}, {@code unknown_module},
     * {@code forbidden}, {@code too_many}.
     */
    public void probeRequest(String result) {
        Objects.requireNonNull(result, "result");
        Bound b = bound;
        if (b != null) {
            counter(b.registry(), TlsweepMetric.PROBE_REQUESTS, "result", result).increment();
        }
    }

    /** The version of tlsweep from the jar's manifest ({@code Implementation-Version}), or {@code unknown}. */
    public static String version() {
        String v = ScannerMetrics.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    private static Counter counter(MeterRegistry registry, TlsweepMetric m, String... tags) {
        return Counter.builder(m.meterName()).description(m.help()).tags(tags).register(registry);
    }

    private static void gauge(MeterRegistry registry, TlsweepMetric m, Supplier<Number> value) {
        Gauge.builder(m.meterName(), value).description(m.help()).baseUnit(m.baseUnit()).register(registry);
    }

    private static Duration[] buckets() {
        Duration[] out = new Duration[HELLO_BUCKETS_SECONDS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Duration.ofNanos(Math.round(HELLO_BUCKETS_SECONDS[i] * 1e9));
        }
        return out;
    }

    private static String label(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }
}
