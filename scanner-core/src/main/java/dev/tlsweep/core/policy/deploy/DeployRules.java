package dev.tlsweep.core.policy.deploy;

import dev.tlsweep.core.registry.DataFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deployment rules: platforms, the keys each accepts per import path, the checks each applies and
 * the words it prints, loaded from {@code deploy-rules.tsv} (its header explains the format). Immutable.
 */
public final class DeployRules {

    /** The data file, relative to this class. */
    static final String RESOURCE = "deploy-rules.tsv";

    /** Every key name a rule may list: ACM's KeyAlgorithm names. */
    static final Set<String> KEY_NAMES = Set.of("RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1",
            "EC_secp384r1", "EC_secp521r1");

    /** Every check a rule may name. */
    static final Set<String> CODES = Set.of(DeploymentCheck.UNSUPPORTED_KEY, DeploymentCheck.NO_FQDN,
            DeploymentCheck.MALFORMED_PEM, DeploymentCheck.SEVERAL_CERTIFICATES, DeploymentCheck.ENCRYPTED_KEY,
            DeploymentCheck.KEY_MISMATCH, DeploymentCheck.NO_KEY, DeploymentCheck.KEY_TOO_LARGE,
            DeploymentCheck.NOT_V3, DeploymentCheck.NOT_VALID_NOW, DeploymentCheck.LEAF_IN_CHAIN,
            DeploymentCheck.CHAIN_ORDER, DeploymentCheck.CHAIN_UNRELATED, DeploymentCheck.CHAIN_INCOMPLETE);

    /** One numeric limit (e.g. {@code key-bytes}). */
    record Limit(String platform, String name, long value, Confidence confidence, String source) {
    }

    private final Map<String, Platform> platforms;
    private final List<KeyRule> keys;
    private final List<DeployRule> rules;
    private final List<Limit> limits;
    private final Map<String, String> pemCodes;
    private final List<String> order;

    private DeployRules(Map<String, Platform> platforms, List<KeyRule> keys, List<DeployRule> rules,
            List<Limit> limits, Map<String, String> pemCodes) {
        this.platforms = Map.copyOf(platforms);
        this.keys = List.copyOf(keys);
        this.rules = List.copyOf(rules);
        this.limits = List.copyOf(limits);
        this.pemCodes = Map.copyOf(pemCodes);
        this.order = List.copyOf(platforms.keySet());
    }

