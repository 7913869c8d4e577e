package dev.tlsweep.core.policy.deploy;

import dev.tlsweep.core.report.Severity;
import java.util.List;
import java.util.Objects;

/**
 * Whether a platform would accept a certificate, and why not.
 *
 * @param platform    the platform judged
 * @param accepted    true when at least one import path accepts the files
 * @param acceptedVia the import paths that accept them (for an import service, itself)
 * @param reasons     every reason found, rejecting ones first
 */
public record DeploymentVerdict(Platform platform, boolean accepted, List<String> acceptedVia,
        List<Reason> reasons) {

    /** Copies the lists. */
    public DeploymentVerdict {
        Objects.requireNonNull(platform, "platform");
        acceptedVia = List.copyOf(acceptedVia);
        reasons = List.copyOf(reasons);
    }

    /** The reasons that make a path refuse the files. */
    public List<Reason> rejections() {
        return reasons.stream().filter(Reason::rejects).toList();
    }

    /** The reason codes, in order. */
    public List<String> codes() {
        return reasons.stream().map(Reason::code).toList();
    }

    /**
     * One reason.
     *
     * @param code          stable code, {@code DEPLOY_...} (docs/FINDINGS.md)
     * @param severity      high when it rejects, medium for a warning, info for a note
     * @param rejects       true when the platform refuses the files (through {@code paths})
     * @param paths         the import paths it applies to (for an import service, itself)
     * @param platformWords what the platform prints, verbatim, or null when not known
     * @param message       what is wrong (never private key material)
     * @param fix           what to do
     * @param confidence    how firmly the rule is established, or null for a note that is no rule
     * @param source        where the rule comes from, or null
     */
    public record Reason(String code, Severity severity, boolean rejects, List<String> paths, String platformWords,
            String message, String fix, Confidence confidence, String source) {

        /** Copies the list and checks required fields. */
        public Reason {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(severity, "severity");
            paths = List.copyOf(paths);
            Objects.requireNonNull(message, "message");
        }
    }
}
