package dev.tlsweep.lab;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Test clients that report what a server negotiated and sent. */
final class TlsClients {

    private TlsClients() {
    }

    /** What one handshake negotiated and received. */
    record Handshake(String protocol, String cipher, List<X509Certificate> chain, String response) {
    }

    /** Accepts any chain: the tests look at what was sent, not whether it is trusted. */
    private static final class AcceptAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** A JDK client; null lists mean the JDK's defaults. */
    static Handshake jdk(InetSocketAddress address, List<String> protocols, List<String> ciphers, String sni)
            throws IOException, GeneralSecurityException {
        return jdk(address, protocols, ciphers, sni, false);
    }

    /** Like {@link #jdk(InetSocketAddress, List, List, String)}, sending {@code GET /} first when asked (s_server -www waits for it). */
    static Handshake jdk(InetSocketAddress address, List<String> protocols, List<String> ciphers, String sni,
            boolean sendGet) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AcceptAll()}, null);
        try (Socket plain = new Socket()) {
            plain.connect(address, 5_000);
            plain.setSoTimeout(5_000);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, address.getHostString(), address.getPort(), true)) {
                SSLParameters parameters = socket.getSSLParameters();
                if (protocols != null) {
                    parameters.setProtocols(protocols.toArray(new String[0]));
                }
                if (ciphers != null) {
                    parameters.setCipherSuites(ciphers.toArray(new String[0]));
                }
                parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : socket.getSession().getPeerCertificates()) {
                    chain.add((X509Certificate) c);
                }
                String protocol = socket.getSession().getProtocol();
                String cipher = socket.getSession().getCipherSuite();
                if (sendGet) {
                    socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                }
                return new Handshake(protocol, cipher, chain, readAll(socket.getInputStream()));
            }
        }
    }

    static Handshake jdk(InetSocketAddress address) throws IOException, GeneralSecurityException {
        return jdk(address, null, null, null);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int i = 0; i < 1000; i++) {
            int n;
            try {
                n = in.read(buffer);
            } catch (javax.net.ssl.SSLException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final Pattern NEGOTIATED = Pattern.compile("New, (\\S+), Cipher is (\\S+)");
    private static final Pattern PROTOCOL = Pattern.compile("Protocol\\s*:\\s*(\\S+)");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL);

    /** An {@code openssl s_client -showcerts} run against the address; protocol and cipher are null when it failed. */
    static Handshake openssl(InetSocketAddress address, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client",
                "-connect", address.getAddress().getHostAddress() + ":" + address.getPort(), "-showcerts"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] bytes;
        try (InputStream in = process.getInputStream()) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("s_client did not finish: " + command);
            }
            bytes = in.readAllBytes();
        }
        String output = new String(bytes, StandardCharsets.UTF_8);
        String protocol = null;
        String cipher = null;
        Matcher m = NEGOTIATED.matcher(output);
        if (m.find() && !"(NONE)".equals(m.group(2))) {
            cipher = m.group(2);
            Matcher p = PROTOCOL.matcher(output);
            protocol = p.find() ? p.group(1) : m.group(1);
        }
        List<X509Certificate> chain = new ArrayList<>();
        Matcher pem = PEM.matcher(output);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (pem.find()) {
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(pem.group().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot parse s_client output:\n" + output, e);
        }
        return new Handshake(protocol, cipher, chain, output);
    }
}
