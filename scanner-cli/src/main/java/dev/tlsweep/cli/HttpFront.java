package dev.tlsweep.cli;

import dev.tlsweep.core.input.Printable;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
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
 * paths get 404 and other methods 405. Nothing is computed on the event loop: every route returns a future
 * that the {@link Routes} complete elsewhere.
 */
final class HttpFront implements AutoCloseable {

    /** The most bytes of a request line, of all headers, and of a body. */
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 8192;
    private static final int IDLE_SECONDS = 60;

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

    HttpFront(InetSocketAddress listen, Routes routes) throws InterruptedException {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(routes, "routes");
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tlsweep-http", true),
                NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                                    new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_BODY),
                                    new HttpObjectAggregator(MAX_BODY),
                                    new Handler(routes));
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

        Handler(Routes routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
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
                send(ctx, Response.text(404, "not found: " + Printable.echo(path) + " (try /metrics, /probe?target=host:port, "
                        + "/-/healthy, /-/ready)\n"), keepAlive, head);
                return;
            }
            if (!HttpMethod.GET.equals(req.method()) && !head) {
                send(ctx, new Response(405, "text/plain; charset=utf-8",
                        ("method " + Printable.echo(req.method().name()) + " not allowed (expected: GET or HEAD)\n").getBytes(StandardCharsets.UTF_8),
                        Map.of("Allow", "GET, HEAD")), keepAlive, head);
                return;
            }
            String accept = req.headers().get(HttpHeaderNames.ACCEPT);
            CompletableFuture<Response> answer = switch (path) {
                case "/metrics" -> routes.metrics(accept);
                case "/probe" -> routes.probe(parameters,
                        req.headers().get("X-Prometheus-Scrape-Timeout-Seconds"), accept);
                case "/-/healthy" -> CompletableFuture.completedFuture(Response.text(200, "Healthy.\n"));
                case "/-/ready" -> CompletableFuture.completedFuture(routes.ready() ? Response.text(200, "Ready.\n")
                        : Response.text(503, "Not ready: the first sweep of the inventory is still running.\n"));
                default -> CompletableFuture.completedFuture(Response.text(200,
                        "tlsweep serve\n\n/metrics          the latest result of every endpoint, and the scanner's own metrics\n"
                        + "/probe?target=... scan one allowed target now\n/-/healthy /-/ready\n"));
            };
            // One request at a time per connection: stop reading until this answer is written.
            ctx.channel().config().setAutoRead(false);
            answer.whenComplete((r, e) -> send(ctx, e == null ? r
                    : Response.text(500, "internal error: " + Printable.echo(String.valueOf(e)) + "\n"), keepAlive, head));
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
                    f.channel().config().setAutoRead(true);
                    f.channel().read();
                }
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
