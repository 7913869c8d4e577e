package dev.tlsweep.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * ngtcp2's example HTTP/3 server over GnuTLS, {@code gtlsserver} (Debian's ngtcp2-server), as a child process on a
 * free UDP port of 127.0.0.1: an independent QUIC implementation whose TLS suites and groups are set by GnuTLS
 * priority strings ({@code --ciphers}, {@code --groups}), with address validation by Retry on demand ({@code -V}).
 * It serves until {@link #close()}, which kills it. Its client, {@code gtlsclient} (ngtcp2-client), is the reference
 * client of the tests ({@link #clientConnects}).
 */
public final class QuicServer implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final int BIND_ATTEMPTS = 5;

    private final Process process;
    private final int port;
    private final Path directory;
    private final StringBuilder output;

    private QuicServer(Process process, int port, Path directory, StringBuilder output) {
        this.process = process;
        this.port = port;
        this.directory = directory;
        this.output = output;
    }

    /** True when {@code gtlsserver} is installed. */
    public static boolean available() {
        return ChildProcesses.runs(false, "gtlsserver", "--help");
    }

    /** True when {@code gtlsclient} is installed. */
    public static boolean clientAvailable() {
        return ChildProcesses.runs(false, "gtlsclient", "--help");
    }

    /**
     * Starts {@code gtlsserver} on 127.0.0.1 with {@code certificate} (served with its issuers), the GnuTLS priority
     * strings of its suites ({@code ciphers}, null for its default) and groups ({@code groups}, null for its default)
     * and extra arguments ({@code -V} for Retry), and waits (at most 10 s) until its UDP socket is bound.
     */
    public static QuicServer start(IssuedCertificate certificate, String ciphers, String groups, String... extraArgs) {
        Objects.requireNonNull(certificate, "certificate");
        Path dir;
        try {
            dir = Files.createTempDirectory("tlsweep-quic-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory", e);
        }
        try {
            certificate.writeTo(dir);
            Path cert = dir.resolve("fullchain.pem"); // served with its issuers
            Path key = dir.resolve("key.pem");
            String lastFailure = "";
            for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
                int port = ChildProcesses.freeUdpPort();
                List<String> command = new ArrayList<>(List.of("gtlsserver", "-q", "--timeout=5s", "-d",
                        dir.toString()));
                if (ciphers != null) {
                    command.add("--ciphers=" + ciphers);
                }
                if (groups != null) {
                    command.add("--groups=" + groups);
                }
                command.addAll(List.of(extraArgs));
                command.addAll(List.of("127.0.0.1", Integer.toString(port), key.toString(), cert.toString()));
                StringBuilder output = new StringBuilder();
                Process process = ChildProcesses.spawn(command, output, "gtlsserver-" + port);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
                try {
                    while (System.nanoTime() < deadline && process.isAlive()) {
                        if (bound(port)) {
                            return new QuicServer(process, port, dir, output);
                        }
                        Thread.sleep(20);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly(); // no server left behind by an interrupted start
                    throw e;
                }
                process.destroyForcibly();
                synchronized (output) {
                    lastFailure = String.join(" ", command) + "\n" + output;
                }
            }
            throw new IllegalStateException("gtlsserver did not start:\n" + lastFailure);
        } catch (IOException e) {
            ChildProcesses.deleteRecursively(dir);
            throw new UncheckedIOException("cannot run gtlsserver", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildProcesses.deleteRecursively(dir);
            throw new IllegalStateException("interrupted while starting gtlsserver", e);
        } catch (RuntimeException e) {
            ChildProcesses.deleteRecursively(dir);
            throw e;
        }
    }

    /** Whether a UDP socket of 127.0.0.1 is bound to {@code port} (read from /proc/net/udp). */
    private static boolean bound(int port) {
        String needle = String.format(Locale.ROOT, "0100007F:%04X ", port);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
                if (line.contains(needle)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The UDP port it listens on. */
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

    /**
     * The cipher suite {@code gtlsclient} negotiates with this server offering only {@code ciphers} and {@code groups}
     * (GnuTLS priority strings, null for its defaults) — GnuTLS's name, such as {@code AES-256-GCM} — or {@code null}
     * when its QUIC handshake does not complete: the reference client's word on what the server accepts. (Its exit
     * code says nothing: it is 0 after a refused handshake too, so its own report of the handshake is read.)
     */
    public String clientHandshake(String ciphers, String groups) {
        List<String> command = new ArrayList<>(List.of("gtlsclient", "--no-quic-dump", "--no-http-dump",
                "--exit-on-first-stream-close", "--timeout=3s"));
        if (ciphers != null) {
            command.add("--ciphers=" + ciphers);
        }
        if (groups != null) {
            command.add("--groups=" + groups);
        }
        command.addAll(List.of("127.0.0.1", Integer.toString(port), "https://127.0.0.1:" + port + "/"));
        try {
            Path log = Files.createTempFile(directory, "gtlsclient-", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            boolean completed = false;
            String suite = null;
            try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("QUIC handshake has completed")) {
                        completed = true;
                    } else if (line.startsWith("Negotiated cipher suite is ")) {
                        suite = line.substring("Negotiated cipher suite is ".length()).trim();
                    }
                }
            }
            return completed ? (suite == null ? "?" : suite) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run gtlsclient", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteRecursively(directory);
    }
}
