package dev.tlsweep.lab;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS "server" on loopback that answers ClientHellos from a fixed configuration and never
 * finishes a handshake: the first flight (ServerHello, Certificate, ServerKeyExchange with
 * random key material and signature-shaped garbage, ServerHelloDone; or a TLS 1.3 ServerHello and
 * its encrypted flight up to Finished, which a client can decrypt ({@link CannedTls13}: x25519, x448
 * and the NIST curves, the GCM and ChaCha20 suites; random bytes otherwise), whose CertificateVerify
 * is signature-shaped garbage; or an SSLv2 SERVER-HELLO) or an alert, then nothing until the client
 * or the hold timer closes the connection.
 *
 * <p>It exists to test a scanner against versions and suites no TLS library still serves
 * (SSLv2, SSLv3, export, RC4, DES, 3DES) and against server misbehaviours ({@link CannedQuirk}).
 * Its ClientHello parser is its own, independent of the scanner's.
 *
 * <pre>{@code
 * try (CannedResponder server = CannedResponder.builder()
 *         .version(0x0300, 0x000A, 0x0005)
 *         .version(0x0303, 0xC02F, 0x009E)
 *         .quirk(CannedQuirk.SILENT_ON_REJECT)
 *         .start()) {
 *     scan(server.address());
 * }
 * }</pre>
 */
public final class CannedResponder implements AutoCloseable {

    /**
     * The "memory" a {@link CannedQuirk#HEARTBLEED} responder leaks, repeated: a marker tests look for in reports, logs
     * and terminal output, where it must never appear.
     */
    public static final String LEAKED_MEMORY = "CANNED-SECRET-KEY-MATERIAL-never-print-me;";

    /** The most hellos kept for {@link #hellos()}; later ones are not recorded. */
    public static final int MAX_RECORDED_HELLOS = 10_000;

    private static final int MAX_SSLV2_CERTIFICATE = 30_000;
    private static final InetAddress LOCALHOST_V4 = localhostV4();

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup channels;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final List<ObservedHello> hellos = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean closed = new AtomicBoolean();

