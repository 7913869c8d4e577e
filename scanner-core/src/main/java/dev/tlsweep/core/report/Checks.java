package dev.tlsweep.core.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of the handshake-behaviour and vulnerability checks of one endpoint, one per {@link Check} that ran,
 * in {@link Check} order.
 *
 * @param results the result of each check that ran
 */
public record Checks(Map<Check, CheckResult> results) {

    /** No check ran (an endpoint that could not be scanned, or a scan without checks). */
    public static final Checks NONE = new Checks(Map.of());

    public Checks {
        Objects.requireNonNull(results, "results");
        EnumMap<Check, CheckResult> copy = new EnumMap<>(Check.class);
        copy.putAll(results);
        results = Collections.unmodifiableMap(copy);
    }

    /** The result of {@code check}, if it ran. */
    public Optional<CheckResult> get(Check check) {
        return Optional.ofNullable(results.get(check));
    }

    /** Whether no check ran. */
    public boolean isEmpty() {
        return results.isEmpty();
    }

    /** These results with {@code result} for {@code check}. */
    public Checks with(Check check, CheckResult result) {
        EnumMap<Check, CheckResult> copy = new EnumMap<>(Check.class);
        copy.putAll(results);
        copy.put(check, result);
        return new Checks(copy);
    }

    /** The JSON member of a check's main value: {@code supported}, {@code vulnerable}, {@code allowed}, .... */
    public static String flagName(Check check) {
        return switch (check) {
            case HEARTBLEED, CCS_INJECTION, ROBOT -> "vulnerable";
            case CLIENT_RENEGOTIATION -> "allowed";
            case VERSION_INTOLERANCE, LARGE_CLIENT_HELLO -> "intolerant";
            case SERVER_HEADER -> "value";
            case JARM -> "hash";
            default -> "supported";
        };
    }

    /** Whether {@code check} found the endpoint vulnerable (Heartbleed, CCS injection, ROBOT). */
    public boolean vulnerable(Check check) {
        CheckResult r = results.get(check);
        if (r instanceof CheckResult.Flag f && "vulnerable".equals(flagName(check))) {
            return Boolean.TRUE.equals(f.value());
        }
        return r instanceof CheckResult.Robot robot && Boolean.TRUE.equals(robot.vulnerable());
    }
}
