package dev.tlsweep.core.reach;

import java.nio.charset.StandardCharsets;

/**
 * LDAP StartTLS (RFC 4511 §4.14): send the extended request {@code 1.3.6.1.4.1.1466.20037} as message 1 and
 * read the extended response (BER, definite lengths only, bounded). Result code 0 starts TLS; any other is a
 * refusal with its name and the server's diagnostic message. An unsolicited notice (message 0, e.g. the Notice
 * of Disconnection) refuses too.
 */
final class LdapDialog extends Dialog {

    static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";
    private static final int EXTENDED_RESPONSE = 0x78; // [APPLICATION 24], constructed

    LdapDialog() {
        super("the answer to the StartTLS request");
    }

    @Override
    public byte[] open() {
        byte[] oid = START_TLS_OID.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[9 + oid.length];
        int i = 0;
        out[i++] = 0x30;                        // LDAPMessage SEQUENCE
        out[i++] = (byte) (7 + oid.length);
        out[i++] = 0x02;                        // messageID INTEGER 1
        out[i++] = 0x01;
        out[i++] = 0x01;
        out[i++] = 0x77;                        // [APPLICATION 23] ExtendedRequest
        out[i++] = (byte) (2 + oid.length);
        out[i++] = (byte) 0x80;                 // [0] requestName
        out[i++] = (byte) oid.length;
        System.arraycopy(oid, 0, out, i, oid.length);
        return out;
    }

    @Override
    Step advance() throws Violation {
        if (available() < 2) {
            return null;
        }
        if (peek(0) != 0x30) {
            throw new Violation(String.format("not an LDAP message: it starts with 0x%02X", peek(0)));
        }
        Ber outer = new Ber(this, 1);
        if (outer.length < 0) {
            return null;
        }
        int total = outer.offset + outer.length;
        if (available() < total) {
            return null;
        }
        byte[] message = take(total);
        Ber.Reader r = new Ber.Reader(message, outer.offset, total);
        long id = r.integer(0x02, "messageID");
        int op = r.tag();
        if (op != EXTENDED_RESPONSE) {
            throw new Violation(String.format("not an LDAP extended response: operation tag 0x%02X", op));
        }
        Ber.Reader response = r.enter("ExtendedResponse");
        long result = response.integer(0x0A, "resultCode");
        response.bytes(0x04, "matchedDN");
        String diagnostic = new String(response.bytes(0x04, "diagnosticMessage"), StandardCharsets.UTF_8);
        if (id == 0) {
            return Step.refused("LDAP notice: " + resultName(result) + (diagnostic.isBlank() ? "" : ": " + words(diagnostic)));
        }
        if (id != 1) {
            throw new Violation("an LDAP response to message " + id + ", not to the StartTLS request (1)");
        }
        if (result == 0) {
            return Step.upgrade();
        }
        return Step.refused("StartTLS: " + resultName(result) + (diagnostic.isBlank() ? "" : ": " + words(diagnostic)));
    }

    static String resultName(long code) {
        String name = switch ((int) code) {
            case 1 -> "operationsError";
            case 2 -> "protocolError";
            case 3 -> "timeLimitExceeded";
            case 7 -> "authMethodNotSupported";
            case 8 -> "strongerAuthRequired";
            case 11 -> "adminLimitExceeded";
            case 12 -> "unavailableCriticalExtension";
            case 13 -> "confidentialityRequired";
            case 50 -> "insufficientAccessRights";
            case 51 -> "busy";
            case 52 -> "unavailable";
            case 53 -> "unwillingToPerform";
            case 80 -> "other";
            default -> null;
        };
        return "result " + code + (name == null ? "" : " (" + name + ")");
    }

    /** A BER length read from the dialog's buffer: {@code length} −1 while incomplete. */
    private static final class Ber {
        final int offset;
        final int length;

        Ber(Dialog d, int at) throws Violation {
            int first = d.peek(at);
            if (first < 0x80) {
                offset = at + 1;
                length = first;
                return;
            }
            int n = first & 0x7F;
            if (n == 0 || n > 3) {
                throw new Violation("an LDAP message with an indefinite or too large length (" + n + " length bytes)");
            }
            if (d.available() < at + 1 + n) {
                offset = -1;
                length = -1;
                return;
            }
            int len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | d.peek(at + 1 + i);
            }
            if (len > MAX_BUFFERED) {
                throw new Violation("an LDAP message of " + len + " bytes (expected: at most " + MAX_BUFFERED + ")");
            }
            offset = at + 1 + n;
            length = len;
        }

        /** Reads the elements of one whole, bounded message. */
        static final class Reader {
            private final byte[] b;
            private int pos;
            private final int end;

            Reader(byte[] b, int pos, int end) {
                this.b = b;
                this.pos = pos;
                this.end = end;
            }

            int tag() throws Violation {
                need(1, "a tag");
                return b[pos] & 0xFF;
            }

            long integer(int tag, String what) throws Violation {
                byte[] v = bytes(tag, what);
                if (v.length == 0 || v.length > 4) {
                    throw new Violation("LDAP " + what + " of " + v.length + " bytes");
                }
                long x = v[0]; // signed, as BER integers are
                for (int i = 1; i < v.length; i++) {
                    x = (x << 8) | (v[i] & 0xFF);
                }
                return x;
            }

            byte[] bytes(int tag, String what) throws Violation {
                int len = header(tag, what);
                byte[] v = java.util.Arrays.copyOfRange(b, pos, pos + len);
                pos += len;
                return v;
            }

            Reader enter(String what) throws Violation {
                int len = header(b[pos] & 0xFF, what);
                Reader inner = new Reader(b, pos, pos + len);
                pos += len;
                return inner;
            }

            private int header(int tag, String what) throws Violation {
                need(2, what);
                if ((b[pos] & 0xFF) != tag) {
                    throw new Violation(String.format("LDAP %s: tag 0x%02X (expected: 0x%02X)", what, b[pos] & 0xFF, tag));
                }
                pos++;
                int first = b[pos++] & 0xFF;
                int len;
                if (first < 0x80) {
                    len = first;
                } else {
                    int n = first & 0x7F;
                    if (n == 0 || n > 3) {
                        throw new Violation("LDAP " + what + ": an indefinite or too large length");
                    }
                    need(n, what);
                    len = 0;
                    for (int i = 0; i < n; i++) {
                        len = (len << 8) | (b[pos++] & 0xFF);
                    }
                }
                need(len, what);
                return len;
            }

            private void need(int n, String what) throws Violation {
                if (n < 0 || end - pos < n) {
                    throw new Violation("LDAP " + what + " runs past the end of its message");
                }
            }
        }
    }
}