    private CannedResponder(CannedConfig config, InetAddress bind, int port) {
        CannedNegotiator negotiator = new CannedNegotiator(config);
        CannedFlights flights = new CannedFlights(config, serverShare(config.group()),
                rsaSignatureLength(config.chain().get(0)));
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("canned-responder", true),
                NioIoHandler.newFactory());
        channels = new DefaultChannelGroup("canned-responder", group.next());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.incrementAndGet();
                            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                            ch.closeFuture().addListener(f -> open.decrementAndGet());
                            channels.add(ch);
                            ch.pipeline().addLast(new CannedHandler(config, negotiator, flights, this::record));
                        }

                        private void record(ObservedHello hello) {
                            synchronized (hellos) {
                                if (hellos.size() < MAX_RECORDED_HELLOS) {
                                    hellos.add(hello);
                                }
                            }
                        }
                    });
            serverChannel = bootstrap.bind(bind, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** A builder with the defaults: 127.0.0.1, an ephemeral port, server preference, x25519, 2048-bit DH. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the responder listens on. */
    public int port() {
        return address().getPort();
    }

    /** The address the responder listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** How many connections were accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** The most connections that were open at the same time. */
    public int maxConcurrentConnections() {
        return maxOpen.get();
    }

    /** The ClientHellos received so far, in arrival order (at most {@link #MAX_RECORDED_HELLOS}). */
    public List<ObservedHello> hellos() {
        synchronized (hellos) {
            return List.copyOf(hellos);
        }
    }

    /** Stops listening, closes every connection and stops the event loop, waiting a few seconds at most. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "CannedResponder(" + (closed.get() ? "closed" : serverChannel.localAddress()) + ')';
    }

    /** A key share of the group: a real point for the NIST curves, random bytes of the right length otherwise. */
    static byte[] serverShare(int group) {
        String curve = switch (group) {
            case 0x0017 -> "secp256r1";
            case 0x0018 -> "secp384r1";
            case 0x0019 -> "secp521r1";
            default -> null;
        };
        if (curve != null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(curve));
                ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
                int size = (CannedSuites.keyShareLength(group) - 1) / 2;
                byte[] point = new byte[1 + 2 * size];
                point[0] = 4;
                fixed(key.getW().getAffineX(), point, 1, size);
                fixed(key.getW().getAffineY(), point, 1 + size, size);
                return point;
            } catch (GeneralSecurityException e) {
                // fall through to random bytes
            }
        }
        byte[] share = CannedFlights.randomBytes(CannedSuites.keyShareLength(group));
        share[0] |= 0x40; // never a leading zero: looks like a full-size value
        if (CannedSuites.isCurve(group) && group != 0x001D && group != 0x001E) {
            share[0] = 4; // uncompressed point marker
        }
        return share;
    }

    private static void fixed(BigInteger value, byte[] out, int offset, int size) {
        byte[] bytes = value.toByteArray();
        int copy = Math.min(bytes.length, size);
        System.arraycopy(bytes, bytes.length - copy, out, offset + size - copy, copy);
    }

    private static InetAddress localhostV4() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }

    static int rsaSignatureLength(byte[] der) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (certificate.getPublicKey() instanceof RSAPublicKey rsa) {
                return (rsa.getModulus().bitLength() + 7) / 8;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // a deliberately broken certificate: fall back to the usual size
        }
        return 256;
    }

    /** Configures and starts a {@link CannedResponder}. Not thread-safe. */
    public static final class Builder {

        private InetAddress bind = LOCALHOST_V4;
        private int port;
        private final TreeMap<Integer, List<Integer>> versions = new TreeMap<>();
        private boolean serverPreference = true;
        private List<byte[]> chain;
        private int group = 0x001D;
        private int dhPrimeBits = 2048;
        private final Set<CannedQuirk> quirks = EnumSet.noneOf(CannedQuirk.class);
        private Duration holdTime = Duration.ofSeconds(5);

        private Builder() {
        }

        /** The address to listen on; default 127.0.0.1 (the loopback address). */
        public Builder bind(InetAddress address) {
            this.bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port to listen on; default 0, an ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
            this.port = port;
            return this;
        }

        /**
         * Accepts a protocol version with its suites in server preference order; calling it again
         * for the same version replaces the list.
         *
         * @param wireVersion 0x0002 (SSLv2), 0x0300 (SSLv3) or 0x0301..0x0304 (TLS 1.0..1.3)
         * @param suitesInServerPreferenceOrder 16-bit suites, or 24-bit cipher kinds for SSLv2
         *     (for example 0x0700C0, SSL_CK_DES_192_EDE3_CBC_WITH_MD5)
         */
        public Builder version(int wireVersion, int... suitesInServerPreferenceOrder) {
            Objects.requireNonNull(suitesInServerPreferenceOrder, "suitesInServerPreferenceOrder");
            if (wireVersion != CannedConfig.SSL2 && (wireVersion < CannedConfig.SSL3 || wireVersion > CannedConfig.TLS13)) {
                throw new IllegalArgumentException("wireVersion: " + String.format("0x%04X", wireVersion)
                        + " (expected: 0x0002, 0x0300..0x0304)");
            }
            int max = wireVersion == CannedConfig.SSL2 ? 0xFFFFFF : 0xFFFF;
            List<Integer> suites = new ArrayList<>(suitesInServerPreferenceOrder.length);
            for (int suite : suitesInServerPreferenceOrder) {
                if (suite < 0 || suite > max) {
                    throw new IllegalArgumentException("suite: " + String.format("0x%X", suite)
                            + " (expected: 0.." + String.format("0x%X", max) + " for version "
                            + String.format("0x%04X", wireVersion) + ")");
                }
                suites.add(suite);
            }
            versions.put(wireVersion, List.copyOf(suites));
            return this;
        }

        /**
         * True (default): pick the first suite of the server's list that the client offered;
         * false: the first of the client's list that the server accepts.
         */
        public Builder serverPreference(boolean serverPreference) {
            this.serverPreference = serverPreference;
            return this;
        }

        /**
         * The DER certificates sent in the Certificate message (TLS 1.2 and below), leaf first;
         * SSLv2 sends the first. Default: a self-signed RSA 2048 certificate made at start.
         */
        public Builder certificateChain(List<byte[]> der) {
            Objects.requireNonNull(der, "der");
            if (der.isEmpty()) {
                throw new IllegalArgumentException("der: empty (expected: at least one certificate)");
            }
            List<byte[]> copy = new ArrayList<>(der.size());
            long total = 0;
            for (byte[] certificate : der) {
                Objects.requireNonNull(certificate, "certificate");
                if (certificate.length == 0) {
                    throw new IllegalArgumentException("certificate length: 0 (expected: > 0)");
                }
                total += 3 + certificate.length;
                copy.add(certificate.clone());
            }
            if (total > 0xFFFFFF) {
                throw new IllegalArgumentException("certificate list length: " + total + " (expected: <= 16777215)");
            }
            this.chain = List.copyOf(copy);
            return this;
        }

        /** The named group of ECDHE ServerKeyExchanges and TLS 1.3 key shares; default x25519 (0x001D). */
        public Builder keyExchangeGroup(int namedGroup) {
            if (namedGroup < 0 || namedGroup > 0xFFFF) {
                throw new IllegalArgumentException("namedGroup: " + namedGroup + " (expected: 0..65535)");
            }
            this.group = namedGroup;
            return this;
        }

        /** The size of p in DHE ServerKeyExchanges (export suites use 512 or 1024); default 2048. */
        public Builder dhPrimeBits(int bits) {
            if (bits < 256 || bits > 16384 || bits % 8 != 0) {
                throw new IllegalArgumentException("dhPrimeBits: " + bits + " (expected: a multiple of 8 in 256..16384)");
            }
            this.dhPrimeBits = bits;
            return this;
        }

        /** Adds misbehaviours. */
        public Builder quirk(CannedQuirk... quirks) {
            Objects.requireNonNull(quirks, "quirks");
            for (CannedQuirk quirk : quirks) {
                this.quirks.add(Objects.requireNonNull(quirk, "quirk"));
            }
            return this;
        }

        /**
         * How long a connection is kept open at most, answered or not (what a silent server makes
         * a client wait); default 5 seconds.
         */
        public Builder holdTime(Duration holdTime) {
            Objects.requireNonNull(holdTime, "holdTime");
            if (holdTime.isNegative() || holdTime.isZero() || holdTime.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("holdTime: " + holdTime + " (expected: > 0 and <= PT1M)");
            }
            this.holdTime = holdTime;
            return this;
        }

        /**
         * Generates the certificate if none was given, binds and starts serving.
         *
         * @throws IllegalStateException when no version was configured
         */
        public CannedResponder start() {
            if (versions.isEmpty()) {
                throw new IllegalStateException("versions: none (expected: at least one version(...))");
            }
            java.security.interfaces.RSAPrivateKey rsaKey = null;
            List<byte[]> certificates;
            if (chain != null) {
                if (quirks.contains(CannedQuirk.ROBOT_ORACLE)) {
                    throw new IllegalStateException("certificateChain: set with ROBOT_ORACLE (expected: none, the"
                            + " responder makes an RSA certificate whose key it holds)");
                }
                certificates = chain;
            } else {
                CannedSelfSigned.Identity identity = CannedSelfSigned.generateWithKey();
                certificates = List.of(identity.der());
                rsaKey = quirks.contains(CannedQuirk.ROBOT_ORACLE) ? identity.key() : null;
            }
            if (versions.containsKey(CannedConfig.SSL2) && certificates.get(0).length > MAX_SSLV2_CERTIFICATE) {
                throw new IllegalStateException("certificate length: " + certificates.get(0).length
                        + " (expected: <= " + MAX_SSLV2_CERTIFICATE + " to fit an SSLv2 SERVER-HELLO)");
            }
            CannedConfig config = new CannedConfig(Collections.unmodifiableNavigableMap(new TreeMap<>(versions)),
                    serverPreference, certificates, group, dhPrimeBits, Collections.unmodifiableSet(EnumSet.copyOf(
                            quirks.isEmpty() ? EnumSet.noneOf(CannedQuirk.class) : quirks)), holdTime, rsaKey);
            return new CannedResponder(config, bind, port);
        }
    }
}
