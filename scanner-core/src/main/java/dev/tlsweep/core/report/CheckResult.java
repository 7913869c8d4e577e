package dev.tlsweep.core.report;

import java.util.List;
import java.util.Objects;

/**
 * The typed result of one {@link Check}, inside the status envelope of its {@link ProbeRun}. A value is
 * {@code null} when the check did not complete far enough to know it; {@code note} says how it was judged.
 */
public sealed interface CheckResult {

    /** How far the check got, why not further, what it cost. */
    ProbeRun run();

    /** A remark on the method or the evidence, or {@code null}. */
    String note();

    /**
     * A yes/no result: {@code supported} for a feature, {@code vulnerable} for a vulnerability, {@code intolerant}
     * for an intolerance ({@link Checks#flagName}).
     *
     * @param value  the answer, {@code null} when unknown
     * @param detail what further characterises it (for an intolerance, its cause), or {@code null}
     */
    record Flag(ProbeRun run, Boolean value, String detail, String note) implements CheckResult {
        public Flag {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * Client-initiated renegotiation.
     *
     * @param allowed whether the server renegotiated at the client's request
     * @param secure  whether that renegotiation was the RFC 5746 kind ({@code false}: the insecure kind, CVE-2009-3555)
     */
    record Renegotiation(ProbeRun run, Boolean allowed, Boolean secure, String note) implements CheckResult {
        public Renegotiation {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * ROBOT.
     *
     * @param vulnerable whether the server's reactions tell PKCS #1 v1.5 paddings apart
     * @param oracle     {@code "strong"} or {@code "weak"} when vulnerable (a weak oracle makes the attack
     *                   impractically slow), else {@code null}
     */
    record Robot(ProbeRun run, Boolean vulnerable, String oracle, String note) implements CheckResult {
        public Robot {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * Session resumption.
     *
     * @param ids     whether the server resumed a session by its ID (TLS 1.0-1.2), {@code null} when not tested
     * @param tickets whether it resumed by ticket (TLS 1.0-1.2, RFC 5077) or issued tickets (TLS 1.3)
     */
    record Resumption(ProbeRun run, Boolean ids, Boolean tickets, String note) implements CheckResult {
        public Resumption {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * TLS 1.3 early data.
     *
     * @param supported        whether the server's tickets allow early data
     * @param maxEarlyDataSize the largest early data the tickets allow, -1 when none
     */
    record EarlyData(ProbeRun run, Boolean supported, long maxEarlyDataSize, String note) implements CheckResult {
        public EarlyData {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * ALPN.
     *
     * @param protocols the protocols the server selected when offered, in the order it picked them
     */
    record Alpn(ProbeRun run, List<String> protocols, String note) implements CheckResult {
        public Alpn {
            Objects.requireNonNull(run, "run");
            protocols = List.copyOf(protocols);
        }
    }

    /**
     * HTTP Strict Transport Security.
     *
     * @param supported         whether the response carried a Strict-Transport-Security header
     * @param maxAge            its max-age in seconds, -1 when absent
     * @param includeSubDomains whether it has includeSubDomains
     * @param preload           whether it has preload
     * @param header            the header as sent (at most 256 characters), or {@code null}
     */
    record Hsts(ProbeRun run, Boolean supported, long maxAge, boolean includeSubDomains, boolean preload, String header,
            String note) implements CheckResult {
        public Hsts {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * A text value: the Server header ({@code value}), the JARM hash ({@code hash}) ({@link Checks#flagName}).
     *
     * @param value the text, {@code null} when none was seen
     */
    record Text(ProbeRun run, String value, String note) implements CheckResult {
        public Text {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * How the server picks suites.
     *
     * @param unoffered    whether it picked a suite the client did not offer
     * @param wrongVersion whether it picked, at TLS 1.0 or 1.1, a suite defined only for TLS 1.2
     * @param suites       the suites concerned (IANA names)
     */
    record SuiteSelection(ProbeRun run, Boolean unoffered, Boolean wrongVersion, List<String> suites, String note)
            implements CheckResult {
        public SuiteSelection {
            Objects.requireNonNull(run, "run");
            suites = List.copyOf(suites);
        }
    }
}
