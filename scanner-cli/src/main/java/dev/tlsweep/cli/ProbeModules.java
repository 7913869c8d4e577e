package dev.tlsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tlsweep.core.input.InputFileException;
import dev.tlsweep.core.input.InputFiles;
import dev.tlsweep.core.policy.Judges;
import dev.tlsweep.core.policy.PolicyCatalog;
import dev.tlsweep.core.policy.PolicyProfile;
import dev.tlsweep.core.reach.Starttls;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.scan.ScanOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The named scan settings {@code /probe?module=NAME} selects, read from {@code serve --config FILE} (YAML, as
 * blackbox_exporter's modules):
 *
 * <pre>
 * modules:
 *   modern:
 *     protocols: [tls1.2, tls1.3]      # versions to probe (default: all)
 *     timeout: 30s                     # the longest scan of one probe (default: serve's --probe-timeout)
 *     policy: mozilla-intermediate     # judge against a policy (default: none)
 *     match_policies: false            # report the nearest load-balancer policy
 *     simulate_clients: false          # replay real clients' ClientHellos
 *     exhaustive: false                # one ClientHello per (version, suite)
 *     groups: true                     # probe the groups and signature algorithms
 *     checks: true                     # run the handshake-behaviour and vulnerability checks
 *   mail:
 *     starttls: smtp                   # targets without a URL scheme: this upgrade, on its default port
 * </pre>
 *
 * A {@code /probe} without {@code module=} uses the settings of serve's command line ({@link #DEFAULT}). The
 * file is input from outside: bounded in size, every key checked, errors name the file and the key.
 */
final class ProbeModules {

    /** The name of the module made of serve's command-line settings, used when {@code module=} is absent. */
    static final String DEFAULT = "default";
    /** The largest configuration file read. */
    static final long MAX_BYTES = 1 << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> KEYS = Set.of("protocols", "timeout", "policy", "match_policies",
            "simulate_clients", "exhaustive", "groups", "checks", "starttls");

    /**
     * One module: what to scan, how long a probe may take, and how targets without a URL scheme are reached
     * ({@code starttls}: an upgrade and its default port; {@code null} for TLS on port 443).
     */
    record Module(String name, ScanOptions options, Judges judges, Duration timeout, Starttls.Scheme starttls) {
        Module {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(judges, "judges");
        }

        Module(String name, ScanOptions options, Judges judges, Duration timeout) {
            this(name, options, judges, timeout, null);
        }
    }

    private final Map<String, Module> modules;

    private ProbeModules(Map<String, Module> modules) {
        this.modules = Map.copyOf(modules);
    }

    /** Only the default module. */
    static ProbeModules only(Module defaults) {
        return new ProbeModules(Map.of(DEFAULT, defaults));
    }

    /** The module called {@code name}; {@code null} or empty means {@link #DEFAULT}. */
    Optional<Module> find(String name) {
        return Optional.ofNullable(modules.get(name == null || name.isEmpty() ? DEFAULT : name));
    }

    /** The names of every module, sorted. */
    List<String> names() {
        return modules.keySet().stream().sorted().toList();
    }

    /**
     * Reads the modules of {@code file}; {@code defaults} is the module {@code default} unless the file defines
     * one of that name.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static ProbeModules read(Path file, Module defaults) {
        String where = "--config " + file;
        JsonNode root;
        try {
            // A regular file of bounded size, checked before it is opened (a FIFO would block, /dev/zero never end).
            byte[] bytes = InputFiles.read(file, "a YAML modules file", (int) MAX_BYTES);
            root = new ObjectMapper(new YAMLFactory()).readTree(bytes);
        } catch (InputFileException e) {
            throw new IllegalArgumentException("--config " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + dev.tlsweep.core.input.ParseErrors.words(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping with 'modules:'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!key.equals("modules")) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (expected: modules)");
            }
        }
        JsonNode list = root.path("modules");
        if (!list.isObject()) {
            throw new IllegalArgumentException(where + ": modules: expected a mapping of names to settings");
        }
        Map<String, Module> out = new LinkedHashMap<>();
        out.put(DEFAULT, defaults);
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": modules: '" + name
                        + "' (expected: a name of letters, digits, '.', '_', '-')");
            }
            out.put(name, module(where + ": modules." + name, name, e.getValue(), defaults));
        }
        return new ProbeModules(out);
    }

    private static Module module(String where, String name, JsonNode n, Module defaults) {
        if (n == null || n.isNull()) {
            return new Module(name, defaults.options(), defaults.judges(), defaults.timeout(), defaults.starttls());
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping of settings");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (expected: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        ScanOptions options = defaults.options();
        if (n.has("protocols")) {
            JsonNode p = n.get("protocols");
            if (!p.isArray() || p.isEmpty()) {
                throw new IllegalArgumentException(where + ".protocols: expected a list such as [tls1.2, tls1.3]");
            }
            Set<ProtocolVersion> versions = EnumSet.noneOf(ProtocolVersion.class);
            for (JsonNode v : p) {
                versions.add(ProtocolVersion.fromLabel(v.asText().strip()).orElseThrow(() -> new IllegalArgumentException(
                        where + ".protocols: '" + v.asText() + "' (expected: sslv2, sslv3, tls1.0, tls1.1, tls1.2, tls1.3)")));
            }
            options = options.withVersions(versions);
        }
        if (n.has("exhaustive")) {
            options = options.withExhaustive(bool(where + ".exhaustive", n.get("exhaustive")));
        }
        if (n.has("groups")) {
            options = options.withGroups(bool(where + ".groups", n.get("groups")));
        }
        if (n.has("checks")) {
            options = options.withChecks(bool(where + ".checks", n.get("checks")));
        }
        if (n.has("simulate_clients")) {
            options = options.withClients(bool(where + ".simulate_clients", n.get("simulate_clients"))
                    ? dev.tlsweep.core.registry.ClientProfiles.all() : List.of());
        }
        Judges judges = defaults.judges();
        if (n.has("policy") || n.has("match_policies")) {
            List<PolicyProfile> policies = List.of();
            if (n.has("policy") && !n.get("policy").isNull()) {
                String policy = n.get("policy").asText();
                policies = List.of(PolicyCatalog.standard().find(policy).orElseThrow(() -> new IllegalArgumentException(
                        where + ".policy: unknown policy '" + policy + "' (expected: mozilla-modern, "
                                + "mozilla-intermediate, mozilla-old, or an ELBSecurityPolicy-... name)")));
            }
            boolean match = n.has("match_policies") && bool(where + ".match_policies", n.get("match_policies"));
            judges = new Judges(policies, match);
        }
        Duration timeout = defaults.timeout();
        if (n.has("timeout")) {
            timeout = ServeCommand.duration(where + ".timeout", n.get("timeout").asText());
        }
        Starttls.Scheme starttls = defaults.starttls();
        if (n.has("starttls")) {
            String proto = n.get("starttls").asText("").strip();
            starttls = n.get("starttls").isNull() || proto.equals("none") ? null : Starttls.scheme(proto)
                    .filter(sc -> sc.starttls() != null).orElseThrow(() -> new IllegalArgumentException(where
                            + ".starttls: '" + proto + "' (expected: none, " + Starttls.upgradeNames() + ")"));
        }
        return new Module(name, options, judges, timeout, starttls);
    }

    private static boolean bool(String where, JsonNode v) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(where + ": '" + v.asText() + "' (expected: true or false)");
        }
        return v.booleanValue();
    }
}
