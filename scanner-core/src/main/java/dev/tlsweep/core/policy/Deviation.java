package dev.tlsweep.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * One way an endpoint differs from a policy.
 *
 * @param kind     what differs
 * @param failing  whether it makes the endpoint non-compliant ({@code false}: advisory, e.g. a suite
 *                 Mozilla recommends that the server does not enable)
 * @param subjects the versions, suites or values concerned
 * @param message  the deviation in words
 */
public record Deviation(Kind kind, boolean failing, List<String> subjects, String message) {

    /** What can differ; each has its finding code (docs/FINDINGS.md). */
    public enum Kind {
        EXTRA_VERSION("POLICY_EXTRA_VERSION"),
        MISSING_VERSION("POLICY_MISSING_VERSION"),
        EXTRA_SUITE("POLICY_EXTRA_SUITE"),
        MISSING_SUITE("POLICY_MISSING_SUITE"),
        EXTRA_TLS13_SUITE("POLICY_EXTRA_TLS13_SUITE"),
        MISSING_TLS13_SUITE("POLICY_MISSING_TLS13_SUITE"),
        DH_TOO_SMALL("POLICY_DH_TOO_SMALL"),
        ECDH_TOO_SMALL("POLICY_ECDH_TOO_SMALL"),
        NO_SERVER_PREFERENCE("POLICY_NO_SERVER_PREFERENCE"),
        RSA_KEY_TOO_SMALL("POLICY_RSA_KEY_TOO_SMALL"),
        CERTIFICATE_LIFETIME("POLICY_CERTIFICATE_LIFETIME"),
        CERTIFICATE_TYPE("POLICY_CERTIFICATE_TYPE"),
        CERTIFICATE_SIGNATURE("POLICY_CERTIFICATE_SIGNATURE");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        /** The finding code. */
        public String code() {
            return code;
        }

        /** The label written in JSON, e.g. {@code extra-version}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public Deviation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        subjects = List.copyOf(subjects);
    }
}
