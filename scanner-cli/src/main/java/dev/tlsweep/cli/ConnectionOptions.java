package dev.tlsweep.cli;

import dev.tlsweep.core.engine.EngineConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The connection options {@code scan} and {@code serve} share, checked under their own names. */
final class ConnectionOptions {

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Connect and read timeout per connection (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Most connections in flight across all endpoints (default: 2000, fewer when ulimit -n "
                    + "is below 2800).")
    Integer concurrency;

    @Option(names = "--endpoint-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Time one endpoint's probes may take in all; past it what is unfinished is reported "
                    + "incomplete (default: ${DEFAULT-VALUE}).")
    double endpointTimeoutSeconds;

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
        if (!(endpointTimeoutSeconds >= 0.001 && endpointTimeoutSeconds <= 86_400)) {
            return "--endpoint-timeout: " + endpointTimeoutSeconds + " (expected: 0.001 to 86400 seconds)";
        }
        if (perEndpoint < 1) {
            return "--per-endpoint: " + perEndpoint + " (expected: > 0)";
        }
        if (retries < 0) {
            return "--retries: " + retries + " (expected: >= 0)";
        }
        if (!(timeoutSeconds >= 0.001 && timeoutSeconds <= 3600)) {
            return "--timeout: " + timeoutSeconds + " (expected: 0.001 to 3600 seconds)";
        }
        return null;
    }

    /** The connections in flight: as given, or the engine's default for this process's descriptor limit. */
    int concurrency() {
        return concurrency != null ? concurrency : EngineConfig.defaultMaxInFlight();
    }

    /** The time one endpoint's probes may take; call {@link #problems()} first. */
    Duration endpointTimeout() {
        return Duration.ofMillis(Math.max(1, Math.round(endpointTimeoutSeconds * 1000)));
    }

    /** Puts these options into {@code out} (a report's provenance): they decide what completes in time. */
    void describe(java.util.Map<String, String> out) {
        out.put("timeout", java.math.BigDecimal.valueOf(timeoutSeconds).stripTrailingZeros().toPlainString() + "s");
        out.put("concurrency", String.valueOf(concurrency()));
        out.put("per-endpoint", String.valueOf(perEndpoint));
        out.put("retries", String.valueOf(retries));
        out.put("endpoint-timeout", java.math.BigDecimal.valueOf(endpointTimeoutSeconds).stripTrailingZeros()
                .toPlainString() + "s");
    }

    /** The engine configuration these options describe; call {@link #problems()} first. */
    EngineConfig config() {
        Duration timeout = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
        return EngineConfig.defaults()
                .withMaxInFlight(concurrency())
                .withMaxPerEndpoint(perEndpoint)
                .withConnectTimeout(timeout)
                .withReadTimeout(timeout)
                .withMaxRetries(retries);
    }
}
