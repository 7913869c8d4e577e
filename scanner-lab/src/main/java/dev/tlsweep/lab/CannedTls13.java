package dev.tlsweep.lab;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's half of a TLS 1.3 handshake up to its Finished (RFC 8446 §7), so that a canned TLS 1.3 answer is a
 * flight a real client can decrypt: the ECDHE shared secret with the client's key share, the handshake traffic
 * secret, EncryptedExtensions, Certificate, CertificateVerify and Finished under AES-GCM or ChaCha20-Poly1305.
 * Written from the RFC on the JDK's primitives, apart from tlsweep's own client code, so that each checks the other.
 *
 * <p>Groups x25519, x448 and the NIST curves; suites TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and
 * TLS_CHACHA20_POLY1305_SHA256. Anything else (CCM suites, finite-field or post-quantum groups, a hello without a
 * share of the group) keeps the old stand-in: random bytes where the encrypted flight would be. The
 * CertificateVerify carries random bytes of a signature's length, never a signature: a canned responder finishes no
 * handshake, and the clients it serves (tlsweep's probes) read the algorithm, not the signature.
 */
final class CannedTls13 {

    private static final int HT_ENCRYPTED_EXTENSIONS = 8;
    private static final int HT_CERTIFICATE = 11;
    private static final int HT_CERTIFICATE_VERIFY = 15;
    private static final int HT_FINISHED = 20;
    private static final int HT_MESSAGE_HASH = 254;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int CONTENT_APPLICATION_DATA = 23;
    private static final int MAX_PLAINTEXT = 16384;

    /** The server's key pair of one group, made once per responder: a canned server need not be forward secret. */
    private final Map<Integer, ServerKey> keys = new ConcurrentHashMap<>();

    /**
     * Shared secrets by group and client share: a scanner that reuses its key shares (tlsweep makes one per group
     * per process) costs a farm of canned endpoints one key agreement, not one per connection. Bounded.
     */
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    private static final int MAX_SECRETS = 256;

    private record ServerKey(KeyPair pair, byte[] share) {
    }

    /**
     * What each leaf signs with, read once (an X.509 parse per flight would run on the event loop for every TLS 1.3
     * answer), by its bytes. Bounded.
     */
    private final Map<java.nio.ByteBuffer, Signer> signers = new ConcurrentHashMap<>();
    private static final int MAX_SIGNERS = 64;

    /** The signature algorithms a leaf's key can sign with, its preferred first, and a signature's length. */
    private record Signer(List<Integer> schemes, int length) {
    }

    /** Whether a real flight can be made for {@code suite} and {@code group}. */
    static boolean supports(int suite, int group) {
        return suite >= 0x1301 && suite <= 0x1303 && curve(group) != null;
    }

    /** The key share this responder sends for {@code group} (supported groups only). */
    byte[] share(int group) {
        return key(group).share().clone();
    }

    /**
     * The encrypted part of the flight: EncryptedExtensions, Certificate, CertificateVerify and Finished, as TLS 1.3
     * application_data records; {@code null} when the client's share of {@code group} is unusable.
     *
     * @param transcript the handshake messages so far (ClientHello, or message_hash, HelloRetryRequest and the second
     *                   ClientHello; then the ServerHello)
     * @param clientShare the client's key_exchange for {@code group}
     * @param chain       the certificates, leaf first
     * @param schemes     the client's signature_algorithms (empty: any)
     * @param alpn        the protocol to select in EncryptedExtensions, or {@code null}
     */
    byte[] flight(int suite, int group, byte[] transcript, byte[] clientShare, List<byte[]> chain, List<Integer> schemes,
            String alpn) {
        try {
            String id = group + ":" + java.util.HexFormat.of().formatHex(clientShare);
            byte[] shared = secrets.get(id);
            if (shared == null) {
                shared = sharedSecret(group, clientShare);
                if (shared == null) {
                    return null;
                }
                if (secrets.size() >= MAX_SECRETS) {
                    secrets.clear();
                }
                secrets.put(id, shared);
            }
            String hash = suite == 0x1302 ? "SHA-384" : "SHA-256";
            int hashLength = suite == 0x1302 ? 48 : 32;
            byte[] zeros = new byte[hashLength];
            byte[] early = extract(hash, zeros, zeros);
            byte[] derived = expandLabel(hash, early, "derived", digest(hash, new byte[0]), hashLength);
            byte[] handshakeSecret = extract(hash, derived, shared);
            ByteArrayOutputStream messages = new ByteArrayOutputStream();
            messages.write(transcript);
            byte[] serverSecret = expandLabel(hash, handshakeSecret, "s hs traffic",
                    digest(hash, messages.toByteArray()), hashLength);

            ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
            byte[] ee = message(HT_ENCRYPTED_EXTENSIONS, encryptedExtensions(alpn));
            byte[] certificate = message(HT_CERTIFICATE, certificate(chain));
            byte[] verify = message(HT_CERTIFICATE_VERIFY, certificateVerify(signer(chain.get(0)), schemes));
            for (byte[] m : List.of(ee, certificate, verify)) {
                messages.write(m);
                plaintext.write(m);
            }
            byte[] finishedKey = expandLabel(hash, serverSecret, "finished", new byte[0], hashLength);
            byte[] finished = message(HT_FINISHED, hmac(hash, finishedKey, digest(hash, messages.toByteArray())));
            plaintext.write(finished);

            int keyLength = suite == 0x1301 ? 16 : 32;
            byte[] key = expandLabel(hash, serverSecret, "key", new byte[0], keyLength);
            byte[] iv = expandLabel(hash, serverSecret, "iv", new byte[0], 12);
            return protect(suite, key, iv, plaintext.toByteArray());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a TLS 1.3 flight: " + e, e);
        }
    }

    /** The transcript's stand-in for a first ClientHello answered with a HelloRetryRequest (RFC 8446 §4.4.1). */
    static byte[] messageHash(int suite, byte[] firstClientHello) throws GeneralSecurityException {
        byte[] h = digest(suite == 0x1302 ? "SHA-384" : "SHA-256", firstClientHello);
        byte[] out = new byte[4 + h.length];
        out[0] = (byte) HT_MESSAGE_HASH;
        out[3] = (byte) h.length;
        System.arraycopy(h, 0, out, 4, h.length);
        return out;
    }

    private ServerKey key(int group) {
        return keys.computeIfAbsent(group, g -> {
            try {
                String curve = curve(g);
                KeyPairGenerator generator;
                if (curve.startsWith("X")) {
                    generator = KeyPairGenerator.getInstance(curve);
                } else {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(curve));
                }
                KeyPair pair = generator.generateKeyPair();
                return new ServerKey(pair, encode(g, pair.getPublic()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot make a key of group " + g + ": " + e, e);
            }
        });
    }

    private static String curve(int group) {
        return switch (group) {
            case 0x001D -> "X25519";
            case 0x001E -> "X448";
            case 0x0017 -> "secp256r1";
            case 0x0018 -> "secp384r1";
            case 0x0019 -> "secp521r1";
            default -> null;
        };
    }

    private static int fieldBytes(int group) {
        return switch (group) {
            case 0x001D, 0x0017 -> 32;
            case 0x001E -> 56;
            case 0x0018 -> 48;
            default -> 66;
        };
    }

    /** The key_exchange encoding: little-endian u for X25519 and X448, an uncompressed point for the NIST curves. */
    private static byte[] encode(int group, PublicKey key) {
        int n = fieldBytes(group);
        if (key instanceof XECPublicKey x) {
            byte[] bigEndian = fixed(x.getU(), n);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = bigEndian[n - 1 - i];
            }
            return out;
        }
        ECPoint w = ((ECPublicKey) key).getW();
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        System.arraycopy(fixed(w.getAffineX(), n), 0, out, 1, n);
        System.arraycopy(fixed(w.getAffineY(), n), 0, out, 1 + n, n);
        return out;
    }

    /** The ECDHE shared secret with the client's share, or {@code null} when the share is not a valid key. */
    private byte[] sharedSecret(int group, byte[] clientShare) throws GeneralSecurityException {
        int n = fieldBytes(group);
        String curve = curve(group);
        ServerKey mine = key(group);
        PublicKey theirs;
        KeyAgreement agreement;
        if (curve.startsWith("X")) {
            if (clientShare.length != n) {
                return null;
            }
            byte[] bigEndian = new byte[n];
            for (int i = 0; i < n; i++) {
                bigEndian[i] = clientShare[n - 1 - i];
            }
            if (group == 0x001D) {
                bigEndian[0] &= 0x7F; // RFC 7748 §5: the top bit of an X25519 u-coordinate is ignored
            }
            theirs = KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(new NamedParameterSpec(curve),
                    new BigInteger(1, bigEndian)));
            agreement = KeyAgreement.getInstance("XDH");
        } else {
            if (clientShare.length != 1 + 2 * n || clientShare[0] != 4) {
                return null;
            }
            ECParameterSpec params = ((ECPublicKey) mine.pair().getPublic()).getParams();
            ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(clientShare, 1, 1 + n)),
                    new BigInteger(1, Arrays.copyOfRange(clientShare, 1 + n, 1 + 2 * n)));
            theirs = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
            agreement = KeyAgreement.getInstance("ECDH");
        }
        agreement.init(mine.pair().getPrivate());
        try {
            agreement.doPhase(theirs, true);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return null; // a point off the curve, an all-zero result
        }
        byte[] secret = agreement.generateSecret();
        return curve.startsWith("X") ? secret : fixedBytes(secret, n);
    }

    private static byte[] encryptedExtensions(String alpn) {
        if (alpn == null) {
            return new byte[] {0, 0};
        }
        byte[] name = alpn.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int listLength = 1 + name.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, 4 + 2 + listLength);
        u16(out, 0x0010);
        u16(out, 2 + listLength);
        u16(out, listLength);
        out.write(name.length);
        out.write(name, 0, name.length);
        return out.toByteArray();
    }

    private static byte[] certificate(List<byte[]> chain) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (byte[] der : chain) {
            u24(list, der.length);
            list.write(der, 0, der.length);
            u16(list, 0); // no extensions
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0); // certificate_request_context
        u24(out, list.size());
        out.write(list.toByteArray(), 0, list.size());
        return out.toByteArray();
    }

    private Signer signer(byte[] leaf) {
        java.nio.ByteBuffer id = java.nio.ByteBuffer.wrap(leaf.clone());
        Signer known = signers.get(id);
        if (known != null) {
            return known;
        }
        if (signers.size() >= MAX_SIGNERS) {
            signers.clear();
        }
        Signer made = signer0(leaf);
        signers.put(id, made);
        return made;
    }

    /** What the leaf's key can sign with; RSA-PSS with SHA-256 and 256 bytes when the leaf cannot be read. */
    private static Signer signer0(byte[] leaf) {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(leaf));
            PublicKey key = c.getPublicKey();
            if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
                return new Signer(List.of(0x0804, 0x0805, 0x0806, 0x0809, 0x080A, 0x080B),
                        (rsa.getModulus().bitLength() + 7) / 8);
            } else if (key instanceof ECPublicKey ec) {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                return new Signer(List.of(bits <= 256 ? 0x0403 : bits <= 384 ? 0x0503 : 0x0603),
                        2 * ((bits + 7) / 8) + 8);
            } else if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
                return new Signer(List.of(0x0807), 64);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // as an unknown key
        }
        return new Signer(List.of(0x0804), 256);
    }

    /**
     * The algorithm the leaf's key can sign with ({@code signer}), chosen from the client's list (the client's
     * order), with random bytes of that signature's length.
     */
    private static byte[] certificateVerify(Signer signer, List<Integer> offered) {
        List<Integer> mine = signer.schemes();
        int length = signer.length();
        int scheme = mine.get(0);
        for (int s : offered) {
            if (mine.contains(s)) {
                scheme = s;
                break;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, scheme);
        byte[] signature = CannedFlights.randomBytes(length);
        u16(out, signature.length);
        out.write(signature, 0, signature.length);
        return out.toByteArray();
    }

    /** The plaintext as TLS 1.3 records: at most 2^14 bytes each, content type 22 inside, sequence numbers from 0. */
    private static byte[] protect(int suite, byte[] key, byte[] iv, byte[] plaintext) throws GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long sequence = 0;
        for (int at = 0; at < plaintext.length; at += MAX_PLAINTEXT, sequence++) {
            int n = Math.min(MAX_PLAINTEXT, plaintext.length - at);
            byte[] inner = Arrays.copyOfRange(plaintext, at, at + n + 1);
            inner[n] = CONTENT_HANDSHAKE;
            byte[] header = {CONTENT_APPLICATION_DATA, 3, 3, (byte) ((inner.length + 16) >>> 8),
                (byte) (inner.length + 16)};
            byte[] nonce = iv.clone();
            for (int i = 0; i < 8; i++) {
                nonce[nonce.length - 1 - i] ^= (byte) (sequence >>> (8 * i));
            }
            Cipher cipher;
            if (suite == 0x1303) {
                cipher = Cipher.getInstance("ChaCha20-Poly1305");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            } else {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            }
            cipher.updateAAD(header);
            byte[] sealed = cipher.doFinal(inner);
            out.write(header, 0, header.length);
            out.write(sealed, 0, sealed.length);
        }
        return out.toByteArray();
    }

    private static byte[] extract(String hash, byte[] salt, byte[] ikm) throws GeneralSecurityException {
        return hmac(hash, salt, ikm);
    }

    /** HKDF-Expand-Label (RFC 8446 §7.1). */
    private static byte[] expandLabel(String hash, byte[] secret, String label, byte[] context, int length)
            throws GeneralSecurityException {
        byte[] full = ("tls13 " + label).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        u16(info, length);
        info.write(full.length);
        info.write(full, 0, full.length);
        info.write(context.length);
        info.write(context, 0, context.length);
        byte[] infoBytes = info.toByteArray();
        ByteArrayOutputStream okm = new ByteArrayOutputStream();
        byte[] block = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            Mac mac = Mac.getInstance(macName(hash));
            mac.init(new SecretKeySpec(secret, macName(hash)));
            mac.update(block);
            mac.update(infoBytes);
            mac.update((byte) i);
            block = mac.doFinal();
            okm.write(block, 0, block.length);
        }
        return Arrays.copyOf(okm.toByteArray(), length);
    }

    private static byte[] hmac(String hash, byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(macName(hash));
        mac.init(new SecretKeySpec(key, macName(hash)));
        return mac.doFinal(data);
    }

    private static String macName(String hash) {
        return hash.equals("SHA-384") ? "HmacSHA384" : "HmacSHA256";
    }

    private static byte[] digest(String hash, byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance(hash).digest(data);
    }

    private static byte[] message(int type, byte[] body) {
        byte[] out = new byte[4 + body.length];
        out[0] = (byte) type;
        out[1] = (byte) (body.length >>> 16);
        out[2] = (byte) (body.length >>> 8);
        out[3] = (byte) body.length;
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    private static byte[] fixed(BigInteger value, int n) {
        return fixedBytes(value.toByteArray(), n);
    }

    /** {@code bytes} as an unsigned big-endian number of exactly {@code n} bytes. */
    private static byte[] fixedBytes(byte[] bytes, int n) {
        byte[] out = new byte[n];
        int copy = Math.min(bytes.length, n);
        System.arraycopy(bytes, bytes.length - copy, out, n - copy, copy);
        return out;
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
