package dev.tlsweep.core.chain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Which AIA caIssuers URLs may be fetched, judged on the URL's host and every address it resolves to (the
 * fetch then connects to one of those addresses, with no second lookup). A served certificate chooses its
 * URL: without a rule, an exporter that anyone can make scan a server would GET any URL a server names —
 * a server-side request forgery. {@code tlsweep scan}, run by the operator against the operator's
 * inventory, fetches anything ({@link #ANY}: internal PKIs publish internal URLs); {@code tlsweep serve}
 * fetches from public addresses and what its operator allows.
 */
@FunctionalInterface
public interface AiaAccess {

    /** Every URL. */
    AiaAccess ANY = (host, addresses) -> null;

    /** Public addresses only: not loopback, private, link-local, shared, multicast, unique-local or reserved. */
    AiaAccess PUBLIC = (host, addresses) -> {
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                return host + " resolves to " + a.getHostAddress() + ", which is not a public address";
            }
        }
        return null;
    };

    /**
     * Why the URL's host may not be fetched, or {@code null} when it may.
     *
     * @param host      the URL's host as written
     * @param addresses every address it resolved to (one for an IP literal)
     */
    String refusal(String host, List<InetAddress> addresses);

    /** This access, or else {@code other}: a URL is fetched when either allows it. */
    default AiaAccess or(AiaAccess other) {
        return (host, addresses) -> {
            String mine = refusal(host, addresses);
            return mine == null || other.refusal(host, addresses) == null ? null : mine;
        };
    }

    /** Whether an address is on the public internet (the special-purpose registries of RFC 6890 excluded). */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            return !(x == 0 // this network
                    || (x == 100 && (y & 0xc0) == 64) // 100.64.0.0/10, shared address space
                    || (x == 169 && y == 254) // link local
                    || (x == 192 && y == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24, protocol assignments
                    || (x == 198 && (y & 0xfe) == 18) // 198.18.0.0/15, benchmarking
                    || x >= 224); // multicast, reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            int x = b[0] & 0xff;
            if ((x & 0xfe) == 0xfc) {
                return false; // fc00::/7, unique local
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return false;
                }
            }
            return (x & 0xe0) == 0x20; // 2000::/3, global unicast
        }
        return false;
    }
}
