package dev.tlsweep.cli;

import dev.tlsweep.core.input.Printable;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of {@code tlsweep serve}, on Netty's HTTP codec and an event loop of its own. Requests are
 * treated as hostile: the request line, headers and body are bounded, only GET and HEAD are served, unknown
 * paths get 404 and other methods 405; connections are few and short-lived ({@link HttpConnections}). Nothing is
 * computed on the event loop: every route returns a future that the {@link Routes} complete elsewhere.
 */
final class HttpFront implements AutoCloseable {

    /** The most bytes of a request line, of all headers, and of a body. */
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 8192;

    /** An HTTP answer. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    /** What the server serves; each method returns without blocking. */
    interface Routes {
        CompletableFuture<Response> metrics(String accept);

        CompletableFuture<Response> probe(Map<String, List<String>> params, String scrapeTimeout, String accept);

        boolean ready();
    }

    private final MultiThreadIoEventLoopGroup group;
    private final Channel server;
    private final HttpConnections connections;

    HttpFront(InetSocketAddress listen, Routes routes) throws InterruptedException {
        this(listen, routes, WebConfig.none(), Runnable::run,
                new HttpConnections(HttpConnections.Limits.defaults(), new PrintWriter(System.err, true)));
    }

    /**
     * @param web         TLS and basic authentication of the listener ({@code --web-config-file})
     * @param auth        where password checks run (bcrypt is slow: never the event loop)
     * @param connections how many connections, for how long
     */
    HttpFront(InetSocketAddress listen, Routes routes, WebConfig web, java.util.concurrent.Executor auth,
            HttpConnections connections) throws InterruptedException {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(auth, "auth");
        this.connections = Objects.requireNonNull(connections, "connections");
        // Native epoll where there is one: it accepts and closes faster, which counts under a flood of connections.
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tlsweep-http", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap().group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .handler(connections.acceptor())
                    // A client may end its side once its request is sent (printf ... | nc): answer it all the same.
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // First: admitted or not, and on the clock from the first byte (handshake included).
                            ch.pipeline().addLast(connections.guard());
                            if (web.ssl() != null) {
                                ch.pipeline().addLast(web.ssl().newHandler(ch.alloc()));
                            }
                            // gzip (or deflate) when the client's Accept-Encoding asks for it, as Prometheus does.
                            ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_BODY),
                                    new HttpContentCompressor(),
                                    new HttpObjectAggregator(MAX_BODY),
                                    new Handler(routes, web, auth));
                        }
                    }).bind(listen).sync().channel();
        } catch (Exception e) { // bind() rethrows the socket's checked exceptions unchecked
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException) {
                throw new IllegalArgumentException("--listen: " + listen + ": " + e.getMessage()
                        + " (another process listens there?)", e);
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot listen on " + listen, e);
        }
    }

    /** The connections: open, evicted, timed out. */
    HttpConnections connections() {
        return connections;
    }

    /** The address listened on (with the actual port when 0 was asked for). */
    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Routes routes;
        private final WebConfig web;
        private final java.util.concurrent.Executor auth;

        Handler(Routes routes, WebConfig web, java.util.concurrent.Executor auth) {
            this.routes = routes;
            this.web = web;
            this.auth = auth;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            HttpConnections.answering(ctx.channel());
            boolean keepAlive = HttpUtil.isKeepAlive(req) && req.decoderResult().isSuccess();
            boolean head = HttpMethod.HEAD.equals(req.method());
            if (!req.decoderResult().isSuccess()) {
                send(ctx, Response.text(400, "malformed request\n"), false, false);
                return;
            }
            QueryStringDecoder uri = new QueryStringDecoder(req.uri());
            String path;
            Map<String, List<String>> parameters;
            try {
                path = uri.path();
                parameters = uri.parameters();
            } catch (IllegalArgumentException e) {
                send(ctx, Response.text(400, "malformed request URI: " + Printable.echo(e.getMessage()) + "\n"), false,
                        head);
                return;
            }
            boolean known = switch (path) {
                case "/", "/metrics", "/probe", "/-/healthy", "/-/ready" -> true;
                default -> false;
            };
            if (!known) {
                send(ctx, Response.text(404, "not found: " + Printable.echo(path)
                        + " (try /metrics, /probe?target=host:port, "
                        + "/-/healthy, /-/ready)\n"), keepAlive, head);
                return;
            }
            if (!HttpMethod.GET.equals(req.method()) && !head) {
                send(ctx, new Response(405, "text/plain; charset=utf-8",
                        ("method " + Printable.echo(req.method().name()) + " not allowed (expected: GET or HEAD)\n")
                                .getBytes(StandardCharsets.UTF_8),
                        Map.of("Allow", "GET, HEAD")), keepAlive, head);
                return;
            }
            String accept = req.headers().get(HttpHeaderNames.ACCEPT);
            String scrapeTimeout = req.headers().get("X-Prometheus-Scrape-Timeout-Seconds");
            // One request at a time per connection: stop reading until this answer is written.
            ctx.channel().config().setAutoRead(false);
            CompletableFuture<Response> answer;
            if (web.authenticates() && !path.equals("/-/healthy")) {
                // /-/healthy stays open: container health checks carry no credentials, and it tells nothing.
                String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
                answer = CompletableFuture.supplyAsync(() -> web.authorized(authorization), auth)
                        .thenCompose(ok -> ok ? route(path, parameters, scrapeTimeout, accept)
                                : CompletableFuture.completedFuture(new Response(401, "text/plain; charset=utf-8",
                                        "unauthorized\n".getBytes(StandardCharsets.UTF_8),
                                        Map.of("WWW-Authenticate", "Basic realm=\"tlsweep\""))));
            } else {
                answer = route(path, parameters, scrapeTimeout, accept);
            }
            answer.whenComplete((r, e) -> send(ctx, e == null ? r
                    : Response.text(500, "internal error: " + Printable.echo(String.valueOf(e)) + "\n"), keepAlive,
                    head));
        }

        private CompletableFuture<Response> route(String path, Map<String, List<String>> parameters,
                String scrapeTimeout, String accept) {
            return switch (path) {
                case "/metrics" -> routes.metrics(accept);
                case "/probe" -> routes.probe(parameters, scrapeTimeout, accept);
                case "/-/healthy" -> CompletableFuture.completedFuture(Response.text(200, "Healthy.\n"));
                case "/-/ready" -> CompletableFuture.completedFuture(routes.ready() ? Response.text(200, "Ready.\n")
                        : Response.text(503, "Not ready: the first sweep of the inventory is still running.\n"));
                default -> CompletableFuture.completedFuture(Response.text(200,
                        "tlsweep serve\n\n/metrics          the latest result of every endpoint, and the scanner's own metrics\n"
                        + "/probe?target=...[&module=...] scan one allowed target now\n/-/healthy /-/ready\n"));
            };
        }

        private static void send(ChannelHandlerContext ctx, Response r, boolean keepAlive, boolean head) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
            r.headers().forEach((k, v) -> res.headers().set(k, v));
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ctx.writeAndFlush(res).addListener((ChannelFutureListener) f -> {
                if (!keepAlive || !f.isSuccess()) {
                    f.channel().close();
                } else {
                    HttpConnections.answered(f.channel());
                    f.channel().config().setAutoRead(true);
                    f.channel().read();
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
