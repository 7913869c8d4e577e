package dev.tlsweep.core.policy.deploy;

import dev.tlsweep.core.chain.PemBundle;
import dev.tlsweep.core.policy.deploy.DeploymentVerdict.Reason;
import dev.tlsweep.core.report.CertificateInfo;
import dev.tlsweep.core.report.ChainReport;
import dev.tlsweep.core.report.Severity;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Judges PEM files against a platform's deployment rules: would ACM import them, IAM take the upload,
 * a load balancer's listener use the certificate? Facts come from {@link PemBundle}'s problems and the
 * {@link ChainReport} of the same files; the rules from {@link DeployRules}.
 *
 * <p>A platform with import paths (a load balancer takes an ACM or an IAM certificate) is judged per
 * path, with the rules of the import service and its own listener rules; it accepts the files when one
 * path does. Stateless and thread-safe.
 */
public final class DeploymentCheck {

    /** The leaf's key algorithm or size is not one the platform accepts. */
    public static final String UNSUPPORTED_KEY = "DEPLOY_UNSUPPORTED_KEY";
    /** The leaf names no FQDN or IP address. */
    public static final String NO_FQDN = "DEPLOY_NO_FQDN";
    /** A file is not clean PEM (whitespace, text around blocks, DER, damaged blocks). */
    public static final String MALFORMED_PEM = "DEPLOY_MALFORMED_PEM";
    /** The certificate file holds more than one certificate. */
    public static final String SEVERAL_CERTIFICATES = "DEPLOY_SEVERAL_CERTIFICATES";
    /** The private key is encrypted. */
    public static final String ENCRYPTED_KEY = "DEPLOY_ENCRYPTED_KEY";
    /** The private key is not the certificate's. */
    public static final String KEY_MISMATCH = "DEPLOY_KEY_MISMATCH";
    /** The key file holds no private key. */
    public static final String NO_KEY = "DEPLOY_NO_KEY";
    /** The key file is larger than the platform takes. */
    public static final String KEY_TOO_LARGE = "DEPLOY_KEY_TOO_LARGE";
    /** The certificate is not X.509 version 3. */
    public static final String NOT_V3 = "DEPLOY_NOT_V3";
    /** The certificate is expired or not yet valid. */
    public static final String NOT_VALID_NOW = "DEPLOY_NOT_VALID_NOW";
    /** The chain file contains the certificate itself. */
    public static final String LEAF_IN_CHAIN = "DEPLOY_LEAF_IN_CHAIN";
    /** The chain file is not in issuing order. */
    public static final String CHAIN_ORDER = "DEPLOY_CHAIN_ORDER";
    /** The chain file holds a certificate not on the leaf's path. */
    public static final String CHAIN_UNRELATED = "DEPLOY_CHAIN_UNRELATED";
    /** Accepted, but the chain does not reach a trusted root: clients will fail. */
    public static final String CHAIN_INCOMPLETE = "DEPLOY_CHAIN_INCOMPLETE";
    /** No key file was given, so the key checks were not made (a note, never a rejection). */
    public static final String KEY_NOT_CHECKED = "DEPLOY_KEY_NOT_CHECKED";

    private final DeployRules rules;
    private final Clock clock;

