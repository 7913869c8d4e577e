package dev.tlsweep.core.inventory;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The certificate an endpoint should serve, as an inventory line states it: typically the one in the
 * user's certificate manager. Any field may be absent.
 *
 * @param sha256      the SHA-256 fingerprint of the expected leaf, lowercase hex without separators
 * @param serialHex   the expected leaf's serial number, lowercase hex without separators or leading zeros
 * @param certificate a PEM file holding the expected leaf (its fingerprint, serial and dates are used)
 */
public record Expected(String sha256, String serialHex, Path certificate) {

    /** Nothing expected. */
    public static final Expected NONE = new Expected(null, null, null);

    /** Whether anything is expected. */
    public boolean any() {
        return sha256 != null || serialHex != null || certificate != null;
    }

    /** Normalises a fingerprint written with or without colons, in any case; {@code null} if it is not one. */
    static String fingerprint(String text) {
        String hex = text.replace(":", "").toLowerCase(Locale.ROOT);
        return hex.length() == 64 && hex.chars().allMatch(Expected::isHex) ? hex : null;
    }

    /** Normalises a serial written in hex, with or without colons and leading zeros; {@code null} if it is not one. */
    static String serial(String text) {
        String hex = text.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || hex.length() > 64 || !hex.chars().allMatch(Expected::isHex)) {
            return null;
        }
        String trimmed = hex.replaceFirst("^0+", "");
        return trimmed.isEmpty() ? "0" : trimmed;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
