package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * One problem or notable fact about an endpoint.
 *
 * @param code     a stable identifier, e.g. {@code PROTOCOL_TLS10}; see docs/FINDINGS.md
 * @param severity how bad it is
 * @param message  what was seen, in words a user understands
 * @param fix      what to change, or {@code null} when there is nothing to do
 * @param subjects what the finding is about, as structured values: the versions ({@code TLSv1.0}), suites
 *                 (IANA names), certificates (SHA-256 fingerprints), policies or clients concerned; empty
 *                 when the finding is about the endpoint as a whole
 */
public record Finding(String code, Severity severity, String message, String fix, List<String> subjects) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        subjects = List.copyOf(subjects);
    }

    /** A finding about the endpoint as a whole. */
    public Finding(String code, Severity severity, String message, String fix) {
        this(code, severity, message, fix, List.of());
    }

    /** A finding of a catalogued code (every finding tlsweep raises is one). */
    public Finding(FindingCode code, Severity severity, String message, String fix, List<String> subjects) {
        this(code.code(), severity, message, fix, subjects);
    }

    /** A finding of a catalogued code about the endpoint as a whole. */
    public Finding(FindingCode code, Severity severity, String message, String fix) {
        this(code.code(), severity, message, fix, List.of());
    }

    /** The catalogue entry of this finding's code, or empty for a code this version does not know. */
    public java.util.Optional<FindingCode> catalogued() {
        return FindingCode.byCode(code);
    }

    /** This finding with another message (e.g. prefixed with the chain it concerns). */
    public Finding withMessage(String value) {
        return new Finding(code, severity, value, fix, subjects);
    }

    /** This finding with these subjects. */
    public Finding withSubjects(List<String> value) {
        return new Finding(code, severity, message, fix, value);
    }
}