    /**
     * @param rules the platforms and their rules
     * @param clock the time validity is judged at (the time of the import)
     */
    public DeploymentCheck(DeployRules rules, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A fact about the files that some platforms refuse. */
    private record Issue(String code, String message, String fix) {
    }

    /** Judges each platform. */
    public List<DeploymentVerdict> check(List<Platform> platforms, PemInputs inputs, ChainReport report) {
        return platforms.stream().map(p -> check(p, inputs, report)).toList();
    }

    /**
     * Judges one platform.
     *
     * @param platform the target
     * @param inputs   the parsed files
     * @param report   the chain analysis of the same files (served: the certificate file, then the chain file)
     */
    public DeploymentVerdict check(Platform platform, PemInputs inputs, ChainReport report) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(report, "report");
        List<Issue> issues = issues(inputs, report);
        CertificateInfo leaf = report.served().isEmpty() ? null : report.served().get(0);

        // Per path: the reasons, keyed so that the same reason on several paths is listed once.
        Map<String, Reason> merged = new LinkedHashMap<>();
        List<String> acceptedVia = new ArrayList<>();
        for (String path : platform.paths()) {
            List<Reason> reasons = new ArrayList<>();
            List<String> owners = platform.via().isEmpty() ? List.of(platform.id()) : List.of(path, platform.id());
            for (Issue issue : issues) {
                for (String owner : owners) {
                    rules.rule(owner, path, issue.code()).ifPresent(rule -> reasons.add(reason(rule, path,
                            issue.message(), issue.fix())));
                }
            }
            if (leaf != null) {
                for (String owner : owners) {
                    Reason r = keyReason(platform, owner, path, leaf);
                    if (r != null) {
                        reasons.add(r);
                    }
                }
            }
            if (inputs.key() != null) {
                for (String owner : owners) {
                    rules.limit(owner, "key-bytes").filter(l -> inputs.key().size() > l.value()).flatMap(l -> rules
                            .rule(owner, path, KEY_TOO_LARGE)).ifPresent(rule -> reasons.add(reason(rule, path,
                                    inputs.key().source() + ": the key file is " + inputs.key().size() + " bytes; "
                                            + rules.platform(owner).map(Platform::name).orElse(owner)
                                            + " takes at most " + rules.limit(owner, "key-bytes").get().value(),
                                    "Remove everything but the one -----BEGIN ... PRIVATE KEY----- block, or use a "
                                            + "smaller key (RSA 2048 or EC P-256)")));
                }
            }
            if (reasons.stream().noneMatch(Reason::rejects)) {
                acceptedVia.add(path);
            }
            for (Reason r : reasons) {
                String k = r.code() + "\u0000" + r.message() + "\u0000" + r.rejects() + "\u0000" + r.platformWords();
                Reason old = merged.get(k);
                if (old == null) {
                    merged.put(k, r);
                } else if (!old.paths().contains(path)) {
                    List<String> paths = new ArrayList<>(old.paths());
                    paths.add(path);
                    merged.put(k, new Reason(old.code(), old.severity(), old.rejects(), paths, old.platformWords(),
                            old.message(), old.fix(), old.confidence(), old.source()));
                }
            }
        }
        List<Reason> out = new ArrayList<>();
        merged.values().stream().filter(Reason::rejects).forEach(out::add);
        merged.values().stream().filter(r -> !r.rejects()).forEach(out::add);
        if (inputs.key() == null) {
            out.add(new Reason(KEY_NOT_CHECKED, Severity.INFO, false, platform.paths(), null, "no key file given: "
                    + "whether the key is encrypted, matches the certificate or fits was not checked",
                    "Add --key KEY.pem", null, null));
        }
        return new DeploymentVerdict(platform, !acceptedVia.isEmpty(), acceptedVia, out);
    }

    private static Reason reason(DeployRule rule, String path, String message, String fix) {
        return new Reason(rule.code(), rule.rejects() ? Severity.HIGH : Severity.MEDIUM, rule.rejects(),
                List.of(path), rule.words(), message, fix, rule.confidence(), rule.source());
    }

