package dev.tlsweep.core.policy.deploy;

import java.util.Locale;

/** How firmly a deployment rule is established (the {@code conf} column of the data file). */
public enum Confidence {
    /** Read in the current vendor documentation. */
    SRC("src"),
    /** Read only in an older (2023) snapshot of the vendor documentation; the current page was not found. */
    SRC_2023("src-2023"),
    /** Third-party text quoting the vendor (issues quoting API errors, service notices). */
    SECOND_HAND("2nd"),
    /** Inferred from other facts; stated nowhere. */
    INFERRED("inf");

    private final String label;

    Confidence(String label) {
        this.label = label;
    }

    /** The label used in the data file and in JSON. */
    public String label() {
        return label;
    }

    static Confidence of(String label) {
        for (Confidence c : values()) {
            if (c.label.equals(label.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("confidence: " + label + " (expected: src, src-2023, 2nd or inf)");
    }
}
