package dev.tlsweep.core.chain;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.engine.ScanEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Fetches AIA caIssuers certificates: a bare HTTP/1.1 GET through the scan engine, so that every limit the
 * engine owns (connections in flight, per endpoint and per IP, the rate, timeouts, the byte cap, retries)
 * applies to it as to a hello.
 *
 * <p>Only {@code http://} URLs (caIssuers URLs are plain HTTP by design: the content is signed). The host
 * is resolved once; the {@link AiaAccess} rule judges the host and every address it resolves to, and the
 * request goes to a checked address. The body may be one DER certificate, PEM, or a certs-only PKCS#7
 * bundle ({@code .p7c}), at most {@code maxBodyBytes}. Redirects are followed only to the same host and
 * only over http, at most {@value #MAX_REDIRECTS}. Results are cached per URL (bounded, least recently used
 * evicted), so thousands of endpoints with the same CA cost one fetch; a failure is remembered for a bounded
 * time ({@code failureTtl}) and then tried again. Parsing runs on the given executor, never an event loop.
 */
public final class AiaFetcher implements IssuerFetcher, AutoCloseable {

    /** Redirects followed at most. */
    static final int MAX_REDIRECTS = 3;
    /** Default cache size (URLs). */
    public static final int DEFAULT_CACHE_SIZE = 1000;
    /** How long a failed fetch is remembered by default. */
    public static final Duration DEFAULT_FAILURE_TTL = Duration.ofMinutes(5);

    private final ScanEngine engine;
    private final int maxBodyBytes;
    private final AiaAccess access;
    private final Executor parseExecutor;
    private final long failureTtlNanos;
    private final Map<String, Cached> cache;
    private volatile boolean closed;

    private record Cached(CompletableFuture<List<X509Certificate>> result, long startedNanos) {
    }

    /**
     * A fetcher with a cache of {@value #DEFAULT_CACHE_SIZE} URLs that parses on the common fork-join pool.
     *
     * @param engine       the engine the requests go through
     * @param maxBodyBytes the largest body accepted (e.g. 65536)
     * @param access       which hosts and addresses may be fetched from
     */
    public AiaFetcher(ScanEngine engine, int maxBodyBytes, AiaAccess access) {
        this(engine, maxBodyBytes, access, ForkJoinPool.commonPool(), DEFAULT_CACHE_SIZE, DEFAULT_FAILURE_TTL);
    }

    /** As the three-argument constructor, with the executor that parses bodies, the cache size and failure TTL. */
    public AiaFetcher(ScanEngine engine, int maxBodyBytes, AiaAccess access, Executor parseExecutor, int cacheSize,
            Duration failureTtl) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: > 0)");
        }
        if (cacheSize <= 0) {
            throw new IllegalArgumentException("cacheSize: " + cacheSize + " (expected: > 0)");
        }
        if (failureTtl.isNegative()) {
            throw new IllegalArgumentException("failureTtl: " + failureTtl + " (expected: >= 0)");
        }
        this.maxBodyBytes = maxBodyBytes;
        this.access = Objects.requireNonNull(access, "access");
        this.parseExecutor = Objects.requireNonNull(parseExecutor, "parseExecutor");
        this.failureTtlNanos = failureTtl.toNanos();
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> e) {
                return size() > cacheSize;
            }
        };
    }

    @Override
    public CompletableFuture<List<X509Certificate>> fetch(URI caIssuersUrl) {
        Objects.requireNonNull(caIssuersUrl, "caIssuersUrl");
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("AiaFetcher is closed"));
        }
        if (!"http".equalsIgnoreCase(caIssuersUrl.getScheme()) || caIssuersUrl.getHost() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "caIssuersUrl: " + caIssuersUrl + " (expected: an http:// URL with a host)"));
        }
        String key = caIssuersUrl.toString();
        CompletableFuture<List<X509Certificate>> result;
        boolean start = false;
        synchronized (cache) {
            Cached c = cache.get(key);
            if (c != null && c.result().isCompletedExceptionally()
                    && System.nanoTime() - c.startedNanos() > failureTtlNanos) {
                c = null; // a failure is remembered for a while only: the CA's server may be back
            }
            if (c == null) {
                c = new Cached(new CompletableFuture<>(), System.nanoTime());
                cache.put(key, c);
                start = true;
            }
            result = c.result();
        }
        if (start) {
            CompletableFuture<List<X509Certificate>> target = result;
            get(caIssuersUrl, caIssuersUrl.getHost(), MAX_REDIRECTS)
                    .thenApplyAsync(AiaFetcher::parseBody, parseExecutor)
                    .whenComplete((certs, error) -> {
                        if (error != null) {
                            target.completeExceptionally(error instanceof java.util.concurrent.CompletionException
                                    && error.getCause() != null ? error.getCause() : error);
                        } else {
                            target.complete(certs);
                        }
                    });
        }
        return result.copy();
    }

    /** Number of URLs cached. */
    int cacheSize() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Stops new fetches and empties the cache; the engine is the caller's and stays open. */
    @Override
    public void close() {
        closed = true;
        synchronized (cache) {
            cache.clear();
        }
    }

    private static List<X509Certificate> parseBody(byte[] body) {
        try {
            List<X509Certificate> certs = Certificates.parseAny(body);
            if (certs.isEmpty()) {
                throw new AiaException("no certificate in the response body");
            }
            return List.copyOf(certs);
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof AiaException a) {
                throw a;
            }
            throw new AiaException("the body is not DER, PEM or PKCS#7 certificates: " + e.getMessage());
        }
    }

    private CompletableFuture<byte[]> get(URI url, String originalHost, int redirectsLeft) {
        String host = url.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = url.getPort() < 0 ? 80 : url.getPort();
        CompletableFuture<List<InetAddress>> addresses;
        try {
            addresses = engine.resolve(bare);
        } catch (RuntimeException e) {
            addresses = CompletableFuture.failedFuture(e);
        }
        return addresses.handle((list, failure) -> {
            if (failure != null || list == null || list.isEmpty()) {
                throw new AiaException("cannot resolve " + host);
            }
            String refusal = access.refusal(host, list);
            if (refusal != null) {
                throw new AiaRefused(refusal);
            }
            return list.get(0);
        }).thenCompose(address -> engine.session(new InetSocketAddress(address, port),
                () -> new AiaHttpSession(url, maxBodyBytes))).thenCompose(exchange -> {
                    AiaHttpSession.Answer answer = answer(exchange, port);
                    if (answer.status() == 200 && answer.body() != null) {
                        return CompletableFuture.completedFuture(answer.body());
                    }
                    if (answer.status() >= 300 && answer.status() < 400) {
                        return redirect(url, originalHost, redirectsLeft, answer);
                    }
                    throw new AiaException("HTTP " + answer.status());
                });
    }

    private AiaHttpSession.Answer answer(Exchange<AiaHttpSession.Answer> exchange, int port) {
        AiaHttpSession.Answer answer = exchange.response();
        if (answer == null) {
            throw new AiaException("cannot connect to port " + port + " (" + exchange.outcome().name()
                    .toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        if (answer.status() == 0) {
            throw new AiaException(answer.failure() != null ? answer.failure()
                    : "no answer (" + exchange.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
        }
        return answer;
    }

    private CompletableFuture<byte[]> redirect(URI url, String originalHost, int redirectsLeft,
            AiaHttpSession.Answer answer) {
        if (answer.location() == null) {
            throw new AiaException("HTTP " + answer.status() + " without Location");
        }
        if (redirectsLeft == 0) {
            throw new AiaException("more than " + MAX_REDIRECTS + " redirects");
        }
        URI next;
        try {
            next = url.resolve(new URI(answer.location()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new AiaException("a redirect to something that is not a URL");
        }
        if (!"http".equalsIgnoreCase(next.getScheme()) || next.getHost() == null) {
            throw new AiaRefused("a redirect to " + next.getScheme() + ": only http:// is followed");
        }
        if (!next.getHost().equalsIgnoreCase(originalHost)) {
            throw new AiaRefused("a redirect to another host (" + next.getHost() + "): not followed");
        }
        return get(next, originalHost, redirectsLeft - 1);
    }

    /** A fetch that failed; the message says what went wrong (the URL is known to the caller). */
    static class AiaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AiaException(String message) {
            super(message, null, false, false);
        }
    }

    /** A fetch that was not made: the URL, its address or a redirect is not allowed. */
    static final class AiaRefused extends AiaException {
        private static final long serialVersionUID = 1L;

        AiaRefused(String message) {
            super(message);
        }
    }
}
