package dev.tlsweep.core.quic;

import dev.tlsweep.core.wire.TlsHash;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The packet protection of one direction at one encryption level (RFC 9001 5): the AEAD key and IV that protect a
 * packet's payload, and the header-protection key that masks its first byte and packet number. Derived from a
 * traffic secret with the version's labels: the Initial secrets from the destination connection ID (5.2), the
 * Handshake ones from the TLS key schedule. Immutable; every call makes its own cipher, so one instance may serve
 * several threads.
 */
public final class PacketKeys {

    /** The AEADs QUIC uses with TLS 1.3's suites (RFC 9001 5.3: never AES-128-CCM-8). */
    enum Aead {
        AES_128_GCM(16), AES_256_GCM(32), CHACHA20_POLY1305(32), AES_128_CCM(16);

        final int keyLength;

        Aead(int keyLength) {
            this.keyLength = keyLength;
        }
    }

    static final int TAG_LENGTH = 16;
    static final int SAMPLE_LENGTH = 16;

    private final Aead aead;
    private final byte[] key;
    private final byte[] iv;
    private final byte[] hp;

    PacketKeys(Aead aead, byte[] key, byte[] iv, byte[] hp) {
        this.aead = aead;
        this.key = key.clone();
        this.iv = iv.clone();
        this.hp = hp.clone();
    }

    /** The Initial secret of a connection whose client chose {@code dcid} (RFC 9001 5.2). */
    static byte[] initialSecret(QuicVersion version, byte[] dcid) {
        return TlsHash.SHA256.extract(version.initialSalt(), dcid);
    }

    /** The Initial keys of one side: the client's ({@code client}) or the server's. */
    public static PacketKeys initial(QuicVersion version, byte[] dcid, boolean client) {
        byte[] secret = TlsHash.SHA256.expandLabel(initialSecret(version, dcid), client ? "client in" : "server in",
                new byte[0], 32);
        return fromSecret(version, Aead.AES_128_GCM, TlsHash.SHA256, secret);
    }

    /**
     * The keys of a TLS 1.3 traffic secret of {@code suite}.
     *
     * @throws QuicException for a suite QUIC does not allow (TLS_AES_128_CCM_8_SHA256) or tlsweep does not know
     */
    public static PacketKeys forSuite(QuicVersion version, int suite, byte[] secret) throws QuicException {
        Aead aead = switch (suite) {
            case 0x1301 -> Aead.AES_128_GCM;
            case 0x1302 -> Aead.AES_256_GCM;
            case 0x1303 -> Aead.CHACHA20_POLY1305;
            case 0x1304 -> Aead.AES_128_CCM;
            default -> throw new QuicException(String.format("cipher suite 0x%04X cannot protect QUIC packets"
                    + " (RFC 9001 5.3)", suite));
        };
        return fromSecret(version, aead, suite == 0x1302 ? TlsHash.SHA384 : TlsHash.SHA256, secret);
    }

    static PacketKeys fromSecret(QuicVersion version, Aead aead, TlsHash hash, byte[] secret) {
        return new PacketKeys(aead,
                hash.expandLabel(secret, version.keyLabel("key"), new byte[0], aead.keyLength),
                hash.expandLabel(secret, version.keyLabel("iv"), new byte[0], 12),
                hash.expandLabel(secret, version.keyLabel("hp"), new byte[0], aead.keyLength));
    }

    byte[] key() {
        return key.clone();
    }

    byte[] iv() {
        return iv.clone();
    }

    byte[] hp() {
        return hp.clone();
    }

    /**
     * Protects a packet: {@code header} is its unprotected header ending with the {@code pnLength}-byte packet
     * number {@code pn}; returns header and sealed payload with the header protection applied.
     */
    byte[] seal(byte[] header, int pnLength, long pn, byte[] payload) {
        byte[] sealed;
        try {
            sealed = aead(true, nonce(pn), header, payload);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("sealing cannot fail", e);
        }
        byte[] packet = Arrays.copyOf(header, header.length + sealed.length);
        System.arraycopy(sealed, 0, packet, header.length, sealed.length);
        int pnOffset = header.length - pnLength;
        if (packet.length < pnOffset + 4 + SAMPLE_LENGTH) {
            throw new IllegalArgumentException("packet of " + packet.length + " bytes is too short to sample");
        }
        byte[] mask = mask(packet, pnOffset + 4);
        packet[0] ^= (byte) (mask[0] & ((packet[0] & 0x80) != 0 ? 0x0F : 0x1F));
        for (int i = 0; i < pnLength; i++) {
            packet[pnOffset + i] ^= mask[1 + i];
        }
        return packet;
    }

