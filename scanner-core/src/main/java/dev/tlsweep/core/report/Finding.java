package dev.tlsweep.core.report;

import java.util.Objects;

/**
 * One problem or notable fact about an endpoint.
 *
 * @param code     a stable identifier, e.g. {@code PROTOCOL_TLS10}; see docs/FINDINGS.md
 * @param severity how bad it is
 * @param message  what was seen, in words a user understands
 * @param fix      what to change, or {@code null} when there is nothing to do
 */
public record Finding(String code, Severity severity, String message, String fix) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }
}
