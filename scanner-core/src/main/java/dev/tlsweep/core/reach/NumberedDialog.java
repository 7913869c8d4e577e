package dev.tlsweep.core.reach;

/**
 * FTP AUTH TLS (RFC 4217) and NNTP STARTTLS (RFC 4642): a numbered greeting, one command, and one code that
 * starts TLS (FTP 234, NNTP 382). FTP's preliminary replies (1xx, "service ready in n minutes") are waited out.
 */
final class NumberedDialog extends Dialog {

    private final String protocol;
    private final String command;
    private final int[] greetings;
    private final int proceed;
    private final Reply.Reader replies;
    private boolean greeted;

    private NumberedDialog(String protocol, Reply.Style style, int[] greetings, String command, int proceed) {
        super("the " + protocol + " greeting");
        this.protocol = protocol;
        this.command = command;
        this.greetings = greetings;
        this.proceed = proceed;
        this.replies = new Reply.Reader(style, protocol);
    }

    /** FTP: greeting 220, {@code AUTH TLS}, 234. */
    static NumberedDialog ftp() {
        return new NumberedDialog("FTP", Reply.Style.FTP, new int[] {220}, "AUTH TLS", 234);
    }

    /** NNTP: greeting 200 or 201, {@code STARTTLS}, 382. */
    static NumberedDialog nntp() {
        return new NumberedDialog("NNTP", Reply.Style.SINGLE, new int[] {200, 201}, "STARTTLS", 382);
    }

    @Override
    Step advance() throws Violation {
        Reply r;
        while ((r = replies.read(this)) != null) {
            if (r.code() < 200 && protocol.equals("FTP")) {
                continue; // 1xx: a preliminary reply, the real one follows
            }
            if (!greeted) {
                if (!contains(greetings, r.code())) {
                    return Step.refused(protocol + " greeting: " + r.text());
                }
                greeted = true;
                send(command + "\r\n");
                waitFor("the reply to " + command);
                continue;
            }
            return r.code() == proceed ? Step.upgrade() : Step.refused(command + ": " + r.text());
        }
        return null;
    }

    private static boolean contains(int[] codes, int code) {
        for (int c : codes) {
            if (c == code) {
                return true;
            }
        }
        return false;
    }
}