    /** A packet whose protection was removed: its header (first byte and packet number unmasked) and payload. */
    record Opened(byte[] header, long packetNumber, byte[] payload) {
    }

    /**
     * Removes the protection of the packet in {@code datagram[start, end)} whose packet number starts at
     * {@code pnOffset}, the full number decoded next to {@code largest} (the largest received in its space, -1 for
     * none; RFC 9000 A.3).
     *
     * @throws QuicException when the packet is too short or does not decrypt (a packet to drop, RFC 9001 5.5)
     */
    Opened open(byte[] datagram, int start, int pnOffset, int end, long largest) throws QuicException {
        if (end - pnOffset < 4 + SAMPLE_LENGTH) {
            throw new QuicException("packet of " + (end - start) + " bytes is too short for header protection");
        }
        byte[] mask = mask(datagram, pnOffset + 4);
        byte[] header;
        int first = datagram[start] & 0xFF;
        first ^= mask[0] & ((first & 0x80) != 0 ? 0x0F : 0x1F);
        int pnLength = (first & 0x03) + 1;
        header = Arrays.copyOfRange(datagram, start, pnOffset + pnLength);
        header[0] = (byte) first;
        long truncated = 0;
        for (int i = 0; i < pnLength; i++) {
            header[pnOffset - start + i] ^= mask[1 + i];
            truncated = (truncated << 8) | (header[pnOffset - start + i] & 0xFF);
        }
        long pn = decodePacketNumber(largest, truncated, pnLength * 8);
        byte[] ciphertext = Arrays.copyOfRange(datagram, pnOffset + pnLength, end);
        if (ciphertext.length < TAG_LENGTH) {
            throw new QuicException("packet payload of " + ciphertext.length + " bytes is shorter than its tag");
        }
        try {
            return new Opened(header, pn, aead(false, nonce(pn), header, ciphertext));
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new QuicException("packet " + pn + " does not decrypt");
        }
    }

    /** The full packet number next to {@code largest} (RFC 9000 A.3). */
    static long decodePacketNumber(long largest, long truncated, int bits) {
        long expected = largest + 1;
        long window = 1L << bits;
        long half = window / 2;
        long mask = window - 1;
        long candidate = (expected & ~mask) | truncated;
        if (candidate <= expected - half && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + half && candidate >= window) {
            return candidate - window;
        }
        return candidate;
    }

    private byte[] nonce(long pn) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (pn >>> (8 * i));
        }
        return nonce;
    }

    /** The five bytes of header-protection mask from the sample at {@code sampleOffset} (RFC 9001 5.4). */
    byte[] mask(byte[] packet, int sampleOffset) {
        byte[] sample = Arrays.copyOfRange(packet, sampleOffset, sampleOffset + SAMPLE_LENGTH);
        if (aead == Aead.CHACHA20_POLY1305) {
            ChaCha7539Engine chacha = new ChaCha7539Engine();
            chacha.init(true, new ParametersWithIV(new KeyParameter(hp), Arrays.copyOfRange(sample, 4, 16)));
            long counter = (sample[0] & 0xFFL) | (sample[1] & 0xFFL) << 8 | (sample[2] & 0xFFL) << 16
                    | (sample[3] & 0xFFL) << 24;
            chacha.seekTo(counter * 64);
            byte[] out = new byte[5];
            chacha.processBytes(new byte[5], 0, 5, out, 0);
            return out;
        }
        AESEngine aes = (AESEngine) AESEngine.newInstance();
        aes.init(true, new KeyParameter(hp));
        byte[] out = new byte[16];
        aes.processBlock(sample, 0, out, 0);
        return Arrays.copyOf(out, 5);
    }

    private byte[] aead(boolean encrypt, byte[] nonce, byte[] ad, byte[] input) throws InvalidCipherTextException {
        return aead(aead, key, encrypt, nonce, ad, input);
    }

    static byte[] aead(Aead aead, byte[] key, boolean encrypt, byte[] nonce, byte[] ad, byte[] input)
            throws InvalidCipherTextException {
        AEADCipher cipher = switch (aead) {
            case AES_128_GCM, AES_256_GCM -> GCMBlockCipher.newInstance(AESEngine.newInstance());
            case AES_128_CCM -> CCMBlockCipher.newInstance(AESEngine.newInstance());
            case CHACHA20_POLY1305 -> new ChaCha20Poly1305();
        };
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, ad));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int n = cipher.processBytes(input, 0, input.length, out, 0);
        n += cipher.doFinal(out, n);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
