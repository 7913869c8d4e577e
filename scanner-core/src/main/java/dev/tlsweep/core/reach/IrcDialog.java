package dev.tlsweep.core.reach;

import java.util.Locale;

/**
 * IRC STARTTLS (the IRCv3 tls extension): send {@code STARTTLS} at once; numeric 670 starts TLS, 691 (STARTTLS
 * failed), 421 (unknown command) or {@code ERROR} refuse. Notices the server sends meanwhile are skipped and a
 * {@code PING} is answered, as a client that has not registered yet would.
 */
final class IrcDialog extends Dialog {

    IrcDialog() {
        super("the reply to STARTTLS");
    }

    @Override
    public byte[] open() {
        return "STARTTLS\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    Step advance() throws Violation {
        String line;
        while ((line = line()) != null) {
            String rest = line;
            if (rest.startsWith(":")) {
                int space = rest.indexOf(' ');
                rest = space < 0 ? "" : rest.substring(space + 1);
            }
            int space = rest.indexOf(' ');
            String command = (space < 0 ? rest : rest.substring(0, space)).toUpperCase(Locale.ROOT);
            String params = space < 0 ? "" : rest.substring(space + 1);
            switch (command) {
                case "670" -> {
                    return Step.upgrade();
                }
                case "691", "421", "451" -> {
                    return Step.refused("STARTTLS: " + command + " " + words(trailing(params)));
                }
                case "ERROR" -> {
                    return Step.refused("STARTTLS: ERROR " + words(trailing(params)));
                }
                case "PING" -> send("PONG " + params + "\r\n");
                case "" -> throw new Violation("not an IRC message: " + quote(line));
                default -> {
                    // NOTICE, CAP and other chatter before registration
                }
            }
        }
        return null;
    }

    /** The text after {@code :} in the parameters, or the parameters. */
    private static String trailing(String params) {
        int colon = params.indexOf(" :");
        return params.startsWith(":") ? params.substring(1) : colon >= 0 ? params.substring(colon + 2) : params;
    }
}
