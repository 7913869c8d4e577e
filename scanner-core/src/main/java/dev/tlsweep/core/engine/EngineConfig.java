package dev.tlsweep.core.engine;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link ScanEngine}: an immutable value validated at construction. Start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param maxInFlight connections in flight across all endpoints; default 2000, or fewer when the
 *     process may not open that many files ({@link #defaultMaxInFlight()})
 * @param maxPerEndpoint connections in flight to one address (IP and port); default 8
 * @param connectTimeout time allowed for the TCP handshake; default 5s
 * @param readTimeout time allowed without receiving a byte once connected; default 5s. An attempt
 *     is also capped overall at {@link #attemptTimeout()}, three times this value.
 * @param maxRetries retries after the first attempt; default 1. Retries happen on connect
 *     timeout, and on read timeout or reset when no byte was received.
 * @param retryBackoff delay before the first retry, doubled for each further retry, with ±20%
 *     jitter; default 200ms
 * @param ioThreads event-loop threads, 0 for Netty's default (twice the processors); default 0
 * @param nativeTransport use epoll when available, NIO otherwise; default true
 * @param maxResponseBytes hard cap on the bytes one attempt may receive whatever the decoder says;
 *     default 1 MiB
 * @param nameServers DNS servers to query, tried in order; empty (the default) for the system's
 *     (resolv.conf)
 * @param dnsQueryTimeout time allowed for one DNS query; default 5s
 * @param maxPerIp connections in flight to one IP address, whatever the port; default
 *     {@link Integer#MAX_VALUE} (no limit beyond {@link #maxInFlight()})
 * @param connectionsPerSecond new connections started per second across all endpoints, a token
 *     bucket with a burst of a tenth of a second (at least one); 0 (the default) for no limit
 */
public record EngineConfig(
        int maxInFlight,
        int maxPerEndpoint,
        Duration connectTimeout,
        Duration readTimeout,
        int maxRetries,
        Duration retryBackoff,
        int ioThreads,
        boolean nativeTransport,
        int maxResponseBytes,
        List<InetSocketAddress> nameServers,
        Duration dnsQueryTimeout,
        int maxPerIp,
        int connectionsPerSecond) {

    /** Default {@link #maxResponseBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;

    private static final Duration DEFAULT_DNS_QUERY_TIMEOUT = Duration.ofSeconds(5);
    private static final long MAX_TIMEOUT_MILLIS = Integer.MAX_VALUE / 3;

    /** Validates the components and copies the list of name servers. */
    public EngineConfig {
        positive("maxInFlight", maxInFlight);
        positive("maxPerEndpoint", maxPerEndpoint);
        timeout("connectTimeout", connectTimeout);
        timeout("readTimeout", readTimeout);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries: " + maxRetries + " (expected: >= 0)");
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retryBackoff.isNegative() || retryBackoff.toMillis() > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException(
                    "retryBackoff: " + retryBackoff + " (expected: >= 0 and <= " + MAX_TIMEOUT_MILLIS + "ms)");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
        }
        positive("maxResponseBytes", maxResponseBytes);
        Objects.requireNonNull(nameServers, "nameServers");
        for (InetSocketAddress server : nameServers) {
            Objects.requireNonNull(server, "nameServers element");
            if (server.isUnresolved()) {
                throw new IllegalArgumentException(
                        "nameServers: " + server + " (expected: an IP address and port)");
            }
        }
        nameServers = List.copyOf(nameServers);
        timeout("dnsQueryTimeout", dnsQueryTimeout);
        positive("maxPerIp", maxPerIp);
        if (connectionsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "connectionsPerSecond: " + connectionsPerSecond + " (expected: >= 0)");
        }
    }

    /** The eight core settings, with the defaults for the rest. */
    public EngineConfig(
            int maxInFlight,
            int maxPerEndpoint,
            Duration connectTimeout,
            Duration readTimeout,
            int maxRetries,
            Duration retryBackoff,
            int ioThreads,
            boolean nativeTransport) {
        this(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries, retryBackoff,
                ioThreads, nativeTransport, DEFAULT_MAX_RESPONSE_BYTES, List.of(),
                DEFAULT_DNS_QUERY_TIMEOUT, Integer.MAX_VALUE, 0);
    }

    /** The connection limit when nothing limits descriptors: 2000. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 2000;

    /** The documented defaults. */
    public static EngineConfig defaults() {
        return new EngineConfig(defaultMaxInFlight(), 8, Duration.ofSeconds(5), Duration.ofSeconds(5), 1,
                Duration.ofMillis(200), 0, true);
    }

    /**
     * The default {@link #maxInFlight()}: {@value #DEFAULT_MAX_IN_FLIGHT}, or, when the process's limit on
     * open files ({@code ulimit -n}) is lower, three quarters of what that limit leaves after 128 descriptors
     * for the JVM and its files (at least 16): with {@code ulimit -n 1024}, 672.
     */
    public static int defaultMaxInFlight() {
        return DescriptorLimit.connectionsFor(DescriptorLimit.max(), DEFAULT_MAX_IN_FLIGHT);
    }

    /** The overall cap on one attempt from connection to end: three times {@link #readTimeout()}. */
    public Duration attemptTimeout() {
        return readTimeout.multipliedBy(3);
    }

    /** A copy with {@link #maxInFlight()} replaced. */
    public EngineConfig withMaxInFlight(int value) {
        return new EngineConfig(value, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #maxPerEndpoint()} replaced. */
    public EngineConfig withMaxPerEndpoint(int value) {
        return new EngineConfig(maxInFlight, value, connectTimeout, readTimeout, maxRetries,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #connectTimeout()} replaced. */
    public EngineConfig withConnectTimeout(Duration value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, value, readTimeout, maxRetries,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #readTimeout()} replaced. */
    public EngineConfig withReadTimeout(Duration value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, value, maxRetries,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #maxRetries()} replaced. */
    public EngineConfig withMaxRetries(int value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, value,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #retryBackoff()} replaced. */
    public EngineConfig withRetryBackoff(Duration value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                value, ioThreads, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #ioThreads()} replaced. */
    public EngineConfig withIoThreads(int value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                retryBackoff, value, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #nativeTransport()} replaced. */
    public EngineConfig withNativeTransport(boolean value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                retryBackoff, ioThreads, value, maxResponseBytes, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #maxResponseBytes()} replaced. */
    public EngineConfig withMaxResponseBytes(int value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                retryBackoff, ioThreads, nativeTransport, value, nameServers, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #nameServers()} replaced. */
    public EngineConfig withNameServers(List<InetSocketAddress> value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, value, dnsQueryTimeout, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #dnsQueryTimeout()} replaced. */
    public EngineConfig withDnsQueryTimeout(Duration value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, nameServers, value, maxPerIp, connectionsPerSecond);
    }

    /** A copy with {@link #maxPerIp()} replaced. */
    public EngineConfig withMaxPerIp(int value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout,
                value, connectionsPerSecond);
    }

    /** A copy with {@link #connectionsPerSecond()} replaced. */
    public EngineConfig withConnectionsPerSecond(int value) {
        return new EngineConfig(maxInFlight, maxPerEndpoint, connectTimeout, readTimeout, maxRetries,
                retryBackoff, ioThreads, nativeTransport, maxResponseBytes, nameServers, dnsQueryTimeout,
                maxPerIp, value);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    private static void timeout(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.toMillis() < 1 || value.toMillis() > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException(
                    name + ": " + value + " (expected: >= 1ms and <= " + MAX_TIMEOUT_MILLIS + "ms)");
        }
    }
}
