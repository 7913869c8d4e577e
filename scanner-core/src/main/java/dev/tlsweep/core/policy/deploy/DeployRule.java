package dev.tlsweep.core.policy.deploy;

import java.util.Objects;

/**
 * One line of the rules: on {@code platform} (through {@code path}), check {@code code} has
 * {@code effect}.
 *
 * @param platform   the platform id
 * @param path       {@code *} for every import path, or one import service id
 * @param code       the check, {@code DEPLOY_...}
 * @param rejects    true when the platform refuses the certificate, false when it only warns
 * @param confidence how firmly the rule is established
 * @param words      what the platform prints when it refuses, verbatim, or null when not known
 * @param source     where the rule comes from
 */
public record DeployRule(String platform, String path, String code, boolean rejects, Confidence confidence,
        String words, String source) {

    /** Checks required fields. */
    public DeployRule {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(source, "source");
    }

    boolean appliesTo(String path) {
        return "*".equals(this.path) || this.path.equals(path);
    }
}
