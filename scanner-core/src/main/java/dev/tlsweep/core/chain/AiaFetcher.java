package dev.tlsweep.core.chain;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Fetches AIA caIssuers certificates with an asynchronous HTTP/1.1 GET on Netty.
 *
 * <p>Only {@code http://} URLs (caIssuers URLs are plain HTTP by design: the content is signed).
 * The body may be one DER certificate, PEM, or a certs-only PKCS#7 bundle ({@code .p7c}). Limits:
 * one timeout for connect and read together, a maximum body size, at most 3 redirects. The host
 * of every URL is resolved through the resolver given to the constructor (an IP literal needs
 * none). Results, failures included, are cached per URL (bounded, least recently used evicted),
 * so thousands of endpoints with the same CA cost one fetch. Network I/O runs on the given event
 * loop group; parsing runs on the given executor, never on an event loop.
 */
public final class AiaFetcher implements IssuerFetcher, AutoCloseable {

    /** Redirects followed at most. */
    static final int MAX_REDIRECTS = 3;
    /** Default cache size (URLs). */
    public static final int DEFAULT_CACHE_SIZE = 1000;

    private final EventLoopGroup group;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final Function<String, CompletableFuture<List<InetAddress>>> resolver;
    private final Executor parseExecutor;
    private final Class<? extends SocketChannel> channelClass;
    private final Map<String, CompletableFuture<List<X509Certificate>>> cache;
    private volatile boolean closed;

    /**
     * A fetcher with a cache of {@value #DEFAULT_CACHE_SIZE} URLs that parses on the common fork-join pool.
     *
     * @param group        the event loops the HTTP connections run on (NIO or epoll)
     * @param timeout      connect and read timeout of one request (e.g. 5 seconds)
     * @param maxBodyBytes the largest body accepted (e.g. 65536)
     * @param resolver     resolves a host name to addresses, asynchronously
     */
    public AiaFetcher(EventLoopGroup group, Duration timeout, int maxBodyBytes,
            Function<String, CompletableFuture<List<InetAddress>>> resolver) {
        this(group, timeout, maxBodyBytes, resolver, ForkJoinPool.commonPool(), DEFAULT_CACHE_SIZE);
    }

    /** As the four-argument constructor, with the executor that parses bodies and the cache size. */
    public AiaFetcher(EventLoopGroup group, Duration timeout, int maxBodyBytes,
            Function<String, CompletableFuture<List<InetAddress>>> resolver, Executor parseExecutor, int cacheSize) {
        this.group = Objects.requireNonNull(group, "group");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: > 0)");
        }
        if (cacheSize <= 0) {
            throw new IllegalArgumentException("cacheSize: " + cacheSize + " (expected: > 0)");
        }
        this.maxBodyBytes = maxBodyBytes;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.parseExecutor = Objects.requireNonNull(parseExecutor, "parseExecutor");
        this.channelClass = group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)
                ? EpollSocketChannel.class : NioSocketChannel.class;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<List<X509Certificate>>> e) {
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
            result = cache.get(key);
            if (result == null) {
                result = new CompletableFuture<>();
                cache.put(key, result);
                start = true;
            }
        }
        if (start) {
            CompletableFuture<List<X509Certificate>> target = result;
            get(caIssuersUrl, MAX_REDIRECTS)
                    .thenApplyAsync(AiaFetcher::parseBody, parseExecutor)
                    .whenComplete((certs, error) -> {
                        if (error != null) {
                            target.completeExceptionally(error);
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

    /** Stops new fetches and empties the cache; the event loop group is the caller's and stays open. */
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

    private CompletableFuture<byte[]> get(URI url, int redirectsLeft) {
        String host = url.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = url.getPort() < 0 ? 80 : url.getPort();
        CompletableFuture<List<InetAddress>> addresses;
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(bare);
        if (literal != null) {
            try {
                addresses = CompletableFuture.completedFuture(List.of(InetAddress.getByAddress(bare, literal)));
            } catch (UnknownHostException e) {
                addresses = CompletableFuture.failedFuture(e);
            }
        } else {
            try {
                addresses = Objects.requireNonNull(resolver.apply(bare), "resolver result");
            } catch (RuntimeException e) {
                addresses = CompletableFuture.failedFuture(e);
            }
        }
        return addresses.thenCompose(list -> {
            if (list == null || list.isEmpty()) {
                return CompletableFuture.failedFuture(new AiaException(host + ": no address"));
            }
            return request(url, new InetSocketAddress(list.get(0), port));
        }).thenCompose(response -> {
            if (response.location() == null) {
                return CompletableFuture.completedFuture(response.body());
            }
            if (redirectsLeft == 0) {
                return CompletableFuture.failedFuture(new AiaException(url + ": more than " + MAX_REDIRECTS
                        + " redirects"));
            }
            URI next;
            try {
                next = url.resolve(new URI(response.location()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return CompletableFuture.failedFuture(new AiaException(url + ": bad redirect " + response.location()));
            }
            if (!"http".equalsIgnoreCase(next.getScheme()) || next.getHost() == null) {
                return CompletableFuture.failedFuture(new AiaException(url + ": redirect to " + next
                        + " (only http:// is followed)"));
            }
            return get(next, redirectsLeft - 1);
        });
    }

    private record Response(byte[] body, String location) {
    }

    private CompletableFuture<Response> request(URI url, InetSocketAddress address) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        String hostHeader = url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
        String target = path;
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(maxBodyBytes),
                                new ResponseHandler(url, result));
                    }
                });
        bootstrap.connect(address).addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                result.completeExceptionally(new AiaException(url + ": cannot connect to " + address + ": "
                        + cf.cause().getMessage()));
                return;
            }
            Channel ch = cf.channel();
            ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
                if (result.completeExceptionally(new AiaException(url + ": no answer within " + timeout))) {
                    ch.close();
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((r, e) -> {
                timer.cancel(false);
                ch.close();
            });
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
            request.headers().set(HttpHeaderNames.HOST, hostHeader);
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            request.headers().set(HttpHeaderNames.ACCEPT, "application/pkix-cert, application/pkcs7-mime, */*");
            request.headers().set(HttpHeaderNames.USER_AGENT, "tlsweep");
            ch.writeAndFlush(request).addListener((ChannelFutureListener) wf -> {
                if (!wf.isSuccess()) {
                    result.completeExceptionally(new AiaException(url + ": cannot send the request: "
                            + wf.cause().getMessage()));
                }
            });
        });
        return result;
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final URI url;
        private final CompletableFuture<Response> result;

        ResponseHandler(URI url, CompletableFuture<Response> result) {
            this.url = url;
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            int status = msg.status().code();
            if (status == 200) {
                result.complete(new Response(ByteBufUtil.getBytes(msg.content()), null));
            } else if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = msg.headers().get(HttpHeaderNames.LOCATION);
                if (location == null) {
                    result.completeExceptionally(new AiaException(url + ": HTTP " + status + " without Location"));
                } else {
                    result.complete(new Response(null, location));
                }
            } else {
                result.completeExceptionally(new AiaException(url + ": HTTP " + status));
            }
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String what = cause instanceof io.netty.handler.codec.TooLongFrameException
                    || String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("too large")
                    ? "the response is larger than the limit" : String.valueOf(cause.getMessage());
            result.completeExceptionally(new AiaException(url + ": " + what));
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new AiaException(url + ": connection closed before a complete response"));
            ctx.fireChannelInactive();
        }
    }

    /** A fetch that failed; the message names the URL and what went wrong. */
    static final class AiaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AiaException(String message) {
            super(message, null, false, false);
        }
    }
}
