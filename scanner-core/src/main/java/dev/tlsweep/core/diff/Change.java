package dev.tlsweep.core.diff;

import java.util.Locale;
import java.util.Objects;

/**
 * One difference of an endpoint between two sweeps.
 *
 * @param aspect  what changed
 * @param kind    whether it appeared, disappeared or changed
 * @param subject what it is about: a version ({@code TLSv1.0}), a suite ({@code TLSv1.2 TLS_RSA_WITH_...}), a key
 *                type's certificate ({@code RSA}), a finding code, a policy
 * @param before  the old value in words, or {@code null} when it appeared
 * @param after   the new value in words, or {@code null} when it disappeared
 * @param worse   whether this change makes the endpoint worse (see {@link Drift})
 * @param why     why it counts as worse, or {@code null}
 */
public record Change(Aspect aspect, Kind kind, String subject, String before, String after, boolean worse,
        String why) {

    /** What changed. */
    public enum Aspect {
        /** The endpoint itself: it appeared in or disappeared from the inventory, its address changed. */
        ENDPOINT,
        /** How the scan ended: ok, incomplete, refused, timeout, ... */
        STATUS,
        /** A protocol version accepted, refused or unknown. */
        VERSION,
        /** A cipher suite accepted at a version. */
        SUITE,
        /** The server's preference order of a version. */
        ORDER,
        /** A key-exchange group the server chose. */
        GROUP,
        /** The certificate served for a key type (rotated, appeared, gone). */
        CERTIFICATE,
        /** A chain verdict: trusted, complete, hostname valid, OpenSSL's verdict. */
        CHAIN,
        /** A finding: new, resolved, or another severity. */
        FINDING,
        /** A policy check's compliance. */
        POLICY;

        /** The label in text and JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How it changed. */
    public enum Kind {
        APPEARED("+"), DISAPPEARED("-"), CHANGED("~");

        private final String mark;

        Kind(String mark) {
            this.mark = mark;
        }

        /** {@code +}, {@code -} or {@code ~}, as a diff writes them. */
        public String mark() {
            return mark;
        }

        /** The label in JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Change {
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        if (worse) {
            Objects.requireNonNull(why, "why");
        }
    }

    static Change appeared(Aspect aspect, String subject, String after) {
        return new Change(aspect, Kind.APPEARED, subject, null, after, false, null);
    }

    static Change disappeared(Aspect aspect, String subject, String before) {
        return new Change(aspect, Kind.DISAPPEARED, subject, before, null, false, null);
    }

    static Change changed(Aspect aspect, String subject, String before, String after) {
        return new Change(aspect, Kind.CHANGED, subject, before, after, false, null);
    }

    /** This change, counted as worse for {@code reason}. */
    Change worse(String reason) {
        return new Change(aspect, kind, subject, before, after, true, reason);
    }

    /** The change in one line: {@code + version TLSv1.0: accepted}. */
    public String describe() {
        String value = switch (kind) {
            case APPEARED -> after;
            case DISAPPEARED -> before;
            case CHANGED -> before + " → " + after;
        };
        return kind.mark() + " " + aspect.label() + " " + subject + (value == null || value.isEmpty() ? "" : ": " + value);
    }
}
