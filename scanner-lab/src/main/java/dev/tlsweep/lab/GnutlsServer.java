package dev.tlsweep.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * GnuTLS's {@code gnutls-serv} (Debian's gnutls-bin) as a child process: a second independent TLS implementation for
 * the tests, configured by a GnuTLS priority string ({@code NORMAL:-GROUP-ALL:+GROUP-X25519}) and options such as
 * heartbeat support ({@code --heartbeat}) that OpenSSL no longer has. It runs in {@code --http} mode and serves until
 * {@link #close()}, which kills it. It listens on every interface (gnutls-serv has no bind option); the tests connect
 * over 127.0.0.1 only.
 */
public final class GnutlsServer implements AutoCloseable {

    /** Ports tried when another process holds the one chosen. */
    private static final int BIND_ATTEMPTS = 5;

    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final Process process;
    private final int port;
    private final Path directory;
    private final StringBuilder output;

    private GnutlsServer(Process process, int port, Path directory, StringBuilder output) {
        this.process = process;
        this.port = port;
        this.directory = directory;
        this.output = output;
    }

    /** True when {@code gnutls-serv} is on the PATH and runs. */
    public static boolean available() {
        return ChildProcesses.runs(true, "gnutls-serv", "--version");
    }

    /**
     * Starts {@code gnutls-serv} with {@code certificate} (served with its issuers), the priority string and extra
     * arguments, and waits (at most 10 s) until it accepts connections on 127.0.0.1.
     */
    public static GnutlsServer start(IssuedCertificate certificate, String priority, String... extraArgs) {
        Objects.requireNonNull(certificate, "certificate");
        Path dir;
        try {
            dir = Files.createTempDirectory("tlsweep-gnutls-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory", e);
        }
        try {
            certificate.writeTo(dir);
            Path cert = dir.resolve("fullchain.pem"); // served with its issuers
            Path key = dir.resolve("key.pem");
            String lastFailure = "";
            for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
                int port = ChildProcesses.freeTcpPort();
                List<String> command = new ArrayList<>(List.of("gnutls-serv", "--port", Integer.toString(port),
                        "--x509certfile", cert.toString(), "--x509keyfile", key.toString(), "--priority", priority,
                        "--disable-client-cert", "--http"));
                command.addAll(List.of(extraArgs));
                StringBuilder output = new StringBuilder();
                Process process = ChildProcesses.spawn(command, output, "gnutls-serv-" + port);
                // gnutls-serv listens on every address; it says "IPv4 ... port N...done" once 127.0.0.1:N is its own,
                // and "bind() failed" when another process holds the port there (it then goes on with IPv6 only).
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
                boolean taken = false;
                while (System.nanoTime() < deadline && process.isAlive()) {
                    String said;
                    synchronized (output) {
                        said = output.toString();
                    }
                    int v4 = said.indexOf("IPv4");
                    String afterV4 = v4 < 0 ? "" : said.substring(v4);
                    int line = afterV4.indexOf('\n');
                    String v4Line = line < 0 ? afterV4 : afterV4.substring(0, line);
                    if (v4Line.contains("bind() failed")) {
                        taken = true;
                        break;
                    }
                    if (v4Line.contains("done")) {
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                            return new GnutlsServer(process, port, dir, output);
                        } catch (IOException notYet) {
                            // listening, not yet accepting
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        process.destroyForcibly(); // no server left behind by an interrupted start
                        throw e;
                    }
                }
                process.destroyForcibly();
                synchronized (output) {
                    lastFailure = String.join(" ", command) + "\n" + output;
                }
                if (!taken) {
                    break;
                }
            }
            throw new IllegalStateException("gnutls-serv did not start:\n" + lastFailure);
        } catch (IOException e) {
            ChildProcesses.deleteRecursively(dir);
            throw new UncheckedIOException("cannot run gnutls-serv", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildProcesses.deleteRecursively(dir);
            throw new IllegalStateException("interrupted while starting gnutls-serv", e);
        } catch (RuntimeException e) {
            ChildProcesses.deleteRecursively(dir);
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** 127.0.0.1 and the port. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** What it printed (bounded). */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteRecursively(directory);
    }
}
