package dev.tlsweep.core.report;

import java.util.Locale;

/** How bad a finding is, from information to critical. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** The lower-case label written in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
