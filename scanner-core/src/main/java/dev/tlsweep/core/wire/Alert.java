package dev.tlsweep.core.wire;

/**
 * A TLS alert as received.
 *
 * @param level 1 (warning), 2 (fatal) or whatever the peer sent
 * @param description the alert description code
 */
public record Alert(int level, int description) {

    /** Alert level warning. */
    public static final int WARNING = 1;
    /** Alert level fatal. */
    public static final int FATAL = 2;

    /**
     * Returns the description as an enum constant.
     *
     * @return the matching constant, or {@link AlertDescription#UNKNOWN} for unassigned codes
     */
    public AlertDescription descriptionEnum() {
        return AlertDescription.of(description);
    }

    /**
     * Whether this alert ends the server's flight: anything but a warning other than close_notify.
     * Servers go on after a warning such as unrecognized_name (sent for an SNI they do not know).
     *
     * @return {@code false} only for warning-level alerts other than close_notify
     */
    public boolean endsFlight() {
        return level != WARNING || description == 0;
    }

    /**
     * Returns whether the alert level is fatal.
     *
     * @return {@code true} for level 2
     */
    public boolean fatal() {
        return level == FATAL;
    }

    /**
     * Describes the alert for humans, e.g. {@code "fatal handshake_failure (40)"}.
     *
     * @return the description
     */
    public String describe() {
        String lvl = switch (level) {
            case WARNING -> "warning";
            case FATAL -> "fatal";
            default -> "level(" + level + ")";
        };
        AlertDescription d = descriptionEnum();
        String name = d == AlertDescription.UNKNOWN ? "unknown" : d.rfcName();
        return lvl + ' ' + name + " (" + description + ')';
    }
}
