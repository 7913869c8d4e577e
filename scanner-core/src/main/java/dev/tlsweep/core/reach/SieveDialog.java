package dev.tlsweep.core.reach;

import java.util.Locale;

/**
 * ManageSieve STARTTLS (RFC 5804 §2.2): the server greets with its capabilities, one quoted name per line
 * ({@code "STARTTLS"} among them), ended by {@code OK}; then {@code STARTTLS}, and {@code OK} starts TLS while
 * {@code NO} or {@code BYE} refuses.
 */
final class SieveDialog extends Dialog {

    private boolean greeted;
    private boolean offered;

    SieveDialog() {
        super("the ManageSieve greeting");
    }

    @Override
    Step advance() throws Violation {
        String line;
        while ((line = line()) != null) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("\"")) {
                if (greeted) {
                    throw new Violation("capabilities after the ManageSieve greeting: " + quote(line));
                }
                offered |= upper.startsWith("\"STARTTLS\"");
                continue;
            }
            boolean ok = upper.equals("OK") || upper.startsWith("OK ");
            boolean no = upper.equals("NO") || upper.startsWith("NO ") || upper.equals("BYE") || upper.startsWith("BYE ");
            if (!ok && !no) {
                throw new Violation("not a ManageSieve response: " + quote(line));
            }
            if (!greeted) {
                if (no) {
                    return Step.refused("ManageSieve greeting: " + words(line));
                }
                greeted = true;
                send("STARTTLS\r\n");
                waitFor("the response to STARTTLS");
                continue;
            }
            return ok ? Step.upgrade() : Step.refused("STARTTLS: " + words(line)
                    + (offered ? "" : " (the capabilities did not offer STARTTLS)"));
        }
        return null;
    }
}
