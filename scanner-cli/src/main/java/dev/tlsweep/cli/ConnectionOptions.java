package dev.tlsweep.cli;

import dev.tlsweep.core.engine.EngineConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The connection options {@code scan} and {@code serve} share, checked under their own names. */
final class ConnectionOptions {

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Connect and read timeout per connection, e.g. 5s, 500ms or plain seconds "
                    + "(default: ${DEFAULT-VALUE}).")
    String timeout = "5s";

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Most connections in flight across all endpoints (default: 2000, fewer when ulimit -n "
                    + "is below 2800).")
    Integer concurrency;

    @Option(names = "--endpoint-timeout", paramLabel = "DURATION", defaultValue = "120s",
            description = "Time one endpoint's probes may take in all, e.g. 90s or 2m; past it what is unfinished is "
                    + "reported incomplete (default: ${DEFAULT-VALUE}).")
    String endpointTimeoutText = "120s";

    @Option(names = "--per-endpoint", paramLabel = "N", defaultValue = "8",
            description = "Most connections in flight to one endpoint (default: ${DEFAULT-VALUE}).")
    int perEndpoint;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "1",
            description = "Retries of a connection that timed out or was reset without an answer (default: ${DEFAULT-VALUE}).")
    int retries;

    /** What is out of range, named by option, or {@code null} when all is well. */
    String problems() {
        if (concurrency != null && concurrency < 1) {
            return "--concurrency: " + concurrency + " (expected: > 0)";
        }
        try {
            Duration d = Durations.parse("--endpoint-timeout", endpointTimeoutText);
            if (d.compareTo(Duration.ofDays(1)) > 0) {
                return "--endpoint-timeout: " + Durations.text(d) + " (expected: at most 1d)";
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (perEndpoint < 1) {
            return "--per-endpoint: " + perEndpoint + " (expected: > 0)";
        }
        if (retries < 0) {
            return "--retries: " + retries + " (expected: >= 0)";
        }
        try {
            Duration d = Durations.parse("--timeout", timeout);
            if (d.compareTo(Duration.ofHours(1)) > 0) {
                return "--timeout: " + Durations.text(d) + " (expected: at most 1h)";
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    /** The connections in flight: as given, or the engine's default for this process's descriptor limit. */
    int concurrency() {
        return concurrency != null ? concurrency : EngineConfig.defaultMaxInFlight();
    }

    /** The time one endpoint's probes may take; call {@link #problems()} first. */
    Duration endpointTimeout() {
        return Durations.parse("--endpoint-timeout", endpointTimeoutText);
    }

    /** Puts these options into {@code out} (a report's provenance): they decide what completes in time. */
    void describe(java.util.Map<String, String> out) {
        out.put("timeout", Durations.text(Durations.parse("--timeout", timeout)));
        out.put("concurrency", String.valueOf(concurrency()));
        out.put("per-endpoint", String.valueOf(perEndpoint));
        out.put("retries", String.valueOf(retries));
        out.put("endpoint-timeout", Durations.text(endpointTimeout()));
    }

    /** The engine configuration these options describe; call {@link #problems()} first. */
    EngineConfig config() {
        Duration timeout = Durations.parse("--timeout", this.timeout);
        return EngineConfig.defaults()
                .withMaxInFlight(concurrency())
                .withMaxPerEndpoint(perEndpoint)
                .withConnectTimeout(timeout)
                .withReadTimeout(timeout)
                .withMaxRetries(retries);
    }
}
