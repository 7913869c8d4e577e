package dev.tlsweep.core.report;

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
        EXTRA_VERSION(FindingCode.POLICY_EXTRA_VERSION),
        MISSING_VERSION(FindingCode.POLICY_MISSING_VERSION),
        EXTRA_SUITE(FindingCode.POLICY_EXTRA_SUITE),
        MISSING_SUITE(FindingCode.POLICY_MISSING_SUITE),
        EXTRA_TLS13_SUITE(FindingCode.POLICY_EXTRA_TLS13_SUITE),
        MISSING_TLS13_SUITE(FindingCode.POLICY_MISSING_TLS13_SUITE),
        DH_TOO_SMALL(FindingCode.POLICY_DH_TOO_SMALL),
        ECDH_TOO_SMALL(FindingCode.POLICY_ECDH_TOO_SMALL),
        NO_SERVER_PREFERENCE(FindingCode.POLICY_NO_SERVER_PREFERENCE),
        RSA_KEY_TOO_SMALL(FindingCode.POLICY_RSA_KEY_TOO_SMALL),
        CERTIFICATE_LIFETIME(FindingCode.POLICY_CERTIFICATE_LIFETIME),
        CERTIFICATE_TYPE(FindingCode.POLICY_CERTIFICATE_TYPE),
        CERTIFICATE_SIGNATURE(FindingCode.POLICY_CERTIFICATE_SIGNATURE);

        private final FindingCode code;

        Kind(FindingCode code) {
            this.code = code;
        }

        /** The finding code. */
        public String code() {
            return code.code();
        }

        /** The finding code's catalogue entry. */
        public FindingCode findingCode() {
            return code;
        }

        /** The label written in JSON, e.g. {@code extra-version}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The kind with this JSON label. */
        public static java.util.Optional<Kind> fromLabel(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public Deviation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        subjects = List.copyOf(subjects);
    }
}