    /** The facts about the files, each with the code of the check it fails. */
    private List<Issue> issues(PemInputs inputs, ChainReport report) {
        List<Issue> out = new ArrayList<>();
        for (PemBundle.Problem p : inputs.problems()) {
            rules.deployCode(p.code().code()).ifPresent(code -> out.add(new Issue(code, p.where() + ": " + p.message()
                    + " [" + p.code() + "]", p.fix())));
        }
        X509Certificate cert = inputs.leaf();
        CertificateInfo leaf = report.served().isEmpty() ? null : report.served().get(0);
        if (cert != null && cert.getVersion() != 3) {
            out.add(new Issue(NOT_V3, "'" + leaf.shortName() + "' is an X.509 version " + cert.getVersion()
                    + " certificate (no extensions, no subjectAltName)", "Reissue it as a version 3 certificate "
                    + "with a subjectAltName"));
        }
        if (leaf != null) {
            if (leaf.dnsNames().isEmpty() && leaf.ipAddresses().isEmpty() && !leaf.shortName().contains(".")) {
                out.add(new Issue(NO_FQDN, "'" + leaf.shortName() + "' names no fully qualified domain name or "
                        + "IP address (no subjectAltName, and its CN is not a domain name)", "Reissue it with the "
                        + "site's names in the subjectAltName"));
            }
            Instant now = clock.instant();
            if (now.isBefore(leaf.notBefore())) {
                out.add(new Issue(NOT_VALID_NOW, "'" + leaf.shortName() + "' is not valid yet (notBefore "
                        + leaf.notBefore() + ")", "Import it once its validity has begun, or check the clock of the "
                        + "machine that issued it"));
            } else if (now.isAfter(leaf.notAfter())) {
                out.add(new Issue(NOT_VALID_NOW, "'" + leaf.shortName() + "' expired on " + leaf.notAfter(),
                        "Renew the certificate and deploy the new one"));
            }
            if (!report.complete() && !leaf.selfIssued()) {
                out.add(new Issue(CHAIN_INCOMPLETE, "the certificate and chain files do not reach a trusted root "
                        + "(OpenSSL: " + report.openssl().code() + " " + report.openssl().text() + "): the import "
                        + "takes them, but clients without the missing intermediate will report an untrusted "
                        + "certificate", "Give the intermediates in the chain file, the leaf's issuer first (tlsweep "
                        + "chain --fix-chain writes the full chain when the intermediates can be found)"));
            }
        }
        return out;
    }

    /** The key check of {@code owner} (the platform or its import service) through {@code path}, or null. */
    private Reason keyReason(Platform platform, String owner, String path, CertificateInfo leaf) {
        KeyRule keys = rules.keys(owner, path);
        if (keys == null) {
            return null;
        }
        String name = keyName(leaf);
        if (keys.keys().contains(name)) {
            return null;
        }
        DeployRule rule = rules.rule(owner, path, UNSUPPORTED_KEY).orElse(new DeployRule(owner, path,
                UNSUPPORTED_KEY, true, keys.confidence(), null, keys.source()));
        String ownerName = rules.platform(owner).map(Platform::name).orElse(owner);
        String through = !platform.via().isEmpty() && owner.equals(platform.id()) && !"*".equals(keys.path())
                ? " through " + path.toUpperCase(java.util.Locale.ROOT) : "";
        List<String> others = new ArrayList<>();
        for (String other : platform.paths()) {
            KeyRule o = rules.keys(platform.id(), other);
            if (!other.equals(path) && o != null && o.keys().contains(name)) {
                others.add(other.toUpperCase(java.util.Locale.ROOT));
            }
        }
        String fix = others.isEmpty() ? "Reissue the certificate with a key " + ownerName + " accepts (RSA 2048 is "
                + "accepted everywhere; EC P-256 where EC is)" : "Use it through " + String.join(" or ", others)
                + ", or reissue it with a key accepted everywhere (RSA 2048)";
        return new Reason(UNSUPPORTED_KEY, rule.rejects() ? Severity.HIGH : Severity.MEDIUM, rule.rejects(),
                List.of(path), rule.words(), ownerName + through + " does not accept the key of '" + leaf.shortName()
                        + "', " + leaf.keyDescription() + " (" + name + "); it accepts " + describe(keys.keys()),
                fix, keys.confidence(), keys.source());
    }

    /** ACM's KeyAlgorithm name of the certificate's key: {@code RSA_2048}, {@code EC_prime256v1}, ... */
    public static String keyName(CertificateInfo c) {
        Objects.requireNonNull(c, "c");
        return switch (c.keyType()) {
            case "RSA" -> "RSA_" + c.keyBits();
            case "EC" -> c.curve() == null ? "EC_" + c.keyBits() : switch (c.curve()) {
                case "P-256" -> "EC_prime256v1";
                case "P-384" -> "EC_secp384r1";
                case "P-521" -> "EC_secp521r1";
                default -> "EC_" + c.curve();
            };
            default -> c.keyType().toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static String describe(List<String> keys) {
        return keys.stream().map(k -> switch (k) {
            case "EC_prime256v1" -> "EC P-256";
            case "EC_secp384r1" -> "EC P-384";
            case "EC_secp521r1" -> "EC P-521";
            default -> k.replace('_', ' ');
        }).collect(Collectors.joining(", "));
    }
}
