package dev.tlsweep.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What tlsweep read of a TLS 1.3 server's encrypted flight by decrypting it with its own key share: the
 * EncryptedExtensions, whether a client certificate was requested, the Certificate's chain (and the leaf's
 * stapled OCSP response), the CertificateVerify's signature scheme and whether the server's Finished was seen
 * and verified. Partial evidence is kept: a flight that ended with an alert or an error still carries
 * everything read before.
 *
 * @param suite                    the TLS 1.3 suite of the ServerHello
 * @param group                    the key-exchange group of the ServerHello
 * @param extensions               the EncryptedExtensions by type, in the order received
 * @param certificateRequested     whether a CertificateRequest came
 * @param certificates             the Certificate's entries, DER, in the order sent
 * @param ocspResponse             the OCSP response stapled to the leaf (status_request in its entry), or {@code null}
 * @param certificateVerifyScheme  the CertificateVerify's signature scheme, -1 if none was seen
 * @param finished                 whether the server's Finished arrived and its verify_data matched
 * @param alert                    an (encrypted) alert that ended the flight, or {@code null}
 * @param error                    why reading stopped early (a key share tlsweep cannot use, a record that does not
 *                                 decrypt, a malformed message), or {@code null}
 */
public record EncryptedFlight(int suite, int group, Map<Integer, byte[]> extensions, boolean certificateRequested,
        List<byte[]> certificates, byte[] ocspResponse, int certificateVerifyScheme, boolean finished, Alert alert,
        WireException error) {

    static final int EXT_EARLY_DATA = 42;

    public EncryptedFlight {
        extensions = Map.copyOf(extensions);
        certificates = List.copyOf(certificates);
    }

    /** The flight of a server whose answer cannot be decrypted (why: {@code error}): nothing read of it. */
    static EncryptedFlight undecryptable(ServerHello sh, WireException error) {
        return new EncryptedFlight(sh.cipherSuite(), sh.keyShareGroup(), Map.of(), false, List.of(), null, -1, false,
                null, error);
    }

    /** Whether nothing more is to be read: the Finished, an alert or an error came. */
    public boolean over() {
        return finished || alert != null || error != null;
    }

    /** The protocol the server selected by ALPN, or {@code null} when it selected none. */
    public String alpn() {
        byte[] data = extensions.get(Tls.EXT_ALPN);
        if (data == null || data.length < 4) {
            return null;
        }
        int n = data[2] & 0xFF;
        return n == 0 || 3 + n > data.length ? null : new String(data, 3, n, StandardCharsets.ISO_8859_1);
    }

    /** Whether the server accepted early data (an early_data extension in EncryptedExtensions). */
    public boolean earlyDataAccepted() {
        return extensions.containsKey(EXT_EARLY_DATA);
    }

    /** The groups the server listed in a supported_groups extension (RFC 8446 4.2.7), in its order; empty if none. */
    public List<Integer> supportedGroups() {
        byte[] data = extensions.get(Tls.EXT_SUPPORTED_GROUPS);
        if (data == null || data.length < 2) {
            return List.of();
        }
        int n = Math.min(((data[0] & 0xFF) << 8 | (data[1] & 0xFF)) / 2, (data.length - 2) / 2);
        Integer[] out = new Integer[n];
        for (int i = 0; i < n; i++) {
            out[i] = (data[2 + 2 * i] & 0xFF) << 8 | (data[3 + 2 * i] & 0xFF);
        }
        return List.of(out);
    }
}
