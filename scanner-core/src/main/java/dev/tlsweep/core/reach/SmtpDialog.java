package dev.tlsweep.core.reach;

/**
 * SMTP STARTTLS (RFC 3207), and LMTP's (RFC 2033: LHLO for EHLO): read the 220 greeting, send EHLO, read its
 * reply, send STARTTLS, and start TLS on 220. Another greeting (554, 421), an EHLO refused, or any other answer
 * to STARTTLS (454, 502, ...) is a refusal in the server's words; the reason notes when EHLO did not offer
 * STARTTLS, which is then sent anyway so that the server says why itself.
 */
final class SmtpDialog extends Dialog {

    private enum Phase { GREETING, HELLO, STARTTLS }

    private final String protocol;
    private final String hello;
    private final Reply.Reader replies;
    private Phase phase = Phase.GREETING;
    private boolean offered;

    /**
     * @param lmtp       LMTP instead of SMTP
     * @param clientName the name sent in EHLO or LHLO
     */
    SmtpDialog(boolean lmtp, String clientName) {
        super("the " + (lmtp ? "LMTP" : "SMTP") + " greeting");
        this.protocol = lmtp ? "LMTP" : "SMTP";
        this.hello = (lmtp ? "LHLO " : "EHLO ") + clientName;
        this.replies = new Reply.Reader(Reply.Style.STRICT, protocol);
    }

    @Override
    Step advance() throws Violation {
        Reply r;
        while ((r = replies.read(this)) != null) {
            switch (phase) {
                case GREETING -> {
                    if (r.code() != 220) {
                        return Step.refused(protocol + " greeting: " + r.text());
                    }
                    send(hello + "\r\n");
                    phase = Phase.HELLO;
                    waitFor("the reply to " + hello.substring(0, 4));
                }
                case HELLO -> {
                    if (r.code() != 250) {
                        return Step.refused(hello.substring(0, 4) + ": " + r.text());
                    }
                    offered = r.hasKeyword("STARTTLS");
                    send("STARTTLS\r\n");
                    phase = Phase.STARTTLS;
                    waitFor("the reply to STARTTLS");
                }
                case STARTTLS -> {
                    if (r.code() == 220) {
                        return Step.upgrade();
                    }
                    return Step.refused("STARTTLS: " + r.text()
                            + (offered ? "" : " (the " + hello.substring(0, 4) + " reply did not offer STARTTLS)"));
                }
                default -> throw new IllegalStateException(phase.name());
            }
        }
        return null;
    }
}
