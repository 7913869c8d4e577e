package dev.tlsweep.core.quic;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;

/** The integrity tag of a Retry packet (RFC 9001 5.8, RFC 9369 3.3.3): AES-128-GCM over the Retry pseudo-packet. */
final class RetryIntegrity {

    private RetryIntegrity() {
    }

    /** The tag of a Retry packet {@code withoutTag}, sent in answer to an Initial whose destination was {@code odcid}. */
    static byte[] tag(QuicVersion version, byte[] odcid, byte[] withoutTag) {
        ByteArrayOutputStream pseudo = new ByteArrayOutputStream(1 + odcid.length + withoutTag.length);
        pseudo.write(odcid.length);
        pseudo.writeBytes(odcid);
        pseudo.writeBytes(withoutTag);
        try {
            return PacketKeys.aead(PacketKeys.Aead.AES_128_GCM, version.retryKey(), true, version.retryNonce(),
                    pseudo.toByteArray(), new byte[0]);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("sealing cannot fail", e);
        }
    }

    /** Whether the Retry packet {@code packet} (tag included) answers an Initial sent to {@code odcid}. */
    static boolean valid(QuicVersion version, byte[] odcid, byte[] packet) {
        if (packet.length < PacketKeys.TAG_LENGTH) {
            return false;
        }
        int n = packet.length - PacketKeys.TAG_LENGTH;
        return MessageDigest.isEqual(tag(version, odcid, Arrays.copyOf(packet, n)),
                Arrays.copyOfRange(packet, n, packet.length));
    }
}
