package dev.tlsweep.core.chain;

import dev.tlsweep.core.engine.ChannelSession;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.URI;

/**
 * One HTTP/1.1 GET of an AIA caIssuers URL as an engine session: the engine connects (under every limit it
 * owns), this session writes the request and reads one response, at most {@code maxBodyBytes} of body.
 */
final class AiaHttpSession implements ChannelSession<AiaHttpSession.Answer> {

    /**
     * What came back.
     *
     * @param status   the HTTP status, 0 when no complete response arrived
     * @param body     the body of a 200, else {@code null}
     * @param location the Location of a redirect, else {@code null}
     * @param failure  what went wrong before a complete response, else {@code null}
     */
    record Answer(int status, byte[] body, String location, String failure) {
    }

    private final URI url;
    private final int maxBodyBytes;
    private volatile Answer answer;

    AiaHttpSession(URI url, int maxBodyBytes) {
        this.url = url;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public Future<?> start(Channel channel) {
        Promise<Void> done = channel.eventLoop().newPromise();
        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(maxBodyBytes),
                new SimpleChannelInboundHandler<FullHttpResponse>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                        int status = msg.status().code();
                        answer = new Answer(status, status == 200 ? ByteBufUtil.getBytes(msg.content()) : null,
                                msg.headers().get(HttpHeaderNames.LOCATION), null);
                        done.trySuccess(null);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        boolean tooLarge = cause instanceof TooLongFrameException
                                || String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT)
                                        .contains("too large");
                        answer = new Answer(0, null, null, tooLarge ? "the response is larger than "
                                + maxBodyBytes + " bytes" : String.valueOf(cause.getMessage()));
                        done.tryFailure(cause);
                    }
                });
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort());
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        request.headers().set(HttpHeaderNames.ACCEPT, "application/pkix-cert, application/pkcs7-mime, */*");
        request.headers().set(HttpHeaderNames.USER_AGENT, "tlsweep");
        channel.writeAndFlush(request);
        return done;
    }

    @Override
    public Answer result() {
        Answer a = answer;
        return a != null ? a : new Answer(0, null, null, "no complete response");
    }
}
