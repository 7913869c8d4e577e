package dev.tlsweep.core.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** The values of RFC 8448 section 3 (Simple 1-RTT Handshake), read from the test resource. */
final class Rfc8448 {

    private static final Map<String, byte[]> VALUES = load();

    private Rfc8448() {
    }

    static byte[] get(String name) {
        byte[] v = VALUES.get(name);
        if (v == null) {
            throw new IllegalArgumentException("rfc8448-simple-1rtt.txt has no " + name);
        }
        return v.clone();
    }

    /** The client's x25519 share of the trace: the RFC's private key, and its public key computed from it. */
    static KeyShare clientShare() {
        byte[] priv = get("client_private_key");
        byte[] pub = new byte[32];
        X25519.generatePublicKey(priv, 0, pub, 0);
        return new KeyShare(0x001D, pub, server -> {
            byte[] out = new byte[32];
            X25519.calculateAgreement(priv, 0, server, 0, out, 0);
            return out;
        });
    }

    /** The ClientHello of the trace as one record. */
    static byte[] clientHelloRecord() {
        byte[] message = get("client_hello");
        return TlsHash.concat(new byte[] {22, 3, 1, (byte) (message.length >>> 8), (byte) message.length}, message);
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Rfc8448.class.getResourceAsStream("rfc8448-simple-1rtt.txt"), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                out.put(line.substring(0, eq).trim(), Tls.hex(line.substring(eq + 1).trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
