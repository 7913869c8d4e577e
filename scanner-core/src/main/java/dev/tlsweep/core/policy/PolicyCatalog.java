package dev.tlsweep.core.policy;

import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.DataFile;
import dev.tlsweep.core.registry.ProtocolVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policies tlsweep knows, loaded from this package's data files: {@code mozilla.tsv} (Mozilla
 * guidelines 5.7, 5.8, 6.0), {@code aws-elb.tsv} (ALB/NLB predefined policies) and
 * {@code aws-clb.tsv} (Classic Load Balancer). Immutable.
 */
public final class PolicyCatalog {

    /** The files and the family of their policies. */
    private static final Map<String, String> FILES = Map.of(
            "mozilla.tsv", "mozilla", "aws-elb.tsv", "aws-elb", "aws-clb.tsv", "aws-clb");

    private static final class Holder {
        static final PolicyCatalog STANDARD = load();
    }

    private final Map<String, PolicyProfile> byId;

    private PolicyCatalog(Map<String, PolicyProfile> byId) {
        this.byId = byId;
    }

    /** The catalogue of the bundled data files, loaded once. */
    public static PolicyCatalog standard() {
        return Holder.STANDARD;
    }

    /** Every policy, Mozilla first, in file order. */
    public List<PolicyProfile> all() {
        return List.copyOf(byId.values());
    }

    /** The policies of one family ({@code mozilla}, {@code aws-elb}, {@code aws-clb}). */
    public List<PolicyProfile> family(String family) {
        return byId.values().stream().filter(p -> p.family().equals(family)).toList();
    }

    /**
     * Finds a policy by id, ignoring case. {@code mozilla-modern}, {@code mozilla-intermediate} and
     * {@code mozilla-old} without a guideline version name the newest guidelines that have the
     * configuration (6.0 has no "old": it stays at 5.8).
     */
    public Optional<PolicyProfile> find(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        PolicyProfile exact = byId.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        PolicyProfile newest = null;
        for (PolicyProfile p : byId.values()) {
            String id = p.id().toLowerCase(Locale.ROOT);
            if (p.isMozilla() && id.startsWith(key + "-") && id.substring(key.length() + 1).matches("[0-9.]+")
                    && (newest == null || guideline(p) > guideline(newest))) {
                newest = p;
            }
        }
        return Optional.ofNullable(newest);
    }

    /**
     * The names nearest to a misspelt {@code name} (edit distance at most a third of its length, at least 2),
     * nearest first, at most three: for "did you mean". The short Mozilla names count too.
     */
    public List<String> nearest(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>(List.of("mozilla-modern", "mozilla-intermediate", "mozilla-old"));
        byId.values().forEach(p -> names.add(p.id()));
        int limit = Math.max(2, key.length() / 3);
        record Scored(String name, int distance) {
        }
        return names.stream().distinct().map(n -> new Scored(n, distance(key, n.toLowerCase(Locale.ROOT))))
                .filter(x -> x.distance() <= limit).sorted(java.util.Comparator.comparingInt(Scored::distance))
                .limit(3).map(Scored::name).toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static double guideline(PolicyProfile p) {
        return Double.parseDouble(p.id().substring(p.id().lastIndexOf('-') + 1));
    }

    private static PolicyCatalog load() {
        Map<String, PolicyProfile> byId = new LinkedHashMap<>();
        for (String file : List.of("mozilla.tsv", "aws-elb.tsv", "aws-clb.tsv")) {
            for (PolicyProfile p : parse(file, FILES.get(file))) {
                if (byId.putIfAbsent(p.id().toLowerCase(Locale.ROOT), p) != null) {
                    throw new IllegalStateException(file + ": duplicate policy " + p.id());
                }
            }
        }
        return new PolicyCatalog(byId);
    }

    static List<PolicyProfile> parse(String file, String family) {
        Map<String, String> sets = new HashMap<>();
        List<PolicyProfile> out = new ArrayList<>();
        for (DataFile.Line line : DataFile.read(PolicyCatalog.class, file)) {
            if (line.columns()[0].equals("set")) {
                line.expect(3);
                sets.put(line.columns()[1], expand(line.columns()[2], sets));
            } else {
                out.add(profile(line.expect(5), family, sets));
            }
        }
        return out;
    }

    private static PolicyProfile profile(DataFile.Line line, String family, Map<String, String> sets) {
        String[] c = line.columns();
        Set<ProtocolVersion> versions = EnumSet.noneOf(ProtocolVersion.class);
        for (String v : c[1].split(",")) {
            versions.add(ProtocolVersion.fromLabel(v).orElseThrow(() -> line.error("version: " + v
                    + " (expected: sslv3, tls1.0 ... tls1.3)")));
        }
        List<CipherSuite> suites = suites(line, expand(c[2], sets));
        List<CipherSuite> tls13 = suites(line, expand(c[3], sets));
        Map<String, String> attributes = new HashMap<>();
        for (String a : c[4].split(" +")) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw line.error("attribute: " + a + " (expected: key=value)");
            }
            attributes.put(a.substring(0, eq), expand(a.substring(eq + 1), sets));
        }
        return new PolicyProfile(c[0], family, versions, suites, tls13,
                Boolean.parseBoolean(attributes.getOrDefault("exact", "true")),
                number(line, attributes, "dh"), number(line, attributes, "ecdh"), number(line, attributes, "rsa"),
                number(line, attributes, "lifetime"),
                Boolean.parseBoolean(attributes.getOrDefault("preference", "false")),
                list(attributes.get("types")), list(attributes.get("signatures")));
    }

    private static String expand(String value, Map<String, String> sets) {
        if (value.equals("-")) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String p : value.split(",")) {
            parts.add(p.startsWith("$") ? sets.getOrDefault(p.substring(1), p) : p);
        }
        return String.join(",", parts);
    }

    private static List<CipherSuite> suites(DataFile.Line line, String names) {
        List<CipherSuite> out = new ArrayList<>();
        for (String n : list(names)) {
            if (n.startsWith("$")) {
                throw line.error("unknown set " + n);
            }
            out.add(CipherSuites.byName(n).orElseThrow(() -> line.error("unknown cipher suite " + n)));
        }
        return out;
    }

    private static int number(DataFile.Line line, Map<String, String> attributes, String key) {
        String v = attributes.get(key);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw line.error(key + ": " + v + " (expected: a number or -)");
        }
    }

    private static List<String> list(String value) {
        return value == null || value.isEmpty() ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
