package dev.tlsweep.core.reach;

import java.util.Locale;

/**
 * IMAP STARTTLS (RFC 2595 §3.1, RFC 9051 §6.2.1): greeting {@code * OK}, then {@code A STARTTLS}; the tagged
 * {@code A OK} starts TLS, {@code A NO} or {@code A BAD} refuses. A {@code PREAUTH} greeting (STARTTLS is then
 * not allowed) or {@code BYE} refuses; untagged data before the tagged reply is skipped.
 */
final class ImapDialog extends Dialog {

    private static final String TAG = "A";
    private boolean greeted;

    ImapDialog() {
        super("the IMAP greeting");
    }

    @Override
    Step advance() throws Violation {
        String line;
        while ((line = line()) != null) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (!greeted) {
                if (upper.startsWith("* OK")) {
                    greeted = true;
                    send(TAG + " STARTTLS\r\n");
                    waitFor("the reply to STARTTLS");
                    continue;
                }
                if (upper.startsWith("* PREAUTH") || upper.startsWith("* BYE")) {
                    return Step.refused("IMAP greeting: " + words(line));
                }
                throw new Violation("not an IMAP greeting: " + quote(line));
            }
            if (upper.startsWith("* ")) {
                if (upper.startsWith("* BYE")) {
                    return Step.refused("STARTTLS: " + words(line));
                }
                continue; // untagged data (CAPABILITY, ...)
            }
            if (upper.startsWith(TAG + " OK")) {
                return Step.upgrade();
            }
            if (upper.startsWith(TAG + " NO") || upper.startsWith(TAG + " BAD")) {
                return Step.refused("STARTTLS: " + words(line.substring(2)));
            }
            throw new Violation("not an IMAP reply to STARTTLS: " + quote(line));
        }
        return null;
    }
}
