package dev.tlsweep.core.reach;

/**
 * RDP (MS-RDPBCGR 2.2.1.1 and 2.2.1.2): an X.224 Connection Request in a TPKT carrying an RDP Negotiation
 * Request for TLS or CredSSP (both start with a TLS handshake); the Connection Confirm's Negotiation Response
 * selecting either starts TLS. A Negotiation Failure (its code named), a confirm without negotiation data or one
 * that selects standard RDP security refuses.
 */
final class RdpDialog extends Dialog {

    static final int PROTOCOL_RDP = 0;
    static final int PROTOCOL_SSL = 1;
    static final int PROTOCOL_HYBRID = 2;

    RdpDialog() {
        super("the X.224 Connection Confirm");
    }

    @Override
    public byte[] open() {
        return new byte[] {
            0x03, 0x00, 0x00, 0x13,                 // TPKT: version 3, length 19
            0x0E, (byte) 0xE0, 0, 0, 0, 0, 0,       // X.224 CR: length indicator 14, DST-REF, SRC-REF, class 0
            0x01, 0x00, 0x08, 0x00,                 // RDP_NEG_REQ, flags, length 8
            (byte) (PROTOCOL_SSL | PROTOCOL_HYBRID), 0, 0, 0};
    }

    @Override
    Step advance() throws Violation {
        if (available() < 4) {
            return null;
        }
        if (peek(0) != 0x03) {
            throw new Violation(String.format("not a TPKT (RDP) answer: version 0x%02X", peek(0)));
        }
        int length = (peek(2) << 8) | peek(3);
        if (length < 11) {
            throw new Violation("a TPKT of " + length + " bytes, too short for an X.224 Connection Confirm");
        }
        if (available() < length) {
            return null;
        }
        byte[] p = take(length);
        int li = p[4] & 0xFF;
        int type = p[5] & 0xF0;
        if (type != 0xD0) {
            throw new Violation(String.format("not an X.224 Connection Confirm: type 0x%02X", type));
        }
        if (li < 6 || 5 + li > length) {
            throw new Violation("an X.224 Connection Confirm with length indicator " + li + " in " + length + " bytes");
        }
        if (li < 6 + 8) {
            return Step.refused("RDP: the server sent no negotiation response: it speaks only standard RDP security");
        }
        int neg = 11;
        int negType = p[neg] & 0xFF;
        long value = (p[neg + 4] & 0xFFL) | ((p[neg + 5] & 0xFFL) << 8) | ((p[neg + 6] & 0xFFL) << 16)
                | ((p[neg + 7] & 0xFFL) << 24);
        if (negType == 0x02) {
            if (value == PROTOCOL_RDP) {
                return Step.refused("RDP: the server selected standard RDP security, not TLS");
            }
            return Step.upgrade();
        }
        if (negType == 0x03) {
            return Step.refused("RDP negotiation failure: " + failure(value));
        }
        throw new Violation(String.format("an RDP negotiation message of type 0x%02X", negType));
    }

    private static String failure(long code) {
        return switch ((int) code) {
            case 1 -> "SSL_REQUIRED_BY_SERVER (1)";
            case 2 -> "SSL_NOT_ALLOWED_BY_SERVER (2)";
            case 3 -> "SSL_CERT_NOT_ON_SERVER (3)";
            case 4 -> "INCONSISTENT_FLAGS (4)";
            case 5 -> "HYBRID_REQUIRED_BY_SERVER (5)";
            case 6 -> "SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER (6)";
            default -> "code " + code;
        };
    }
}
