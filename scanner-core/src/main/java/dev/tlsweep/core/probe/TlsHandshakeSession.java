package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.ChannelSession;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * One real TLS handshake through Netty's {@link SslHandler}, ending as soon as the handshake does:
 * no application data is sent. Captures the chain through a {@link CapturingTrustManager} (so it is
 * there even if the handshake fails afterwards, e.g. because a client certificate is demanded), the
 * stapled OCSP response, and the negotiated protocol and suite. Used on the connection's event loop only.
 */
final class TlsHandshakeSession implements ChannelSession<HandshakeCapture> {

    private final SslContext context;
    private final CapturingTrustManager trust;
    private final String sni;

    private SslHandler handler;

    TlsHandshakeSession(SslContext context, CapturingTrustManager trust, String sni) {
        this.context = context;
        this.trust = trust;
        this.sni = sni;
    }

    @Override
    public Future<?> start(Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        handler = sni == null ? context.newHandler(channel.alloc())
                : context.newHandler(channel.alloc(), sni, remote == null ? -1 : remote.getPort());
        handler.setHandshakeTimeoutMillis(0); // the engine's read and attempt timeouts apply
        SSLEngine engine = handler.engine();
        if (sni != null) {
            try {
                // Netty sends SNI only for names with a dot; the hellos of the scan send any name, so do we.
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(sni)));
                engine.setSSLParameters(parameters);
            } catch (IllegalArgumentException notAHostName) {
                // an IP literal or otherwise invalid name: the TLS library's choice stands
            }
        }
        channel.pipeline().addLast(handler);
        return handler.handshakeFuture();
    }

    @Override
    public HandshakeCapture result() {
        if (handler == null) {
            return new HandshakeCapture(List.of(), null, null, null, "the handshake did not start");
        }
        SSLEngine engine = handler.engine();
        List<byte[]> chain = trust.take(engine);
        Future<?> done = handler.handshakeFuture();
        String failure = done.isDone() && !done.isSuccess() ? describe(done.cause()) : null;
        String protocol = null;
        String suite = null;
        if (done.isSuccess()) {
            SSLSession session = engine.getSession();
            protocol = session.getProtocol();
            suite = session.getCipherSuite();
            if (chain == null) {
                try {
                    chain = CapturingTrustManager.encoded(session.getPeerCertificates());
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    chain = null;
                }
            }
        }
        byte[] ocsp = null;
        if (engine instanceof ReferenceCountedOpenSslEngine openssl) {
            try {
                ocsp = openssl.getOcspResponse();
            } catch (RuntimeException e) {
                ocsp = null; // the engine may already be shut down after a failure
            }
        }
        return new HandshakeCapture(chain == null ? List.of() : chain,
                ocsp == null || ocsp.length == 0 ? null : ocsp, protocol, suite, failure);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
