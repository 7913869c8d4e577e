package dev.tlsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * TLS and basic authentication for {@code serve}'s own listener, from a file in the format of Prometheus's
 * {@code --web.config.file} (the exporter toolkit's):
 *
 * <pre>
 * tls_server_config:
 *   cert_file: /etc/tlsweep/tls.crt        # PEM: the certificate, then its chain
 *   key_file: /etc/tlsweep/tls.key         # PEM, unencrypted
 *   client_auth_type: RequireAndVerifyClientCert   # or NoClientCert (default), RequireAnyClientCert...
 *   client_ca_file: /etc/tlsweep/clients.pem
 *   min_version: TLS12                     # or TLS13
 * basic_auth_users:
 *   prometheus: $2y$10$...                 # bcrypt hash (htpasswd -nBC 10 "" | tr -d ':\n')
 * </pre>
 *
 * Keys outside these are refused by name. Passwords are checked with bcrypt off the event loop; a successful
 * check is remembered (by a SHA-256 of the user, the password and the hash) so that every scrape does not
 * pay bcrypt's cost. No password or hash is ever printed.
 */
final class WebConfig {

    /** The largest web configuration file read. */
    static final long MAX_BYTES = 1 << 20;
    private static final Set<String> TOP = Set.of("tls_server_config", "basic_auth_users", "http_server_config");
    private static final Set<String> TLS = Set.of("cert_file", "key_file", "client_auth_type", "client_ca_file",
            "min_version");
    private static final int MAX_REMEMBERED = 1024;

    private final SslContext ssl;
    private final Map<String, String> users;
    private final Set<String> remembered = ConcurrentHashMap.newKeySet();

    private WebConfig(SslContext ssl, Map<String, String> users) {
        this.ssl = ssl;
        this.users = Map.copyOf(users);
    }

    /** No TLS, no authentication. */
    static WebConfig none() {
        return new WebConfig(null, Map.of());
    }

    /** The server TLS context, or {@code null} for plain HTTP. */
    SslContext ssl() {
        return ssl;
    }

    /** Whether requests need basic authentication. */
    boolean authenticates() {
        return !users.isEmpty();
    }

    /**
     * Whether an {@code Authorization} header holds the credentials of a configured user. May take the time of a
     * bcrypt check (tens of milliseconds): never call it on an event loop.
     */
    boolean authorized(String authorization) {
        if (users.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String hash = users.get(user);
        if (hash == null) {
            return false;
        }
        String key = sha256(user + "\0" + password + "\0" + hash);
        if (remembered.contains(key)) {
            return true;
        }
        boolean ok;
        try {
            ok = OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException | org.bouncycastle.crypto.DataLengthException e) {
            ok = false;
        }
        if (ok) {
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.add(key);
        }
        return ok;
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the key that is wrong
     */
    static WebConfig read(Path file) {
        String where = "--web-config-file " + file;
        JsonNode root;
        try {
            // A regular file of bounded size, checked before it is opened (a FIFO would block, /dev/zero never end).
            byte[] bytes = InputFiles.read(file, "a YAML web configuration file",
                    (int) MAX_BYTES);
            root = new ObjectMapper(new YAMLFactory()).readTree(bytes);
        } catch (InputFileException e) {
            throw new IllegalArgumentException("--web-config-file " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + dev.tlsweep.core.input.ParseErrors.words(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return none();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping (tls_server_config, basic_auth_users)");
        }
        checkKeys(where, root, TOP);
        if (root.has("http_server_config") && !root.get("http_server_config").isNull()
                && !root.get("http_server_config").isEmpty()) {
            throw new IllegalArgumentException(where + ": http_server_config: not supported (expected: leave it out)");
        }
        SslContext ssl = null;
        JsonNode tls = root.path("tls_server_config");
        if (tls.isObject() && !tls.isEmpty()) {
            ssl = ssl(where + ": tls_server_config", tls, file.toAbsolutePath().getParent());
        }
        Map<String, String> users = new LinkedHashMap<>();
        JsonNode auth = root.path("basic_auth_users");
        if (!auth.isMissingNode() && !auth.isNull()) {
            if (!auth.isObject()) {
                throw new IllegalArgumentException(where + ": basic_auth_users: expected a mapping of users to bcrypt hashes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = auth.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String hash = e.getValue().asText();
                if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                    throw new IllegalArgumentException(where + ": basic_auth_users." + e.getKey()
                            + ": not a bcrypt hash (expected: $2y$10$... as htpasswd -B makes)");
                }
                users.put(e.getKey(), hash);
            }
        }
        return new WebConfig(ssl, users);
    }

    private static SslContext ssl(String where, JsonNode tls, Path base) {
        checkKeys(where, tls, TLS);
        File cert = file(where, tls, "cert_file", base);
        File key = file(where, tls, "key_file", base);
        if (cert == null || key == null) {
            throw new IllegalArgumentException(where + ": cert_file and key_file are both required");
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(cert, key);
            String type = tls.path("client_auth_type").asText("NoClientCert");
            ClientAuth clientAuth = switch (type) {
                case "", "NoClientCert" -> ClientAuth.NONE;
                case "RequestClientCert", "VerifyClientCertIfGiven" -> ClientAuth.OPTIONAL;
                case "RequireAnyClientCert", "RequireAndVerifyClientCert" -> ClientAuth.REQUIRE;
                default -> throw new IllegalArgumentException(where + ".client_auth_type: '" + type
                        + "' (expected: NoClientCert, RequestClientCert, RequireAnyClientCert, "
                        + "VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
            };
            File ca = file(where, tls, "client_ca_file", base);
            if (clientAuth != ClientAuth.NONE) {
                if (ca == null) {
                    throw new IllegalArgumentException(where + ".client_auth_type: " + type + " needs client_ca_file");
                }
                b.trustManager(ca);
            }
            b.clientAuth(clientAuth);
            String min = tls.path("min_version").asText("TLS12");
            b.protocols(switch (min) {
                case "TLS12" -> new String[] {"TLSv1.3", "TLSv1.2"};
                case "TLS13" -> new String[] {"TLSv1.3"};
                default -> throw new IllegalArgumentException(where + ".min_version: '" + min
                        + "' (expected: TLS12 or TLS13)");
            });
            return b.build();
        } catch (SSLException | IllegalStateException e) {
            throw new IllegalArgumentException(where + ": cannot use " + cert + " and its key: " + e.getMessage(), e);
        }
    }

    private static File file(String where, JsonNode tls, String key, Path base) {
        if (!tls.has(key) || tls.get(key).asText().isEmpty()) {
            return null;
        }
        Path p = Path.of(tls.get(key).asText());
        if (!p.isAbsolute() && base != null) {
            p = base.resolve(p); // relative to the web config file, as the exporter toolkit resolves them
        }
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(where + "." + key + ": " + p + " (expected: a readable PEM file)");
        }
        try {
            InputFiles.requireRegular(p, "a PEM file",
                    dev.tlsweep.core.input.InputFiles.MAX_PEM_BYTES);
        } catch (InputFileException e) {
            throw new IllegalArgumentException(where + "." + key + ": " + e.getMessage(), e);
        }
        return p.toFile();
    }

    private static void checkKeys(String where, JsonNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' (expected: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
