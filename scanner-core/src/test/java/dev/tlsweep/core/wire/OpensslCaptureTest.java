package dev.tlsweep.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays genuine first flights recorded from {@code openssl s_server} on loopback. Skipped when no
 * openssl binary is available.
 */
class OpensslCaptureTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    static Path dir;

    private static X509Certificate leaf;
    private static X509Certificate ca;

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(opensslAvailable(), "openssl binary not available");
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(2048);
        KeyPair caKeys = kpg.generateKeyPair();
        KeyPair leafKeys = kpg.generateKeyPair();
        X500Name caName = new X500Name("CN=tlsweep wire test CA");
        ca = certificate(caName, caName, caKeys.getPublic(), caKeys.getPrivate(), true);
        leaf = certificate(caName, new X500Name("CN=localhost"), leafKeys.getPublic(), caKeys.getPrivate(), false);
        writePem(dir.resolve("leaf.pem"), leaf);
        writePem(dir.resolve("leaf.key"), leafKeys.getPrivate());
        writePem(dir.resolve("ca.pem"), ca);
    }

    private static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, PublicKey key, PrivateKey signer,
            boolean isCa) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (!isCa) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    }

    private static void writePem(Path file, Object o) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(o);
        }
    }

    /** Starts s_server, sends the hello over a plain socket and records the raw answer. */
    private static byte[] capture(ClientHelloSpec spec, String... serverArgs) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", dir.resolve("leaf.pem").toString(), "-key", dir.resolve("leaf.key").toString(),
                "-cert_chain", dir.resolve("ca.pem").toString(), "-quiet"));
        cmd.addAll(List.of(serverArgs));
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s_server-" + port + ".log").toFile()).start();
        try {
            awaitListening(port, server);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 3000);
                s.setSoTimeout(3000);
                OutputStream out = s.getOutputStream();
                out.write(ClientHelloEncoder.encode(spec));
                out.flush();
                InputStream in = s.getInputStream();
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                ServerFlightDecoder decoder = new ServerFlightDecoder();
                byte[] buf = new byte[4096];
                Instant deadline = Instant.now().plusSeconds(5);
                while (!decoder.isComplete() && Instant.now().isBefore(deadline)) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    if (n < 0) {
                        break;
                    }
                    raw.write(buf, 0, n);
                    decoder.offer(io.netty.buffer.Unpooled.wrappedBuffer(buf, 0, n));
                }
                return raw.toByteArray();
            }
        } finally {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void awaitListening(int port, Process server) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("s_server exited: "
                        + Files.readString(dir.resolve("s_server-" + port + ".log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("s_server did not listen on port " + port);
    }

    private static ClientHelloSpec.Builder tls12(int... suites) {
        return ClientHelloSpec.builder().serverName("localhost").supportedVersions().keyShares()
                .pskKeyExchangeModes(false).cipherSuites(suites);
    }

    @Test
    void tls12EcdheFlight() throws Exception {
        byte[] flight = capture(tls12(0xC02F).build());
        Flights.everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.complete()).isTrue();
            assertThat(f.serverHelloDone()).isTrue();
            assertThat(f.serverHello().negotiatedVersion()).isEqualTo(0x0303);
            assertThat(f.serverHello().cipherSuite()).isEqualTo(0xC02F);
            assertThat(f.serverHello().hasExtension(0xFF01)).isTrue();
            assertThat(f.certificate().certificates()).hasSize(2);
            assertThat(f.certificate().certificates().get(0)).isEqualTo(encoded(leaf));
            assertThat(f.certificate().certificates().get(1)).isEqualTo(encoded(ca));
            assertThat(f.serverKeyExchange().kind()).isEqualTo(KeyExchangeKind.ECDHE);
            assertThat(f.serverKeyExchange().namedGroup()).isEqualTo(0x001D);
            assertThat(f.bytesRead()).isEqualTo(flight.length);
        });
    }

    @Test
    void tls12DheFlight() throws Exception {
        byte[] flight = capture(tls12(0x009E).build(), "-cipher", "DHE-RSA-AES128-GCM-SHA256");
        Flights.everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.serverHelloDone()).isTrue();
            assertThat(f.serverHello().cipherSuite()).isEqualTo(0x009E);
            assertThat(f.serverKeyExchange().kind()).isEqualTo(KeyExchangeKind.DHE);
            assertThat(f.serverKeyExchange().dhPrimeBits()).isGreaterThanOrEqualTo(2048);
        });
    }

    @Test
    void tls13Flight() throws Exception {
        byte[] flight = capture(ClientHelloSpec.builder().serverName("localhost").build());
        Flights.everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.complete()).isTrue();
            assertThat(f.encryptedSeen()).isTrue();
            assertThat(f.serverHello().negotiatedVersion()).isEqualTo(0x0304);
            assertThat(f.serverHello().helloRetryRequest()).isFalse();
            assertThat(f.serverHello().keyShareGroup()).isEqualTo(0x001D);
            assertThat(f.certificate()).isNull();
        });
    }

    @Test
    void tls13HelloRetryRequest() throws Exception {
        byte[] flight = capture(ClientHelloSpec.builder().serverName("localhost").keyShares(0x001D)
                .supportedGroups(0x001D, 0x0017).build(), "-groups", "P-256");
        Flights.everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.complete()).isTrue();
            assertThat(f.serverHello().helloRetryRequest()).isTrue();
            assertThat(f.serverHello().keyShareGroup()).isEqualTo(0x0017);
        });
    }

    @Test
    void handshakeFailureAlert() throws Exception {
        byte[] flight = capture(tls12(0x0004).build());
        Flights.everySplit(flight, f -> {
            assertThat(f.error()).isNull();
            assertThat(f.serverHello()).isNull();
            assertThat(f.alert()).isNotNull();
            assertThat(f.alert().fatal()).isTrue();
            assertThat(f.alert().descriptionEnum()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        });
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}
