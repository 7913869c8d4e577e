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

    /** The client context, or why there is none; built on a thread of its own, started with this object. */
    private final CompletableFuture<Object> context = new CompletableFuture<>();

    /**
     * Starts building the client context on a daemon thread of its own (the first build loads the native library, a
     * few hundred milliseconds): the scan's enumeration runs meanwhile, and a scan that never gets as far as the
     * checks (a closed port) never waits for it.
     */
    HttpHead() {
        Thread builder = new Thread(() -> context.complete(build()), "tlsweep-tls-context");
        builder.setDaemon(true);
        builder.start();
    }

    /** The context, or a String saying why BoringSSL cannot be used. */
    private static Object build() {
        try {
            return SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null)
                    .protocols("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1").build();
        } catch (Exception | LinkageError e) {
            return "BoringSSL (netty-tcnative) is not usable here: " + e;
        }
    }

    /** The response head, fetched once per endpoint. */
    CompletableFuture<HttpsSession.Head> of(ProbeContext ctx, Tally tally) {
        return context.thenCompose(built -> {
            if (!(built instanceof SslContext c)) {
                return CompletableFuture.completedFuture(new HttpsSession.Head(-1, null, null, (String) built));
            }
            return ctx.once("https-head", () -> {
                tally.hello();
                String host = ctx.sni() != null ? ctx.sni() : hostOf(ctx);
                return ctx.session(() -> new HttpsSession(c, ctx.sni(), host)).thenApply(e -> e.response() != null
                        ? e.response() : new HttpsSession.Head(-1, null, null, "no connection: " + e.detail()));
            });
        });
    }

    private static String hostOf(ProbeContext ctx) {
        String ip = ctx.address().getAddress().getHostAddress();
        String literal = ip.contains(":") ? "[" + ip + "]" : ip;
        return ctx.address().getPort() == 443 ? literal : literal + ":" + ctx.address().getPort();
    }
}
