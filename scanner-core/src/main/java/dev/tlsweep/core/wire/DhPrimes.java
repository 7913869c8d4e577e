package dev.tlsweep.core.wire;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.bouncycastle.crypto.params.DHParameters;

/**
 * Names the finite-field Diffie-Hellman primes a server sends in a ServerKeyExchange: the RFC 7919 named groups
 * (which have a code point), and the well-known primes of RFC 2409 (Oakley) and RFC 3526 (MODP) that
 * servers configure without negotiating them.
 */
public final class DhPrimes {

    /**
     * A well-known prime.
     *
     * @param name its name: {@code ffdhe2048}, {@code rfc3526-modp2048}, {@code rfc2409-oakley-2}, ...
     * @param code the RFC 7919 code point, -1 for the others
     */
    public record Known(String name, int code) {
    }

    private static final Map<BigInteger, Known> KNOWN = new LinkedHashMap<>();

    static {
        add(DHStandardGroups.rfc7919_ffdhe2048, "ffdhe2048", 0x0100);
        add(DHStandardGroups.rfc7919_ffdhe3072, "ffdhe3072", 0x0101);
        add(DHStandardGroups.rfc7919_ffdhe4096, "ffdhe4096", 0x0102);
        add(DHStandardGroups.rfc7919_ffdhe6144, "ffdhe6144", 0x0103);
        add(DHStandardGroups.rfc7919_ffdhe8192, "ffdhe8192", 0x0104);
        add(DHStandardGroups.rfc2409_768, "rfc2409-oakley-1", -1);
        add(DHStandardGroups.rfc2409_1024, "rfc2409-oakley-2", -1);
        add(DHStandardGroups.rfc3526_1536, "rfc3526-modp1536", -1);
        add(DHStandardGroups.rfc3526_2048, "rfc3526-modp2048", -1);
        add(DHStandardGroups.rfc3526_3072, "rfc3526-modp3072", -1);
        add(DHStandardGroups.rfc3526_4096, "rfc3526-modp4096", -1);
        add(DHStandardGroups.rfc3526_6144, "rfc3526-modp6144", -1);
        add(DHStandardGroups.rfc3526_8192, "rfc3526-modp8192", -1);
    }

    private DhPrimes() {
    }

    private static void add(DHParameters p, String name, int code) {
        KNOWN.putIfAbsent(p.getP(), new Known(name, code));
    }

    /** The well-known prime {@code p} (big-endian, as sent) is, or {@code null}. */
    public static Known name(byte[] p) {
        return p == null ? null : KNOWN.get(new BigInteger(1, p));
    }
}
