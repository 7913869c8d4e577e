package dev.tlsweep.lab;

import io.netty.buffer.ByteBuf;
import java.math.BigInteger;
import java.security.interfaces.RSAPrivateKey;

/**
 * The strong Bleichenbacher oracle of {@link CannedQuirk#ROBOT_ORACLE}: decrypts an RSA ClientKeyExchange with the
 * responder's key and answers {@code decrypt_error} when the block does not start with 0x00 0x02, and
 * {@code bad_record_mac} otherwise — the difference a real vulnerable stack leaks through its alerts or timing.
 */
final class CannedRobot {

    private CannedRobot() {
    }

    /** The alert for the ClientKeyExchange message in {@code fragment} (type, length, then the RSA block). */
    static int answer(RSAPrivateKey key, ByteBuf fragment) {
        int k = (key.getModulus().bitLength() + 7) / 8;
        int i = fragment.readerIndex() + 4;
        int length = fragment.getUnsignedShort(i);
        if (length != k || fragment.writerIndex() < i + 2 + k) {
            return CannedAnswer.ALERT_DECODE_ERROR;
        }
        byte[] c = new byte[k];
        fragment.getBytes(i + 2, c);
        byte[] m = new BigInteger(1, c).modPow(key.getPrivateExponent(), key.getModulus()).toByteArray();
        byte[] block = new byte[k];
        int copy = Math.min(m.length, k);
        System.arraycopy(m, m.length - copy, block, k - copy, copy);
        return block[0] == 0 && block[1] == 2 ? CannedAnswer.ALERT_BAD_RECORD_MAC : CannedAnswer.ALERT_DECRYPT_ERROR;
    }
}
