package dev.tlsweep.lab;

import java.util.List;
import java.util.Objects;

/**
 * A ClientHello as a {@link CannedResponder} received it.
 *
 * @param legacyVersion the {@code legacy_version} (client_version) field; the version field of an
 *     SSLv2-format CLIENT-HELLO
 * @param supportedVersions the {@code supported_versions} extension, empty when absent
 * @param cipherSuites the offered suites in the client's order; for an SSLv2-format hello the
 *     24-bit cipher kinds as sent (TLS suites appear as {@code 0x00XXYY})
 * @param sni the first host name of the {@code server_name} extension, {@code null} when absent
 * @param recordLength the length field of the first record (the body of an SSLv2 record for an
 *     SSLv2-format hello)
 * @param sslv2Format whether the hello came in the SSLv2 CLIENT-HELLO format
 */
public record ObservedHello(
        int legacyVersion,
        List<Integer> supportedVersions,
        List<Integer> cipherSuites,
        String sni,
        int recordLength,
        boolean sslv2Format) {

    /** Copies the lists. */
    public ObservedHello {
        supportedVersions = List.copyOf(Objects.requireNonNull(supportedVersions, "supportedVersions"));
        cipherSuites = List.copyOf(Objects.requireNonNull(cipherSuites, "cipherSuites"));
    }
}
