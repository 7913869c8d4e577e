package dev.tlsweep.core.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The bundled client profiles ({@code clients.tsv}), loaded once. Immutable. */
public final class ClientProfiles {

    private static final class Holder {
        static final List<ClientProfile> ALL = load();
    }

    private ClientProfiles() {
    }

    /** Every profile, in file order. */
    public static List<ClientProfile> all() {
        return Holder.ALL;
    }

    /** The profile with this id. */
    public static Optional<ClientProfile> byId(String id) {
        return all().stream().filter(p -> p.id().equalsIgnoreCase(id)).findFirst();
    }

    private static List<ClientProfile> load() {
        Map<String, Map<String, DataFile.Line>> byId = new LinkedHashMap<>();
        for (DataFile.Line line : DataFile.read(ClientProfiles.class, "clients.tsv")) {
            line.expect(3);
            if (byId.computeIfAbsent(line.columns()[0], k -> new LinkedHashMap<>()).put(line.columns()[1], line) != null) {
                throw line.error("duplicate key " + line.columns()[1]);
            }
        }
        List<ClientProfile> out = new ArrayList<>();
        byId.forEach((id, keys) -> out.add(profile(id, keys)));
        return List.copyOf(out);
    }

    private static ClientProfile profile(String id, Map<String, DataFile.Line> keys) {
        List<ProtocolVersion> versions = values(id, keys, "versions",
                v -> ProtocolVersion.fromLabel(v).orElse(null));
        List<Integer> suites = values(id, keys, "suites", n -> CipherSuites.byName(n).map(CipherSuite::code).orElse(null));
        List<Integer> groups = values(id, keys, "groups", n -> NamedGroups.byName(n).map(NamedGroup::code).orElse(null));
        List<Integer> shares = values(id, keys, "shares", n -> NamedGroups.byName(n).map(NamedGroup::code).orElse(null));
        List<Integer> signatures = values(id, keys, "signatures",
                n -> SignatureSchemes.byName(n).map(SignatureScheme::code).orElse(null));
        List<String> extensions = new ArrayList<>();
        List<String> alpn = new ArrayList<>();
        for (String e : values(id, keys, "extensions", Function.identity())) {
            if (e.startsWith("alpn=")) {
                // protocol names are separated by '/', except that "http/1.1" has one itself
                alpn.addAll(Arrays.asList(e.substring(5).replace("http/1.1", "http_1.1").split("/")));
                alpn.replaceAll(p -> p.replace("http_1.1", "http/1.1"));
            } else {
                extensions.add(e);
            }
        }
        int minDh = 0;
        ProtocolVersion fallback = null;
        String style = "openssl";
        boolean legacySigalgsRefused = false;
        DataFile.Line checks = require(id, keys, "checks");
        for (String c : checks.columns()[2].split(" +")) {
            if (c.startsWith("min-dh=")) {
                minDh = Integer.parseInt(c.substring(7));
            } else if (c.startsWith("fallback=")) {
                fallback = ProtocolVersion.fromLabel(c.substring(9)).orElseThrow(() -> checks.error("version: " + c));
            } else if (c.startsWith("style=")) {
                style = c.substring(6);
            } else if (c.equals("legacy-sigalgs=refuse")) {
                legacySigalgsRefused = true;
            } else if (!c.isEmpty() && !c.equals("-")) {
                throw checks.error("check: " + c + " (expected: min-dh=, fallback=, legacy-sigalgs=refuse, style=)");
            }
        }
        return new ClientProfile(id, require(id, keys, "name").columns()[2], versions, suites, groups, shares,
                signatures, extensions, alpn, minDh, fallback, style, legacySigalgsRefused,
                certificateChecks(require(id, keys, "certificates")));
    }

    private static ClientProfile.CertificateChecks certificateChecks(DataFile.Line line) {
        Boolean fatal = null;
        Integer minRsa = null;
        Boolean sha1Refused = null;
        Boolean aia = null;
        for (String c : line.columns()[2].split(" +")) {
            String[] kv = c.split("=", 2);
            String v = kv.length == 2 ? kv[1] : "";
            switch (kv[0]) {
                case "verify" -> fatal = choice(line, c, v, "fatal", "report");
                case "min-rsa" -> {
                    try {
                        minRsa = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw line.error("certificates: " + c + " (expected: min-rsa=BITS)");
                    }
                }
                case "sha1" -> sha1Refused = choice(line, c, v, "refuse", "allow");
                case "aia" -> aia = choice(line, c, v, "fetch", "no");
                default -> throw line.error("certificates: " + c + " (expected: verify=, min-rsa=, sha1=, aia=)");
            }
        }
        if (fatal == null || minRsa == null || sha1Refused == null || aia == null) {
            throw line.error("certificates: " + line.columns()[2] + " (expected: verify=, min-rsa=, sha1=, aia=, each once)");
        }
        return new ClientProfile.CertificateChecks(fatal, minRsa, sha1Refused, aia);
    }

    private static boolean choice(DataFile.Line line, String c, String v, String yes, String no) {
        if (v.equals(yes) || v.equals(no)) {
            return v.equals(yes);
        }
        throw line.error("certificates: " + c + " (expected: " + yes + " or " + no + ")");
    }

    private static <T> List<T> values(String id, Map<String, DataFile.Line> keys, String key, Function<String, T> parse) {
        DataFile.Line line = require(id, keys, key);
        String v = line.columns()[2];
        List<T> out = new ArrayList<>();
        if (v.equals("-")) {
            return out;
        }
        for (String s : v.split(",")) {
            T t = parse.apply(s.strip());
            if (t == null) {
                throw line.error(key + ": unknown " + s);
            }
            out.add(t);
        }
        return out;
    }

    private static DataFile.Line require(String id, Map<String, DataFile.Line> keys, String key) {
        DataFile.Line line = keys.get(key);
        if (line == null) {
            throw new IllegalStateException("clients.tsv: profile " + id + " has no " + key);
        }
        return line;
    }
}
