package dev.tlsweep.core.reach;

/** POP3 STLS (RFC 2595 §4): greeting {@code +OK}, {@code STLS}, {@code +OK} starts TLS; {@code -ERR} refuses. */
final class Pop3Dialog extends Dialog {

    private boolean greeted;

    Pop3Dialog() {
        super("the POP3 greeting");
    }

    @Override
    Step advance() throws Violation {
        String line;
        while ((line = line()) != null) {
            boolean ok = line.equals("+OK") || line.startsWith("+OK ");
            if (!ok && !(line.equals("-ERR") || line.startsWith("-ERR "))) {
                throw new Violation("not a POP3 reply: " + quote(line));
            }
            if (!greeted) {
                if (!ok) {
                    return Step.refused("POP3 greeting: " + words(line));
                }
                greeted = true;
                send("STLS\r\n");
                waitFor("the reply to STLS");
                continue;
            }
            return ok ? Step.upgrade() : Step.refused("STLS: " + words(line));
        }
        return null;
    }
}
