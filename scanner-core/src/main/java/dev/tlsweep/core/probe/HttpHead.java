package dev.tlsweep.core.probe;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTPS response head of an endpoint, fetched once ({@link HttpsSession}) and shared by {@link HstsCheck} and
 * {@link ServerHeaderCheck}. The client context is BoringSSL's (netty-tcnative), trusting any certificate — tlsweep's
 * own chain analysis judges the certificates; this only reads HTTP headers.
 */
final class HttpHead {

    private final SslContext context;
    private final String unavailable;

    /** Builds the client context; call off the event loops (the first call loads the native library). */
    HttpHead() {
        SslContext c = null;
        String why = null;
        try {
            c = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null)
                    .protocols("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1").build();
        } catch (Exception | LinkageError e) {
            why = "BoringSSL (netty-tcnative) is not usable here: " + e;
        }
        this.context = c;
        this.unavailable = why;
    }

    /** The response head, fetched once per endpoint. */
    CompletableFuture<HttpsSession.Head> of(ProbeContext ctx, Tally tally) {
        if (context == null) {
            return CompletableFuture.completedFuture(new HttpsSession.Head(-1, null, null, unavailable));
        }
        return ctx.once("https-head", () -> {
            tally.hello();
            String host = ctx.sni() != null ? ctx.sni() : hostOf(ctx);
            return ctx.session(() -> new HttpsSession(context, ctx.sni(), host)).thenApply(e -> e.response() != null
                    ? e.response() : new HttpsSession.Head(-1, null, null, "no connection: " + e.detail()));
        });
    }

    private static String hostOf(ProbeContext ctx) {
        String ip = ctx.address().getAddress().getHostAddress();
        String literal = ip.contains(":") ? "[" + ip + "]" : ip;
        return ctx.address().getPort() == 443 ? literal : literal + ":" + ctx.address().getPort();
    }
}
