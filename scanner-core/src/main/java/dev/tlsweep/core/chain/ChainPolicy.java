package dev.tlsweep.core.chain;

/**
 * The thresholds of the validity findings.
 *
 * @param expiryWarningDays  {@code CERT_EXPIRES_SOON} (medium) when a certificate on the path has
 *                           at most this many days left (default 30)
 * @param expiryCriticalDays {@code CERT_EXPIRES_SOON} (high) at most this many days left (default 7)
 * @param maxLifetimeDays    {@code CERT_LONG_LIFETIME} when the leaf's validity is longer (default
 *                           398, the CA/Browser Forum limit since September 2020)
 */
public record ChainPolicy(int expiryWarningDays, int expiryCriticalDays, int maxLifetimeDays) {

    /** Validates the thresholds. */
    public ChainPolicy {
        if (expiryCriticalDays < 0) {
            throw new IllegalArgumentException("expiryCriticalDays: " + expiryCriticalDays + " (expected: >= 0)");
        }
        if (expiryWarningDays < expiryCriticalDays) {
            throw new IllegalArgumentException("expiryWarningDays: " + expiryWarningDays
                    + " (expected: >= expiryCriticalDays " + expiryCriticalDays + ")");
        }
        if (maxLifetimeDays <= 0) {
            throw new IllegalArgumentException("maxLifetimeDays: " + maxLifetimeDays + " (expected: > 0)");
        }
    }

    /** 30 days warning, 7 days critical, 398 days maximum lifetime. */
    public static ChainPolicy defaults() {
        return new ChainPolicy(30, 7, 398);
    }
}
