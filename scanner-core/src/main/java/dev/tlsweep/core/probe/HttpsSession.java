package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.ChannelSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * One HTTPS request on a real TLS handshake (Netty's SslHandler on BoringSSL: what needs a finished handshake): a
 * {@code GET /} with the target's name as Host, and the response's status line and headers — nothing of the body.
 * Headers are bounded by the codec (8 KiB in all); the engine bounds the rest. Used on the connection's event loop only.
 */
final class HttpsSession implements ChannelSession<HttpsSession.Head> {

    /**
     * The response head, or why there is none.
     *
     * @param status  the status code, -1 when no HTTP response came
     * @param hsts    the Strict-Transport-Security header, or {@code null}
     * @param server  the Server header, or {@code null}
     * @param failure why no response came (handshake failure, not HTTP), or {@code null}
     * @param altSvc  the Alt-Svc header (RFC 7838; several joined by commas), at most 512 printable characters, or
     *                {@code null}
     */
    record Head(int status, String hsts, String server, String failure, String altSvc) {

        /** A head without Alt-Svc. */
        Head(int status, String hsts, String server, String failure) {
            this(status, hsts, server, failure, null);
        }
    }

    private final SslContext context;
    private final String sni;
    private final String host;
    private SslHandler ssl;
    private Head head;
    private String failure;

    HttpsSession(SslContext context, String sni, String host) {
        this.context = context;
        this.sni = sni;
        this.host = host;
    }

    @Override
    public Future<?> start(Channel channel) {
        Promise<Void> over = channel.eventLoop().newPromise();
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        ssl = sni == null ? context.newHandler(channel.alloc())
                : context.newHandler(channel.alloc(), sni, remote == null ? -1 : remote.getPort());
        ssl.setHandshakeTimeoutMillis(0); // the engine's timeouts apply
        if (sni != null) {
            try {
                SSLEngine engine = ssl.engine();
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(sni)));
                engine.setSSLParameters(parameters);
            } catch (IllegalArgumentException notAHostName) {
                // an IP literal: no SNI, as the hellos of the scan
            }
        }
        channel.pipeline().addLast(ssl, new HttpClientCodec(4096, 8192, 8192), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof SslHandshakeCompletionEvent done) {
                    if (!done.isSuccess()) {
                        failure = "TLS handshake failed: " + handshakeWords(done.cause());
                        over.trySuccess(null);
                        return;
                    }
                    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                            "/", Unpooled.EMPTY_BUFFER);
                    request.headers().set(HttpHeaderNames.HOST, host);
                    request.headers().set(HttpHeaderNames.USER_AGENT, "tlsweep");
                    request.headers().set(HttpHeaderNames.CONNECTION, "close");
                    ctx.writeAndFlush(request);
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof HttpResponse r && head == null) {
                        if (r.decoderResult().isFailure()) {
                            failure = "not HTTP: " + r.decoderResult().cause();
                        } else {
                            List<String> alt = r.headers().getAll("Alt-Svc");
                            head = new Head(r.status().code(), clip(r.headers().get("Strict-Transport-Security")),
                                    clip(r.headers().get(HttpHeaderNames.SERVER)), null,
                                    alt.isEmpty() ? null : clip(String.join(", ", alt), 512));
                        }
                        over.trySuccess(null);
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failure = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                over.trySuccess(null);
            }
        });
        return over;
    }

    @Override
    public Head result() {
        if (head != null) {
            return head;
        }
        return new Head(-1, null, null, failure != null ? failure
                : ssl != null && ssl.handshakeFuture().isSuccess() ? "no HTTP response" : "no TLS handshake");
    }

    /** At most 256 printable characters of a header. */
    static String clip(String value) {
        return clip(value, 256);
    }

    /** At most {@code max} printable characters of a header. */
    static String clip(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return b.toString();
    }

    /**
     * Why the TLS stack gave up, in TLS's words: the alert the server sent ({@code handshake_failure}, from
     * BoringSSL's {@code SSLV3_ALERT_HANDSHAKE_FAILURE}) or the stack's message, without its class names.
     */
    static String handshakeWords(Throwable cause) {
        String m = cause == null || cause.getMessage() == null ? "no reason given" : cause.getMessage();
        java.util.regex.Matcher alert = java.util.regex.Pattern.compile("(?:SSLV3|TLSV1)_ALERT_([A-Z_]+)").matcher(m);
        if (alert.find()) {
            return "the server sent a " + alert.group(1).toLowerCase(java.util.Locale.ROOT) + " alert";
        }
        int colon = m.lastIndexOf("Exception: ");
        return dev.tlsweep.core.input.Printable.cut(colon >= 0 ? m.substring(colon + 11) : m, 200);
    }
}
