package dev.tlsweep.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real server from a Debian package — Postfix, Dovecot, vsftpd, Prosody, OpenLDAP's slapd, PostgreSQL, MariaDB
 * — started in the foreground as a child process on loopback ports, with a configuration written into a temporary
 * directory: the protocols and suites the tests then expect to find through STARTTLS. Nothing of the machine's own
 * configuration is used and nothing is left running: {@link #close()} stops the process and its children and
 * deletes the directory.
 *
 * <p>The daemons start as root (Postfix and Dovecot need it to start; they drop privileges to their own users);
 * PostgreSQL, which refuses root, runs as its {@code postgres} user. {@link #available(String)} says whether a
 * daemon can run here (its package installed, and root).
 *
 * <pre>{@code
 * try (LabDaemon pf = LabDaemon.postfix(cert, "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256")) {
 *     scan("smtp://127.0.0.1:" + pf.port("smtp"));
 * }
 * }</pre>
 */
public final class LabDaemon implements AutoCloseable {

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final String POSTGRES_BIN = "/usr/lib/postgresql/15/bin";

    private final String name;
    private final Process process;
    private final Path dir;
    private final Path log;
    private final Map<String, Integer> ports;

    private LabDaemon(String name, Process process, Path dir, Path log, Map<String, Integer> ports) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.ports = Map.copyOf(ports);
    }

    /** The executables each daemon needs. */
    private static final Map<String, List<String>> EXECUTABLES = Map.of(
            "postfix", List.of("/usr/sbin/postfix", "/usr/lib/postfix/sbin/master"),
            "dovecot", List.of("/usr/sbin/dovecot"),
            "vsftpd", List.of("/usr/sbin/vsftpd"),
            "prosody", List.of("/usr/bin/prosody"),
            "slapd", List.of("/usr/sbin/slapd", "/etc/ldap/schema/core.schema"),
            "postgresql", List.of(POSTGRES_BIN + "/postgres", POSTGRES_BIN + "/initdb"),
            "mariadb", List.of("/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db"));

    /**
     * Whether {@code daemon} ({@code postfix}, {@code dovecot}, {@code vsftpd}, {@code prosody}, {@code slapd},
     * {@code postgresql}, {@code mariadb}) can run here: its package is installed and the tests run as root.
     */
    public static boolean available(String daemon) {
        List<String> files = EXECUTABLES.get(daemon);
        if (files == null) {
            throw new IllegalArgumentException("daemon: " + daemon + " (expected: one of " + EXECUTABLES.keySet() + ")");
        }
        return isRoot() && files.stream().allMatch(f -> Files.exists(Path.of(f)));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The port of one of the daemon's listeners ({@code smtp}, {@code submission}, {@code imap}, ...). */
    public int port(String listener) {
        Integer p = ports.get(listener);
        if (p == null) {
            throw new IllegalArgumentException("listener: " + listener + " (expected: one of " + ports.keySet() + ")");
        }
        return p;
    }

    /** What the daemon wrote so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stop(process);
        ChildProcesses.deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "LabDaemon(" + name + ", " + ports + ")";
    }

    /**
     * Postfix: {@code smtp} (STARTTLS offered, TLS 1.2 only, {@code smtpTls12Ciphers} in the server's order),
     * {@code submission} (STARTTLS required, TLS 1.2 with {@code submissionTls12Ciphers} and TLS 1.3 with
     * OpenSSL's default suites) and {@code plain} (no TLS at all: STARTTLS is neither offered nor accepted).
     */
    public static LabDaemon postfix(IssuedCertificate cert, String smtpTls12Ciphers, String submissionTls12Ciphers) {
        Path dir = tempDir("postfix");
        Path pem = writeCertificate(dir, cert);
        int smtp = ChildProcesses.freeTcpPort();
        int submission = ChildProcesses.freeTcpPort();
        int plain = ChildProcesses.freeTcpPort();
        write(dir.resolve("etc/main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + dir.resolve("data"),
                "mail_owner = postfix",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = mx.lab.example",
                "mydestination =",
                "maillog_file = /dev/stdout",
                "smtpd_tls_chain_files = " + pem.resolve("key.pem") + ", " + pem.resolve("fullchain.pem"),
                "smtpd_tls_security_level = may",
                "smtpd_tls_protocols = >=TLSv1.2, <=TLSv1.2",
                "smtpd_tls_mandatory_protocols = >=TLSv1.2, <=TLSv1.2",
                "tls_high_cipherlist = " + smtpTls12Ciphers,
                "smtpd_tls_ciphers = high",
                "smtpd_tls_mandatory_ciphers = high",
                "tls_preempt_cipherlist = yes",
                "smtpd_tls_session_cache_database =",
                "smtpd_client_connection_count_limit = 0",
                ""));
        StringBuilder master = new StringBuilder()
                .append("127.0.0.1:").append(smtp).append(" inet n - n - - smtpd\n")
                .append("127.0.0.1:").append(submission).append(" inet n - n - - smtpd")
                .append(" -o smtpd_tls_security_level=encrypt -o tls_high_cipherlist=").append(submissionTls12Ciphers)
                .append(" -o smtpd_tls_protocols=>=TLSv1.2 -o smtpd_tls_mandatory_protocols=>=TLSv1.2\n")
                .append("127.0.0.1:").append(plain).append(" inet n - n - - smtpd -o smtpd_tls_security_level=none\n");
        for (String service : List.of("pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr", "tlsmgr unix - - n 1000? 1 tlsmgr", "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce", "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap",
                "smtp unix - - n - - smtp", "relay unix - - n - - smtp", "showq unix n - n - - showq",
                "error unix - - n - - error", "retry unix - - n - - error", "discard unix - - n - - discard",
                "local unix - n n - - local", "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache",
                "postlog unix-dgram n - n - 1 postlogd")) {
            master.append(service).append('\n');
        }
        write(dir.resolve("etc/master.cf"), master.toString());
        mkdirs(dir.resolve("queue"), dir.resolve("data"));
        chown(dir.resolve("data"), "postfix");
        return launch("postfix", dir, List.of("/usr/sbin/postfix", "-c", dir.resolve("etc").toString(), "start-fg"),
                ordered("smtp", smtp, "submission", submission, "plain", plain));
    }

    /**
     * Dovecot: {@code imap} and {@code pop3} (STARTTLS and STLS), TLS 1.2 with {@code tls12Ciphers} and TLS 1.3
     * with {@code tls13Suites}, in the server's order.
     */
    public static LabDaemon dovecot(IssuedCertificate cert, String tls12Ciphers, String tls13Suites) {
        Path dir = tempDir("dovecot");
        Path pem = writeCertificate(dir, cert);
        int imap = ChildProcesses.freeTcpPort();
        int pop3 = ChildProcesses.freeTcpPort();
        mkdirs(dir.resolve("run"), dir.resolve("state"));
        write(dir.resolve("dovecot.conf"), String.join("\n",
                "base_dir = " + dir.resolve("run"),
                "state_dir = " + dir.resolve("state"),
                "log_path = /dev/stderr",
                "protocols = imap pop3",
                "listen = 127.0.0.1",
                "ssl = yes",
                "ssl_cert = <" + pem.resolve("fullchain.pem"),
                "ssl_key = <" + pem.resolve("key.pem"),
                "ssl_min_protocol = TLSv1.2",
                "ssl_cipher_list = " + tls12Ciphers,
                "ssl_cipher_suites = " + tls13Suites,
                "ssl_prefer_server_ciphers = yes",
                "default_internal_user = dovecot",
                "default_login_user = dovenull",
                "passdb {", "  driver = static", "  args = password=unused", "}",
                "userdb {", "  driver = static", "  args = uid=nobody gid=nogroup home=" + dir.resolve("home"), "}",
                "service imap-login {",
                "  inet_listener imap {", "    address = 127.0.0.1", "    port = " + imap, "  }",
                "  inet_listener imaps {", "    port = 0", "  }",
                "}",
                "service pop3-login {",
                "  inet_listener pop3 {", "    address = 127.0.0.1", "    port = " + pop3, "  }",
                "  inet_listener pop3s {", "    port = 0", "  }",
                "}", ""));
        return launch("dovecot", dir, List.of("/usr/sbin/dovecot", "-F", "-c", dir.resolve("dovecot.conf").toString()),
                ordered("imap", imap, "pop3", pop3));
    }

    /** vsftpd: {@code ftp} (AUTH TLS), TLS 1.2 with {@code tls12Ciphers} and TLS 1.3 with OpenSSL's default suites. */
    public static LabDaemon vsftpd(IssuedCertificate cert, String tls12Ciphers) {
        Path dir = tempDir("vsftpd");
        Path pem = writeCertificate(dir, cert);
        int ftp = ChildProcesses.freeTcpPort();
        mkdirs(dir.resolve("empty"));
        write(dir.resolve("vsftpd.conf"), String.join("\n",
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + ftp, "background=NO",
                "anonymous_enable=YES", "allow_anon_ssl=YES", "anon_root=" + dir.resolve("empty"), "local_enable=NO",
                "secure_chroot_dir=" + dir.resolve("empty"),
                "ssl_enable=YES", "rsa_cert_file=" + pem.resolve("fullchain.pem"),
                "rsa_private_key_file=" + pem.resolve("key.pem"),
                "ssl_sslv2=NO", "ssl_sslv3=NO", "ssl_tlsv1=NO", "ssl_ciphers=" + tls12Ciphers,
                "require_ssl_reuse=NO", "xferlog_enable=NO", "max_per_ip=0", "max_clients=0", ""));
        return launch("vsftpd", dir, List.of("/usr/sbin/vsftpd", dir.resolve("vsftpd.conf").toString()),
                ordered("ftp", ftp));
    }

    /**
     * Prosody: {@code xmpp} (client-to-server) and {@code xmpp-server} (server-to-server) for the domain {@code
     * localhost}, STARTTLS required, TLS 1.2 only with {@code tls12Ciphers}.
     */
    public static LabDaemon prosody(IssuedCertificate cert, String tls12Ciphers) {
        Path dir = tempDir("prosody");
        Path pem = writeCertificate(dir, cert);
        int c2s = ChildProcesses.freeTcpPort();
        int s2s = ChildProcesses.freeTcpPort();
        mkdirs(dir.resolve("data"));
        write(dir.resolve("prosody.cfg.lua"), String.join("\n",
                "pidfile = \"" + dir.resolve("prosody.pid") + "\"",
                "data_path = \"" + dir.resolve("data") + "\"",
                "certificates = \"" + pem + "\"",
                "interfaces = { \"127.0.0.1\" }",
                "c2s_ports = { " + c2s + " }", "s2s_ports = { " + s2s + " }",
                "c2s_direct_tls_ports = { }", "s2s_direct_tls_ports = { }", "http_ports = { }", "https_ports = { }",
                "component_ports = { }",
                "log = { { levels = { min = \"warn\" }, to = \"console\" } }",
                "daemonize = false", "run_as_root = true",
                "modules_enabled = { \"tls\", \"dialback\", \"disco\" }",
                "modules_disabled = { \"posix\" }",
                "ssl = { certificate = \"" + pem.resolve("fullchain.pem") + "\"; key = \"" + pem.resolve("key.pem")
                        + "\"; protocol = \"tlsv1_2\"; ciphers = \"" + tls12Ciphers + "\"; options = { \"cipher_server_preference\" } }",
                "c2s_require_encryption = true", "s2s_require_encryption = true",
                "VirtualHost \"localhost\"", ""));
        return launch("prosody", dir, List.of("/usr/bin/prosody", "--config", dir.resolve("prosody.cfg.lua").toString(),
                "-F"), ordered("xmpp", c2s, "xmpp-server", s2s));
    }

    /** slapd (GnuTLS): {@code ldap} with StartTLS, the GnuTLS priority string {@code priority}. */
    public static LabDaemon slapd(IssuedCertificate cert, String priority) {
        Path dir = tempDir("slapd");
        Path pem = writeCertificate(dir, cert);
        int ldap = ChildProcesses.freeTcpPort();
        mkdirs(dir.resolve("db"));
        write(dir.resolve("slapd.conf"), String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "pidfile " + dir.resolve("slapd.pid"),
                "moduleload back_mdb",
                "TLSCertificateFile " + pem.resolve("fullchain.pem"),
                "TLSCertificateKeyFile " + pem.resolve("key.pem"),
                "TLSCipherSuite " + priority,
                "database mdb",
                "suffix \"dc=lab,dc=example\"",
                "directory " + dir.resolve("db"), ""));
        return launch("slapd", dir, List.of("/usr/sbin/slapd", "-d", "0", "-f", dir.resolve("slapd.conf").toString(),
                "-h", "ldap://127.0.0.1:" + ldap + "/"), ordered("ldap", ldap));
    }

    /**
     * PostgreSQL 15 (as the {@code postgres} user, a fresh cluster): {@code postgres} with the SSLRequest, TLS 1.2
     * only with {@code tls12Ciphers}, the server's order.
     */
    public static LabDaemon postgresql(IssuedCertificate cert, String tls12Ciphers) {
        Path dir = tempDir("postgresql");
        Path pem = writeCertificate(dir, cert);
        int port = ChildProcesses.freeTcpPort();
        chownRecursively(dir, "postgres");
        run(dir, List.of("runuser", "-u", "postgres", "--", POSTGRES_BIN + "/initdb", "-D", dir.resolve("data").toString(),
                "-A", "trust", "-U", "postgres", "--no-sync", "--no-instructions"));
        return launch("postgresql", dir, List.of("runuser", "-u", "postgres", "--", POSTGRES_BIN + "/postgres",
                "-D", dir.resolve("data").toString(), "-c", "listen_addresses=127.0.0.1", "-p", String.valueOf(port),
                "-c", "unix_socket_directories=" + dir, "-c", "ssl=on",
                "-c", "ssl_cert_file=" + pem.resolve("fullchain.pem"), "-c", "ssl_key_file=" + pem.resolve("key.pem"),
                "-c", "ssl_min_protocol_version=TLSv1.2", "-c", "ssl_max_protocol_version=TLSv1.2",
                "-c", "ssl_ciphers=" + tls12Ciphers, "-c", "ssl_prefer_server_ciphers=on", "-c", "fsync=off",
                "-c", "max_connections=50"), ordered("postgres", port));
    }

    /**
     * MariaDB (a fresh data directory): {@code mysql} with the SSLRequest, TLS 1.2 with {@code tls12Ciphers} and
     * TLS 1.3 with OpenSSL's default suites; aborted handshakes never block the client ({@code max_connect_errors}).
     */
    public static LabDaemon mariadb(IssuedCertificate cert, String tls12Ciphers) {
        Path dir = tempDir("mariadb");
        Path pem = writeCertificate(dir, cert);
        int port = ChildProcesses.freeTcpPort();
        chownRecursively(dir, "mysql");
        run(dir, List.of("/usr/bin/mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--user=mysql", "--auth-root-authentication-method=normal", "--skip-test-db"));
        return launch("mariadb", dir, List.of("/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--user=mysql", "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"),
                "--pid-file=" + dir.resolve("pid"), "--ssl-cert=" + pem.resolve("fullchain.pem"),
                "--ssl-key=" + pem.resolve("key.pem"), "--tls-version=TLSv1.2,TLSv1.3", "--ssl-cipher=" + tls12Ciphers,
                "--max-connect-errors=1000000", "--skip-name-resolve", "--innodb-buffer-pool-size=16M",
                "--skip-log-bin", "--max-connections=200"), ordered("mysql", port));
    }

    private static Map<String, Integer> ordered(Object... namesAndPorts) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPorts.length; i += 2) {
            m.put((String) namesAndPorts[i], (Integer) namesAndPorts[i + 1]);
        }
        return m;
    }

    /** Starts the daemon and waits until every port accepts connections; on failure, stops it and says why. */
    private static LabDaemon launch(String name, Path dir, List<String> command, Map<String, Integer> ports) {
        Path log = dir.resolve("daemon.log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            ChildProcesses.deleteRecursively(dir);
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
        LabDaemon daemon = new LabDaemon(name, process, dir, log, ports);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        for (int port : ports.values()) {
            while (!accepts(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String output = daemon.output();
                    daemon.close();
                    throw new IllegalStateException(name + " did not start listening on 127.0.0.1:" + port + " ("
                            + (process.isAlive() ? "timed out" : "exited " + process.exitValue()) + "):\n" + output);
                }
                sleep(50);
            }
        }
        return daemon;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void stop(Process process) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        family.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (ProcessHandle h : family) {
                while (h.isAlive() && System.nanoTime() < deadline) {
                    sleep(20);
                }
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the certificate (fullchain.pem, key.pem, ...) into {@code dir/pem}, readable by the daemons' users. */
    private static Path writeCertificate(Path dir, IssuedCertificate cert) {
        Path pem = cert.writeTo(dir.resolve("pem"));
        try {
            for (Path p : List.of(dir, pem)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            try (Stream<Path> files = Files.list(pem)) {
                for (Path f : files.toList()) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pem;
    }

    private static Path tempDir(String name) {
        try {
            Path dir = Files.createTempDirectory("tlsweep-" + name + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp directory", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void mkdirs(Path... dirs) {
        try {
            for (Path d : dirs) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chown(Path path, String user) {
        try {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + user, e);
        }
    }

    private static void chownRecursively(Path dir, String user) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                chown(p, user);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.setPosixFilePermissions(dir.resolve("pem/key.pem"), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
