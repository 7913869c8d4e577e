package dev.tlsweep.lab;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.internal.tcnative.SSL;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A Netty TLS server on loopback with an exact configuration: provider, protocol versions,
 * cipher suites, preference order, the certificates and the exact chains served, SNI-dependent
 * certificates, an OCSP staple, client authentication.
 *
 * <p>Each accepted connection completes the handshake, gets a short HTTP-like response and is
 * closed. Connections that send nothing are closed after {@link Builder#idleTimeoutSeconds}.
 *
 * <pre>{@code
 * try (LabServer server = LabServer.builder().certificate(leaf).protocols("TLSv1.2").start()) {
 *     scan(server.address());
 * }
 * }</pre>
 */
public final class LabServer implements AutoCloseable {

    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup channels;
    private final List<SslContext> contexts;
    private final AtomicInteger accepted;
    private final AtomicInteger completed;
    private final AtomicInteger failed;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LabServer(EventLoopGroup group, Channel serverChannel, ChannelGroup channels, List<SslContext> contexts,
            AtomicInteger accepted, AtomicInteger completed, AtomicInteger failed) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.channels = channels;
        this.contexts = contexts;
        this.accepted = accepted;
        this.completed = completed;
        this.failed = failed;
    }

    /** A builder with defaults: BoringSSL, 127.0.0.1, an ephemeral port, the provider's default versions and suites. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bound port. */
    public int port() {
        return address().getPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Number of TLS handshakes that completed successfully. */
    public int handshakesCompleted() {
        return completed.get();
    }

    /** Number of connections whose handshake failed or was abandoned by the client. */
    public int handshakesFailed() {
        return failed.get();
    }

    /** Number of TCP connections accepted. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Stops accepting, closes every open connection and shuts the event loop down (bounded). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        group.shutdownGracefully(0, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .awaitUninterruptibly(2 * CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (SslContext context : contexts) {
            ReferenceCountUtil.release(context);
        }
    }

    /** Configuration of a {@link LabServer}. */
    public static final class Builder {
        private record Served(IssuedCertificate certificate, List<X509Certificate> chain) {
        }

        private TlsProvider provider = TlsProvider.BORINGSSL;
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port;
        private List<String> protocols;
        private List<String> ciphers;
        private boolean serverPreference = true;
        private final List<Served> served = new ArrayList<>();
        private List<X509Certificate> servedChain;
        private final Map<String, Served> sni = new LinkedHashMap<>();
        private byte[] ocspStaple;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private List<X509Certificate> clientTrust = List.of();
        private String response = "tlsweep lab\n";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private List<String> groups;
        private int idleTimeoutSeconds = 10;

        private Builder() {
        }

        /** The TLS implementation (default {@link TlsProvider#BORINGSSL}). */
        public Builder provider(TlsProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** The address to bind (default 127.0.0.1); must be a loopback address. */
        public Builder bind(InetAddress address) {
            Objects.requireNonNull(address, "address");
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("bind: " + address + " (expected: a loopback address)");
            }
            this.bind = address;
            return this;
        }

        /** The port (default 0: an ephemeral port). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
            this.port = port;
            return this;
        }

        /** Enabled versions: {@code "TLSv1"}, {@code "TLSv1.1"}, {@code "TLSv1.2"}, {@code "TLSv1.3"}. */
        public Builder protocols(String... protocols) {
            this.protocols = List.of(protocols);
            return this;
        }

        /**
         * Enabled cipher suites, exactly these, in this preference order: IANA/Java names
         * ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, {@code TLS_AES_128_GCM_SHA256}); with
         * BoringSSL, OpenSSL names work too. BoringSSL does not let TLS 1.3 suites be configured:
         * it always enables its three.
         */
        public Builder ciphers(String... ciphers) {
            this.ciphers = List.of(ciphers);
            return this;
        }

        /** Whether the server's suite order wins over the client's (default true). */
        public Builder serverPreference(boolean serverPreference) {
            this.serverPreference = serverPreference;
            return this;
        }

        /** The (only) certificate, served with its issuers unless {@link #servedChain} says otherwise. */
        public Builder certificate(IssuedCertificate certificate) {
            Objects.requireNonNull(certificate, "certificate");
            served.clear();
            served.add(new Served(certificate, null));
            return this;
        }

        /**
         * Exactly what to send after the first certificate's leaf: possibly empty (leaf only), in
         * the wrong order, with extra certificates or with the root.
         */
        public Builder servedChain(List<X509Certificate> chain) {
            this.servedChain = List.copyOf(Objects.requireNonNull(chain, "chain"));
            return this;
        }

        /**
         * Several certificates with different key types (e.g. RSA and ECDSA) on one server; the
         * TLS stack picks by the key type the negotiation needs. Each is served with its issuers.
         * Only the JDK provider can: Netty's OpenSSL engine installs every matching key in turn
         * on BoringSSL, which keeps only the last, so {@link #start()} refuses several with BORINGSSL.
         */
        public Builder certificates(IssuedCertificate... certificates) {
            served.clear();
            for (IssuedCertificate c : certificates) {
                served.add(new Served(Objects.requireNonNull(c, "certificates element"), null));
            }
            return this;
        }

        /** Adds one more certificate, served with exactly {@code chain} after its leaf. */
        public Builder addCertificate(IssuedCertificate certificate, List<X509Certificate> chain) {
            served.add(new Served(Objects.requireNonNull(certificate, "certificate"),
                    List.copyOf(Objects.requireNonNull(chain, "chain"))));
            return this;
        }

        /** Serves {@code certificate} (with its issuers) to clients whose SNI is {@code name}. */
        public Builder sni(String name, IssuedCertificate certificate) {
            return sni(name, certificate, Objects.requireNonNull(certificate, "certificate").issuers());
        }

        /** Serves {@code certificate} followed by exactly {@code chain} to clients whose SNI is {@code name}. */
        public Builder sni(String name, IssuedCertificate certificate, List<X509Certificate> chain) {
            Objects.requireNonNull(name, "name");
            sni.put(name.toLowerCase(Locale.ROOT), new Served(Objects.requireNonNull(certificate, "certificate"),
                    List.copyOf(Objects.requireNonNull(chain, "chain"))));
            return this;
        }

        /** A DER OCSP response stapled to every handshake (BoringSSL only). */
        public Builder ocspStaple(byte[] ocspResponse) {
            this.ocspStaple = Objects.requireNonNull(ocspResponse, "ocspResponse").clone();
            return this;
        }

        /** Client certificate mode (default NONE); REQUIRE and OPTIONAL need {@link #clientTrust}. */
        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /** Trust anchors for client certificates. */
        public Builder clientTrust(X509Certificate... anchors) {
            this.clientTrust = List.of(anchors);
            return this;
        }

        /** An HTTP response header (e.g. Strict-Transport-Security, Server) sent after the handshake. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The key-exchange groups, in the server's order, by BoringSSL's names ({@code X25519MLKEM768},
         * {@code X25519}, {@code P-256}, ...): BORINGSSL only.
         */
        public Builder groups(String... names) {
            this.groups = List.of(names);
            return this;
        }

        /** The text sent after the HTTP header once the handshake completes. */
        public Builder response(String body) {
            this.response = Objects.requireNonNull(body, "body");
            return this;
        }

        /** Seconds without reads after which a connection is closed (default 10). */
        public Builder idleTimeoutSeconds(int seconds) {
            if (seconds <= 0) {
                throw new IllegalArgumentException("idleTimeoutSeconds: " + seconds + " (expected: > 0)");
            }
            this.idleTimeoutSeconds = seconds;
            return this;
        }

        /** Builds the TLS contexts, binds and returns the running server. */
        public LabServer start() {
            if (served.isEmpty()) {
                throw new IllegalStateException("certificate: none (expected: certificate(...) or certificates(...))");
            }
            if (served.size() > 1 && provider == TlsProvider.BORINGSSL) {
                throw new IllegalStateException("certificates: " + served.size()
                        + " with provider BORINGSSL (expected: 1; BoringSSL keeps one key per connection,"
                        + " use provider JDK or OpenSslServer for several)");
            }
            if (groups != null && provider != TlsProvider.BORINGSSL) {
                throw new IllegalStateException("groups: set with provider " + provider + " (expected: BORINGSSL)");
            }
            if (ocspStaple != null && provider != TlsProvider.BORINGSSL) {
                throw new IllegalStateException("ocspStaple: set with provider " + provider + " (expected: BORINGSSL)");
            }
            if (clientAuth != ClientAuth.NONE && clientTrust.isEmpty()) {
                throw new IllegalStateException("clientTrust: none (expected: anchors when clientAuth is " + clientAuth + ")");
            }
            List<SslContext> contexts = new ArrayList<>();
            try {
                List<Served> main = new ArrayList<>(served);
                if (servedChain != null) {
                    main.set(0, new Served(main.get(0).certificate(), servedChain));
                }
                SslContext defaultContext = context(main);
                contexts.add(defaultContext);
                Map<String, SslContext> byName = new LinkedHashMap<>();
                for (Map.Entry<String, Served> e : sni.entrySet()) {
                    SslContext c = context(List.of(e.getValue()));
                    contexts.add(c);
                    byName.put(e.getKey(), c);
                }
                return bindServer(defaultContext, Map.copyOf(byName), List.copyOf(contexts));
            } catch (SSLException | RuntimeException e) {
                for (SslContext c : contexts) {
                    ReferenceCountUtil.release(c);
                }
                throw e instanceof RuntimeException re ? re
                        : new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
            }
        }

        private SslContext context(List<Served> identities) throws SSLException {
            List<LabKeyManager.Entry> entries = new ArrayList<>();
            for (Served s : identities) {
                List<X509Certificate> chain = new ArrayList<>();
                chain.add(s.certificate().certificate());
                chain.addAll(s.chain() != null ? s.chain() : s.certificate().issuers());
                entries.add(new LabKeyManager.Entry("id" + entries.size(), s.certificate().key(),
                        chain.toArray(new X509Certificate[0])));
            }
            SslContextBuilder builder = SslContextBuilder.forServer(new LabKeyManager(entries))
                    .sslProvider(provider == TlsProvider.BORINGSSL ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK)
                    .clientAuth(clientAuth);
            if (protocols != null) {
                builder.protocols(protocols);
            }
            if (ciphers != null) {
                builder.ciphers(ciphers);
            }
            if (!clientTrust.isEmpty()) {
                builder.trustManager(clientTrust);
            }
            if (ocspStaple != null) {
                builder.enableOcsp(true);
            }
            if (groups != null) {
                builder.option(io.netty.handler.ssl.OpenSslContextOption.GROUPS, groups.toArray(new String[0]));
            }
            SslContext context = builder.build();
            return context;
        }

        private SslHandler configure(SslHandler handler) {
            SSLEngine engine = handler.engine();
            if (provider == TlsProvider.JDK) {
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setUseCipherSuitesOrder(serverPreference);
                engine.setSSLParameters(parameters);
            }
            if (engine instanceof ReferenceCountedOpenSslEngine openssl) {
                // Netty sets SSL_OP_CIPHER_SERVER_PREFERENCE on every OpenSSL context; clear it for client order.
                long ssl = openssl.sslPointer();
                if (serverPreference) {
                    SSL.setOptions(ssl, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
                } else {
                    SSL.clearOptions(ssl, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
                }
                if (ocspStaple != null) {
                    openssl.setOcspResponse(ocspStaple);
                }
            }
            return handler;
        }

        private LabServer bindServer(SslContext defaultContext, Map<String, SslContext> byName,
                List<SslContext> contexts) {
            byte[] body = response.getBytes(StandardCharsets.UTF_8);
            StringBuilder extra = new StringBuilder();
            headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
            byte[] header = ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\n" + extra + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] reply = new byte[header.length + body.length];
            System.arraycopy(header, 0, reply, 0, header.length);
            System.arraycopy(body, 0, reply, header.length, body.length);

            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            ChannelGroup channels = new DefaultChannelGroup("lab-server", GlobalEventExecutor.INSTANCE);
            int timeout = idleTimeoutSeconds;
            ChannelInitializer<SocketChannel> initializer = new ChannelInitializer<>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    accepted.incrementAndGet();
                    channels.add(ch);
                    ch.pipeline().addLast(new ReadTimeoutHandler(timeout));
                    if (byName.isEmpty()) {
                        ch.pipeline().addLast(configure(defaultContext.newHandler(ch.alloc())));
                    } else {
                        ch.pipeline().addLast(new SniHandler(
                                hostname -> hostname == null ? defaultContext
                                        : byName.getOrDefault(hostname.toLowerCase(Locale.ROOT), defaultContext)) {
                            @Override
                            protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                                return configure(super.newSslHandler(context, allocator));
                            }
                        });
                    }
                    ch.pipeline().addLast(new Responder(reply, completed, failed));
                }
            };
            try {
                Channel server = new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(initializer)
                        .bind(bind, port)
                        .syncUninterruptibly()
                        .channel();
                return new LabServer(group, server, channels, contexts, accepted, completed, failed);
            } catch (RuntimeException e) {
                group.shutdownGracefully(0, CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                throw new IllegalStateException("cannot bind " + bind.getHostAddress() + ":" + port, e);
            }
        }
    }

    /** Answers a completed handshake with the canned reply and closes; counts outcomes. */
    private static final class Responder extends ChannelInboundHandlerAdapter {
        private final byte[] reply;
        private final AtomicInteger completed;
        private final AtomicInteger failed;
        private boolean done;

        Responder(byte[] reply, AtomicInteger completed, AtomicInteger failed) {
            this.reply = reply;
            this.completed = completed;
            this.failed = failed;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent event && !done) {
                done = true;
                if (event.isSuccess()) {
                    completed.incrementAndGet();
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
                } else {
                    failed.incrementAndGet();
                    ctx.close();
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!done) {
                done = true;
                failed.incrementAndGet();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
