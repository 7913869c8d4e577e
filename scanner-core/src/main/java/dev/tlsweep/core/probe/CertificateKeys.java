package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.registry.Authentication;
import dev.tlsweep.core.registry.CipherSuite;
import dev.tlsweep.core.registry.CipherSuites;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.WireError;
import java.util.Map;

/**
 * Which certificate a TLS 1.2-and-earlier suite calls for, and why a flight that picked it did not yield one. Pure.
 */
final class CertificateKeys {

    /** The key type a suite's authentication names, as {@code LeafKey} names a leaf's key. */
    static final Map<Authentication, String> KEY_TYPE_OF =
            Map.of(Authentication.RSA, "RSA", Authentication.ECDSA, "ECDSA", Authentication.DSS, "DSA");

    /** What suites whose certificate's key type the suite does not tell (static DH and ECDH, GOST) are filed under. */
    static final String ANY_KEY = "certificate";

    private CertificateKeys() {
    }

    /**
     * The key type of the certificate the suite {@code code} calls for: "RSA", "ECDSA", "DSA", {@link #ANY_KEY}; or
     * {@code null} when it calls for none (anonymous, PSK, SRP, Kerberos, password suites, or an unknown code).
     */
    static String ofSuite(int code) {
        Authentication a = CipherSuites.byCode(code).map(CipherSuite::authentication).orElse(null);
        if (a == null) {
            return null;
        }
        String keyType = KEY_TYPE_OF.get(a);
        if (keyType != null) {
            return keyType;
        }
        return switch (a) {
            case DH, ECDH, GOST94, GOST01, GOST12 -> ANY_KEY;
            default -> null;
        };
    }

    /** Why the flight of {@code answer}, which picked {@code suite} at {@code version}, carried no readable chain. */
    static String whyUnread(ProtocolVersion version, int suite, HelloAnswer answer) {
        ServerFlight flight = answer.flight();
        String at = "a " + version.label() + " flight picking " + CipherSuites.byCode(suite).map(CipherSuite::ianaName)
                .orElse(String.format("0x%04X", suite)) + ": ";
        if (flight.error() != null) {
            if (flight.error().error() == WireError.OVERSIZED) {
                return at + "the flight is larger than tlsweep reads (" + flight.error().getMessage() + ")";
            }
            return at + "the Certificate message could not be read (" + flight.error().getMessage() + ")";
        }
        if (!flight.complete()) {
            String how = answer.outcome() == Outcome.RESET ? "reset"
                    : answer.outcome() == Outcome.READ_TIMEOUT ? "timed out" : "closed";
            return at + "the connection was " + how + " after the ServerHello, before the Certificate message";
        }
        if (flight.alert() != null) {
            return at + "the server sent an alert (" + flight.alert().describe() + ") instead of its Certificate message";
        }
        return at + "the flight ended without a Certificate message";
    }
}
