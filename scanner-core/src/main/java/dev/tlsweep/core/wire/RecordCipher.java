package dev.tlsweep.core.wire;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The protection of one direction of a connection: AES-GCM, ChaCha20-Poly1305, AES-CCM and AES-CCM-8 as TLS 1.3
 * uses them (RFC 8446 5.2, 5.3) and as TLS 1.2 does (RFC 5288, RFC 7905, RFC 6655), and AES-CBC with HMAC
 * (MAC-then-encrypt, RFC 5246 6.2.3.2; TLS 1.0's chained IV, RFC 2246 6.2.3.2). Holds the sequence number.
 * Opening checks the tag or MAC and the padding: a failure is a {@link WireError#BAD_VALUE} naming the record,
 * never an unchecked exception. Not thread-safe: one instance per direction of one connection.
 */
final class RecordCipher {

    /** The ciphers implemented. */
    enum Mode {
        AES_GCM(16),
        CHACHA20_POLY1305(16),
        AES_CCM(16),
        AES_CCM_8(8),
        AES_CBC(0);

        final int tagLength;

        Mode(int tagLength) {
            this.tagLength = tagLength;
        }
    }

    private final Mode mode;
    private final boolean tls13;
    private final byte[] key;
    private final byte[] iv;
    private final byte[] macKey;
    private final TlsHash macHash;
    private final boolean explicitCbcIv;
    private byte[] chainedIv;
    private long sequence;

    private RecordCipher(Mode mode, boolean tls13, byte[] key, byte[] iv, byte[] macKey, TlsHash macHash,
            boolean explicitCbcIv) {
        this.mode = mode;
        this.tls13 = tls13;
        this.key = key.clone();
        this.iv = iv.clone();
        this.macKey = macKey == null ? null : macKey.clone();
        this.macHash = macHash;
        this.explicitCbcIv = explicitCbcIv;
        this.chainedIv = iv.clone();
    }

    /** A TLS 1.3 cipher with the traffic key and IV of one direction (RFC 8446 7.3). */
    static RecordCipher tls13(Mode mode, byte[] key, byte[] iv) {
        if (mode == Mode.AES_CBC) {
            throw new IllegalArgumentException("mode: AES_CBC (expected: an AEAD in TLS 1.3)");
        }
        return new RecordCipher(mode, true, key, iv, null, null, false);
    }

    /**
     * A TLS 1.2 AEAD cipher: {@code fixedIv} is the 4-byte salt of GCM and CCM (the other 8 bytes of the nonce are
     * explicit in each record) or the 12-byte IV of ChaCha20-Poly1305 (XORed with the sequence number).
     */
    static RecordCipher tls12Aead(Mode mode, byte[] key, byte[] fixedIv) {
        return new RecordCipher(mode, false, key, fixedIv, null, null, false);
    }

    /**
     * An AES-CBC cipher with HMAC-{@code macHash}: TLS 1.1 and 1.2 send an explicit IV per record, TLS 1.0 chains
     * the last ciphertext block, starting with {@code iv}.
     */
    static RecordCipher cbc(byte[] key, byte[] iv, byte[] macKey, TlsHash macHash, boolean explicitIv) {
        return new RecordCipher(Mode.AES_CBC, false, key, iv, macKey, macHash, explicitIv);
    }

    /** Key, IV and MAC key lengths of a TLS 1.2 suite's cipher: what the key block holds for it. */
    static int ivLength(Mode mode) {
        return switch (mode) {
            case AES_GCM, AES_CCM, AES_CCM_8 -> 4;
            case CHACHA20_POLY1305 -> 12;
            case AES_CBC -> 16;
        };
    }

    // ---- TLS 1.3 ----

    /**
     * Opens a TLS 1.3 record: {@code header} is its 5 bytes (the additional data), {@code fragment} its
     * encrypted_record. Returns the TLSInnerPlaintext: content, content type, zero padding.
     */
    byte[] open13(byte[] header, byte[] fragment) throws WireException {
        if (fragment.length < mode.tagLength + 1) {
            throw new WireException(WireError.BAD_LENGTH, "encrypted record of " + fragment.length
                    + " bytes (expected: at least " + (mode.tagLength + 1) + ")");
        }
        byte[] plain = aead(false, nonce13(), header, fragment, "record " + sequence);
        sequence++;
        return plain;
    }

    /** Seals a TLS 1.3 record carrying {@code content} of {@code innerType}; returns the whole record. */
    byte[] seal13(int innerType, byte[] content) {
        byte[] inner = Arrays.copyOf(content, content.length + 1);
        inner[content.length] = (byte) innerType;
        int length = inner.length + mode.tagLength;
        byte[] header = {Tls.CT_APPLICATION_DATA, 3, 3, (byte) (length >>> 8), (byte) length};
        byte[] sealed;
        try {
            sealed = aead(true, nonce13(), header, inner, "record " + sequence);
        } catch (WireException e) {
            throw new IllegalStateException("sealing cannot fail", e);
        }
        sequence++;
        return TlsHash.concat(header, sealed);
    }

    private byte[] nonce13() {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (sequence >>> (8 * i));
        }
        return nonce;
    }

    // ---- TLS 1.0-1.2 ----

    /** Opens a TLS 1.0-1.2 record fragment of {@code type} at record {@code version}; returns the plaintext. */
    byte[] open12(int type, int version, byte[] fragment) throws WireException {
        byte[] plain = switch (mode) {
            case AES_CBC -> openCbc(type, version, fragment);
            case CHACHA20_POLY1305 -> {
                int length = fragment.length - mode.tagLength;
                if (length < 0) {
                    throw new WireException(WireError.BAD_LENGTH, "record of " + fragment.length + " bytes is shorter"
                            + " than its tag");
                }
                yield aead(false, nonce13(), additionalData(type, version, length), fragment, "record " + sequence);
            }
            default -> {
                int length = fragment.length - 8 - mode.tagLength;
                if (length < 0) {
                    throw new WireException(WireError.BAD_LENGTH, "record of " + fragment.length + " bytes is shorter"
                            + " than its explicit nonce and tag");
                }
                byte[] nonce = TlsHash.concat(iv, Arrays.copyOfRange(fragment, 0, 8));
                yield aead(false, nonce, additionalData(type, version, length),
                        Arrays.copyOfRange(fragment, 8, fragment.length), "record " + sequence);
            }
        };
        sequence++;
        return plain;
    }

    /** Seals a TLS 1.0-1.2 record of {@code type}; returns the whole record, header included. */
    byte[] seal12(int type, int version, byte[] plaintext) {
        byte[] fragment;
        try {
            fragment = switch (mode) {
                case AES_CBC -> sealCbc(type, version, plaintext);
                case CHACHA20_POLY1305 -> aead(true, nonce13(), additionalData(type, version, plaintext.length),
                        plaintext, "record " + sequence);
                default -> {
                    byte[] explicit = new byte[8];
                    for (int i = 0; i < 8; i++) {
                        explicit[7 - i] = (byte) (sequence >>> (8 * i));
                    }
                    yield TlsHash.concat(explicit, aead(true, TlsHash.concat(iv, explicit),
                            additionalData(type, version, plaintext.length), plaintext, "record " + sequence));
                }
            };
        } catch (WireException e) {
            throw new IllegalStateException("sealing cannot fail", e);
        }
        sequence++;
        byte[] header = {(byte) type, (byte) (version >>> 8), (byte) version, (byte) (fragment.length >>> 8),
            (byte) fragment.length};
        return TlsHash.concat(header, fragment);
    }

    private byte[] additionalData(int type, int version, int length) {
        byte[] ad = new byte[13];
        for (int i = 0; i < 8; i++) {
            ad[7 - i] = (byte) (sequence >>> (8 * i));
        }
        ad[8] = (byte) type;
        ad[9] = (byte) (version >>> 8);
        ad[10] = (byte) version;
        ad[11] = (byte) (length >>> 8);
        ad[12] = (byte) length;
        return ad;
    }

    private byte[] mac(int type, int version, byte[] content) {
        return macHash.hmac(macKey, additionalData(type, version, content.length), content);
    }

    private byte[] sealCbc(int type, int version, byte[] plaintext) {
        byte[] mac = mac(type, version, plaintext);
        int unpadded = plaintext.length + mac.length + 1;
        int padding = (16 - unpadded % 16) % 16;
        byte[] block = new byte[unpadded + padding];
        System.arraycopy(plaintext, 0, block, 0, plaintext.length);
        System.arraycopy(mac, 0, block, plaintext.length, mac.length);
        Arrays.fill(block, plaintext.length + mac.length, block.length, (byte) padding);
        byte[] recordIv = explicitCbcIv ? randomBlock() : chainedIv;
        byte[] encrypted = cbc(true, recordIv, block);
        if (!explicitCbcIv) {
            chainedIv = Arrays.copyOfRange(encrypted, encrypted.length - 16, encrypted.length);
            return encrypted;
        }
        return TlsHash.concat(recordIv, encrypted);
    }

    private byte[] openCbc(int type, int version, byte[] fragment) throws WireException {
        int ivLength = explicitCbcIv ? 16 : 0;
        int body = fragment.length - ivLength;
        if (body <= 0 || body % 16 != 0 || body < macHash.length() + 1) {
            throw new WireException(WireError.BAD_LENGTH, "CBC record of " + fragment.length
                    + " bytes is not a whole number of blocks holding a MAC");
        }
        byte[] recordIv = explicitCbcIv ? Arrays.copyOfRange(fragment, 0, 16) : chainedIv;
        byte[] encrypted = Arrays.copyOfRange(fragment, ivLength, fragment.length);
        if (!explicitCbcIv) {
            chainedIv = Arrays.copyOfRange(encrypted, encrypted.length - 16, encrypted.length);
        }
        byte[] block = cbc(false, recordIv, encrypted);
        int padding = block[block.length - 1] & 0xFF;
        int contentLength = block.length - 1 - padding - macHash.length();
        if (contentLength < 0) {
            throw new WireException(WireError.BAD_VALUE, "CBC record " + sequence + ": bad padding");
        }
        for (int i = block.length - 1 - padding; i < block.length; i++) {
            if ((block[i] & 0xFF) != padding) {
                throw new WireException(WireError.BAD_VALUE, "CBC record " + sequence + ": bad padding");
            }
        }
        byte[] content = Arrays.copyOf(block, contentLength);
        byte[] mac = Arrays.copyOfRange(block, contentLength, contentLength + macHash.length());
        if (!java.security.MessageDigest.isEqual(mac, mac(type, version, content))) {
            throw new WireException(WireError.BAD_VALUE, "CBC record " + sequence + ": bad MAC");
        }
        return content;
    }

    private byte[] cbc(boolean encrypt, byte[] recordIv, byte[] data) {
        CBCBlockCipher c = (CBCBlockCipher) CBCBlockCipher.newInstance(AESEngine.newInstance());
        c.init(encrypt, new ParametersWithIV(new KeyParameter(key), recordIv));
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i += 16) {
            c.processBlock(data, i, out, i);
        }
        return out;
    }

    private static byte[] randomBlock() {
        byte[] b = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private byte[] aead(boolean encrypt, byte[] nonce, byte[] ad, byte[] input, String what) throws WireException {
        AEADCipher c = switch (mode) {
            case AES_GCM -> GCMBlockCipher.newInstance(AESEngine.newInstance());
            case CHACHA20_POLY1305 -> new ChaCha20Poly1305();
            case AES_CCM, AES_CCM_8 -> CCMBlockCipher.newInstance(AESEngine.newInstance());
            case AES_CBC -> throw new IllegalStateException("not an AEAD");
        };
        c.init(encrypt, new AEADParameters(new KeyParameter(key), mode.tagLength * 8, nonce, ad));
        byte[] out = new byte[c.getOutputSize(input.length)];
        int n = c.processBytes(input, 0, input.length, out, 0);
        try {
            n += c.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new WireException(WireError.BAD_VALUE, "cannot decrypt " + what + ": the authentication tag does"
                    + " not match");
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The ciphertext length of a TLS 1.3 record for {@code contentLength} bytes of content (for tests). */
    int tls13RecordLength(int contentLength) {
        return contentLength + 1 + mode.tagLength;
    }

    /** Whether this is a TLS 1.3 cipher. */
    boolean tls13() {
        return tls13;
    }
}
