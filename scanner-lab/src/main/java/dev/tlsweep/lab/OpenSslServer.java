package dev.tlsweep.lab;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code openssl s_server} started as a child process on 127.0.0.1, for tests that need a
 * server the project's own TLS stacks cannot be: TLS 1.0 with legacy suites, {@code @SECLEVEL=0},
 * OpenSSL's exact suite and preference behaviour.
 *
 * <p>The server runs in {@code -www} mode (it answers {@code GET /} with a status page) and serves
 * until {@link #close()}, which kills it. Its output (stdout and stderr) is drained by a daemon
 * thread so the pipe never fills, and kept (bounded) for {@link #output()}. It never loads the
 * system trust store, so the chain sent is exactly the configured one.
 *
 * <p>Note that {@code s_server} handles one connection at a time.
 */
public final class OpenSslServer implements AutoCloseable {

    private static final int MAX_OUTPUT_CHARS = 256 * 1024;
    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final int BIND_ATTEMPTS = 5;
    private static final Set<String> VERSIONS = Set.of("tls1", "tls1_1", "tls1_2", "tls1_3");
    private static final List<String> ALL_VERSIONS = List.of("tls1", "tls1_1", "tls1_2", "tls1_3");

    private final Process process;
    private final InetSocketAddress address;
    private final Path directory;
    private final StringBuilder output;
    private final Thread drainer;
    private final List<String> command;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenSslServer(Process process, InetSocketAddress address, Path directory, StringBuilder output,
            Thread drainer, List<String> command) {
        this.process = process;
        this.address = address;
        this.directory = directory;
        this.output = output;
        this.drainer = drainer;
        this.command = command;
    }

    /** True when {@code openssl} is on the PATH and {@code openssl version} runs within 5 seconds. */
    public static boolean available() {
        return ChildProcesses.runs(true, "openssl", "version");
    }

    /** A builder; a certificate is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on. */
    public int port() {
        return address.getPort();
    }

    /** 127.0.0.1 and the port. */
    public InetSocketAddress address() {
        return address;
    }

    /** What the process printed so far (stdout and stderr merged, at most 256 KiB kept). */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** The command line the process was started with. */
    public List<String> command() {
        return command;
    }

    /** True while the process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process (politely, then forcibly after a bound) and deletes its files. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ChildProcesses.stop(process);
        try {
            drainer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ChildProcesses.deleteRecursively(directory);
    }

    /** Configuration of an {@link OpenSslServer}. */
    public static final class Builder {
        private IssuedCertificate certificate;
        private List<X509Certificate> servedChain;
        private List<String> versions;
        private IssuedCertificate second;
        private List<X509Certificate> secondChain;
        private String cipher;
        private String ciphersuites;
        private boolean serverPreference;
        private List<String> extraArgs = List.of();

        private Builder() {
        }

        /** The certificate and key, served with its issuers unless {@link #servedChain} says otherwise. */
        public Builder certificate(IssuedCertificate certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /** Exactly what to send after the leaf (may be empty: leaf only). */
        public Builder servedChain(List<X509Certificate> chain) {
            this.servedChain = List.copyOf(Objects.requireNonNull(chain, "chain"));
            return this;
        }

        /**
         * A second certificate of another key type ({@code -dcert}, {@code -dkey},
         * {@code -dcert_chain}), served with its issuers: a dual RSA + ECDSA server.
         */
        public Builder secondCertificate(IssuedCertificate certificate) {
            this.second = Objects.requireNonNull(certificate, "certificate");
            this.secondChain = certificate.issuers();
            return this;
        }

        /** Only TLS 1.2 ({@code -tls1_2}). */
        public Builder tls1_2Only() {
            return protocols("tls1_2");
        }

        /** Only TLS 1.3 ({@code -tls1_3}). */
        public Builder tls1_3Only() {
            return protocols("tls1_3");
        }

        /**
         * The enabled versions among {@code "tls1"}, {@code "tls1_1"}, {@code "tls1_2"},
         * {@code "tls1_3"}: one becomes {@code -tls1_2} etc., several become {@code -no_...} for
         * the others. When TLS 1.0 or 1.1 is enabled and no {@link #cipher} is given, the cipher
         * list is {@code DEFAULT:@SECLEVEL=0}, since OpenSSL 3 refuses their signatures otherwise.
         */
        public Builder protocols(String... versions) {
            if (versions.length == 0) {
                throw new IllegalArgumentException("protocols: none (expected: at least one of " + ALL_VERSIONS + ")");
            }
            for (String v : versions) {
                if (!VERSIONS.contains(v)) {
                    throw new IllegalArgumentException("protocols: " + v + " (expected: one of " + ALL_VERSIONS + ")");
                }
            }
            this.versions = List.of(versions);
            return this;
        }

        /** The TLS 1.2-and-below suite list in OpenSSL syntax ({@code -cipher}), e.g. {@code "AES128-SHA:@SECLEVEL=0"}. */
        public Builder cipher(String cipher) {
            this.cipher = Objects.requireNonNull(cipher, "cipher");
            return this;
        }

        /** The TLS 1.3 suite list ({@code -ciphersuites}), e.g. {@code "TLS_AES_128_GCM_SHA256"}. */
        public Builder ciphersuites(String ciphersuites) {
            this.ciphersuites = Objects.requireNonNull(ciphersuites, "ciphersuites");
            return this;
        }

        /** Whether the server's order wins ({@code -serverpref}); default false, as OpenSSL. */
        public Builder serverPreference(boolean serverPreference) {
            this.serverPreference = serverPreference;
            return this;
        }

        /** More arguments appended to the command line as given. */
        public Builder extraArgs(String... args) {
            this.extraArgs = List.of(args);
            return this;
        }

        /**
         * Writes the PEM files, starts the process on a free loopback port and waits (at most
         * 10 s) until it listens; retries on another port if the bind fails.
         *
         * @throws IllegalStateException with the process's output when it does not come up
         */
        public OpenSslServer start() {
            if (certificate == null) {
                throw new IllegalStateException("certificate: none (expected: certificate(...))");
            }
            Path dir;
            try {
                dir = Files.createTempDirectory("tlsweep-openssl-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temp directory", e);
            }
            try {
                Path cert = Pem.write(dir.resolve("cert.pem"), Pem.certificate(certificate.certificate()));
                Path key = Pem.write(dir.resolve("key.pem"), Pem.privateKey(certificate.key()));
                List<X509Certificate> chain = servedChain != null ? servedChain : certificate.issuers();
                Path chainFile = chain.isEmpty() ? null : Pem.write(dir.resolve("chain.pem"), Pem.certificates(chain));
                List<String> secondArgs = new ArrayList<>();
                if (second != null) {
                    secondArgs.addAll(List.of(
                            "-dcert", Pem.write(dir.resolve("dcert.pem"), Pem.certificate(second.certificate())).toString(),
                            "-dkey", Pem.write(dir.resolve("dkey.pem"), Pem.privateKey(second.key())).toString()));
                    if (!secondChain.isEmpty()) {
                        secondArgs.add("-dcert_chain");
                        secondArgs.add(Pem.write(dir.resolve("dchain.pem"), Pem.certificates(secondChain)).toString());
                    }
                }
                String lastFailure = "";
                for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
                    int port = ChildProcesses.freeTcpPort();
                    List<String> command = command(port, cert, key, chainFile, secondArgs);
                    Attempt result = launch(command, port, dir);
                    if (result.server != null) {
                        return result.server;
                    }
                    lastFailure = result.output;
                    if (!result.bindFailure) {
                        break;
                    }
                }
                throw new IllegalStateException("openssl s_server did not start:\n" + lastFailure);
            } catch (RuntimeException e) {
                ChildProcesses.deleteRecursively(dir);
                throw e;
            }
        }

        private List<String> command(int port, Path cert, Path key, Path chainFile, List<String> secondArgs) {
            List<String> command = new ArrayList<>(List.of("openssl", "s_server",
                    "-accept", "127.0.0.1:" + port,
                    "-cert", cert.toString(), "-key", key.toString(),
                    "-no-CAfile", "-no-CApath", "-no-CAstore", "-www"));
            if (chainFile != null) {
                command.add("-cert_chain");
                command.add(chainFile.toString());
            }
            command.addAll(secondArgs);
            boolean legacy = false;
            if (versions != null) {
                if (versions.size() == 1) {
                    command.add("-" + versions.get(0));
                } else {
                    for (String v : ALL_VERSIONS) {
                        if (!versions.contains(v)) {
                            command.add("-no_" + v);
                        }
                    }
                }
                legacy = versions.contains("tls1") || versions.contains("tls1_1");
            }
            String cipherList = cipher != null ? cipher : legacy ? "DEFAULT:@SECLEVEL=0" : null;
            if (cipherList != null) {
                command.add("-cipher");
                command.add(cipherList);
            }
            if (ciphersuites != null) {
                command.add("-ciphersuites");
                command.add(ciphersuites);
            }
            if (serverPreference) {
                command.add("-serverpref");
            }
            command.addAll(extraArgs);
            return List.copyOf(command);
        }

        private record Attempt(OpenSslServer server, String output, boolean bindFailure) {
        }

        private static Attempt launch(List<String> command, int port, Path dir) {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command.get(0), e);
            }
            StringBuilder output = new StringBuilder();
            Object ready = new Object();
            Thread drainer = new Thread(() -> drain(process, output, ready), "openssl-s_server-" + port);
            drainer.setDaemon(true);
            drainer.start();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
            synchronized (ready) {
                while (!isReady(output) && process.isAlive()) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        break;
                    }
                    try {
                        ready.wait(Math.min(left, 100));
                    } catch (InterruptedException e) {
                        ChildProcesses.stop(process);
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while starting openssl s_server", e);
                    }
                }
            }
            if (isReady(output) && process.isAlive()) {
                return new Attempt(new OpenSslServer(process, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        port), dir, output, drainer, command), null, false);
            }
            ChildProcesses.stop(process);
            try {
                drainer.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String text;
            synchronized (output) {
                text = String.join(" ", command) + "\n" + output;
            }
            boolean bindFailure = text.contains("bind") || text.contains("Address already in use");
            return new Attempt(null, text, bindFailure);
        }

        private static boolean isReady(StringBuilder output) {
            synchronized (output) {
                return output.indexOf("ACCEPT") >= 0;
            }
        }

        private static void drain(Process process, StringBuilder output, Object ready) {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        if (output.length() + line.length() < MAX_OUTPUT_CHARS) {
                            output.append(line).append('\n');
                        }
                    }
                    synchronized (ready) {
                        ready.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended or was killed
            }
            synchronized (ready) {
                ready.notifyAll();
            }
        }
    }
}