    /** Loads the rules shipped with tlsweep; a malformed line fails with the file and line. */
    public static DeployRules load() {
        try (InputStream in = DeployRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }

    /** Parses rules in the format of {@code deploy-rules.tsv}; {@code source} names the text in errors. */
    static DeployRules parse(String text, String source) {
        Map<String, Platform> platforms = new LinkedHashMap<>();
        List<KeyRule> keys = new ArrayList<>();
        List<DeployRule> rules = new ArrayList<>();
        List<Limit> limits = new ArrayList<>();
        Map<String, String> pem = new LinkedHashMap<>();
        for (DataFile.Line line : DataFile.parse(text, source)) {
            String[] c = line.columns();
            String where = source + " line " + line.number() + ": ";
            try {
                switch (c[0]) {
                    case "platform" -> {
                        expect(c, 4);
                        List<String> via = "-".equals(c[2]) ? List.of() : Arrays.asList(c[2].split(","));
                        platforms.put(c[1], new Platform(c[1], c[3], via));
                    }
                    case "keys" -> {
                        expect(c, 6);
                        List<String> list = Arrays.asList(c[3].split(","));
                        for (String k : list) {
                            if (!KEY_NAMES.contains(k)) {
                                throw new IllegalArgumentException("key: " + k + " (expected: one of "
                                        + String.join(", ", KEY_NAMES.stream().sorted().toList()) + ")");
                            }
                        }
                        keys.add(new KeyRule(c[1], c[2], list, Confidence.of(c[4]), c[5]));
                    }
                    case "rule" -> {
                        expect(c, 8);
                        if (!CODES.contains(c[3])) {
                            throw new IllegalArgumentException("code: " + c[3] + " (expected: a DEPLOY_ check)");
                        }
                        if (!c[4].equals("reject") && !c[4].equals("warn")) {
                            throw new IllegalArgumentException("effect: " + c[4] + " (expected: reject or warn)");
                        }
                        rules.add(new DeployRule(c[1], c[2], c[3], c[4].equals("reject"), Confidence.of(c[5]),
                                "-".equals(c[6]) ? null : c[6], c[7]));
                    }
                    case "limit" -> {
                        expect(c, 6);
                        limits.add(new Limit(c[1], c[2], Long.parseLong(c[3]), Confidence.of(c[4]), c[5]));
                    }
                    case "pem" -> {
                        expect(c, 3);
                        if (!CODES.contains(c[2])) {
                            throw new IllegalArgumentException("code: " + c[2] + " (expected: a DEPLOY_ check)");
                        }
                        pem.put(c[1], c[2]);
                    }
                    default -> throw new IllegalArgumentException("kind: " + c[0]
                            + " (expected: platform, keys, rule, limit or pem)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + e.getMessage(), e);
            }
        }
        // Every platform named by another line must exist, and every via must be an import service.
        for (Platform p : platforms.values()) {
            for (String v : p.via()) {
                Platform service = platforms.get(v);
                if (service == null || !service.via().isEmpty()) {
                    throw new IllegalStateException(source + ": platform " + p.id() + ": via " + v
                            + " (expected: an import service defined with via -)");
                }
            }
        }
        for (KeyRule k : keys) {
            known(platforms, k.platform(), source);
        }
        for (DeployRule d : rules) {
            known(platforms, d.platform(), source);
        }
        for (Platform p : platforms.values()) {
            for (String path : p.paths()) {
                if (keys.stream().noneMatch(k -> k.platform().equals(p.id())
                        && (k.path().equals("*") || k.path().equals(path)))) {
                    throw new IllegalStateException(source + ": platform " + p.id() + " has no keys line for path "
                            + path);
                }
            }
        }
        return new DeployRules(platforms, keys, rules, limits, pem);
    }

    private static void known(Map<String, Platform> platforms, String id, String source) {
        if (!platforms.containsKey(id)) {
            throw new IllegalStateException(source + ": unknown platform " + id + " (expected: one of "
                    + String.join(", ", platforms.keySet()) + ")");
        }
    }

    private static void expect(String[] c, int n) {
        if (c.length != n) {
            throw new IllegalArgumentException(c.length + " columns (expected: " + n + ")");
        }
    }

    /** Every platform, in file order. */
    public List<Platform> platforms() {
        return order.stream().map(platforms::get).toList();
    }

    /** The platform with this id, if any. */
    public Optional<Platform> platform(String id) {
        return Optional.ofNullable(platforms.get(Objects.requireNonNull(id, "id")));
    }

    /**
     * The platforms named in a list of ids (each entry may itself be comma-separated), duplicates removed.
     *
     * @throws IllegalArgumentException naming an unknown id and the known ones
     */
    public List<Platform> select(List<String> ids) {
        Map<String, Platform> out = new LinkedHashMap<>();
        for (String entry : ids) {
            for (String id : entry.split(",")) {
                String t = id.strip().toLowerCase(java.util.Locale.ROOT);
                if (t.isEmpty()) {
                    continue;
                }
                Platform p = platforms.get(t);
                if (p == null) {
                    throw new IllegalArgumentException("target: " + t + " (expected: one of "
                            + String.join(", ", order) + ")");
                }
                out.put(t, p);
            }
        }
        return List.copyOf(out.values());
    }

    /** The keys {@code platform} accepts through {@code path}: the path's own line, else the {@code *} line. */
    public KeyRule keys(String platform, String path) {
        KeyRule any = null;
        for (KeyRule k : keys) {
            if (k.platform().equals(platform)) {
                if (k.path().equals(path)) {
                    return k;
                }
                if (k.path().equals("*")) {
                    any = k;
                }
            }
        }
        return any;
    }

    /** The rule of {@code platform} for {@code code} through {@code path}, if it has one. */
    public Optional<DeployRule> rule(String platform, String path, String code) {
        DeployRule any = null;
        for (DeployRule d : rules) {
            if (d.platform().equals(platform) && d.code().equals(code)) {
                if (d.path().equals(path)) {
                    return Optional.of(d);
                }
                if (d.path().equals("*")) {
                    any = d;
                }
            }
        }
        return Optional.ofNullable(any);
    }

    /** Every rule, in file order. */
    public List<DeployRule> rules() {
        return rules;
    }

    /** A numeric limit of {@code platform}, if it has one. */
    Optional<Limit> limit(String platform, String name) {
        return limits.stream().filter(l -> l.platform().equals(platform) && l.name().equals(name)).findFirst();
    }

    /** The check a PemBundle problem code becomes, if any. */
    Optional<String> deployCode(String pemCode) {
        return Optional.ofNullable(pemCodes.get(pemCode));
    }

    /** The platform ids, comma-separated (for help texts). */
    public String ids() {
        return order.stream().collect(Collectors.joining(","));
    }
}
