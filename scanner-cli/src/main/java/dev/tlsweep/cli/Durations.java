package dev.tlsweep.cli;

import dev.tlsweep.core.input.Printable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as every option writes them: {@code 5s}, {@code 90s}, {@code 500ms}, {@code 2m}, {@code 1h},
 * {@code 1d}, a sum such as {@code 1h30m}, or plain seconds ({@code 5}, {@code 0.5}). Pure.
 */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?");

    private Durations() {
    }

    /** The duration {@code text} gives, at least 1 ms, or a message naming {@code option}. */
    static Duration parse(String option, String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        double millis = 0;
        if (SECONDS.matcher(s).matches()) {
            millis = Double.parseDouble(s) * 1000;
        } else {
            Matcher m = PART.matcher(s);
            int end = 0;
            while (m.find() && m.start() == end) {
                double v = Double.parseDouble(m.group(1));
                millis += v * switch (m.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 86_400_000;
                };
                end = m.end();
            }
            if (s.isEmpty() || end != s.length()) {
                millis = -1;
            }
        }
        if (!(millis >= 1) || millis > 366L * 86_400_000) {
            throw new IllegalArgumentException(option + ": " + Printable.quote(text == null ? "" : text)
                    + " (expected: a duration such as 5s, 90s, 2m, 1h, or plain seconds)");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** {@code d} in seconds as the options accept it: {@code 5s}, {@code 0.5s}, {@code 120s}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
