package dev.tlsweep.cli;

import dev.tlsweep.core.input.Printable;
import dev.tlsweep.core.inventory.Target;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which targets {@code /probe} may scan: exact names, {@code .suffix}es (any name below the suffix, not the
 * suffix itself) and CIDR blocks (a bare IP address is a /32 or /128). Empty by default: an open probe
 * endpoint would let anyone who reaches it make tlsweep connect anywhere (SSRF).
 */
final class ProbeAllowlist {

    private record Cidr(byte[] network, int bits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    private final List<String> names = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();
    private final List<Cidr> cidrs = new ArrayList<>();

    /** Parses {@code --allow} values; throws {@link IllegalArgumentException} naming a bad one. */
    ProbeAllowlist(List<String> entries) {
        Objects.requireNonNull(entries, "entries");
        for (String raw : entries) {
            String e = raw.strip().toLowerCase(Locale.ROOT);
            int slash = e.indexOf('/');
            String addr = slash < 0 ? e : e.substring(0, slash);
            if (NetUtil.isValidIpV4Address(addr) || NetUtil.isValidIpV6Address(addr)) {
                byte[] net = NetUtil.createByteArrayFromIpAddressString(addr);
                int max = net.length * 8;
                int bits;
                try {
                    bits = slash < 0 ? max : Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException x) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("--allow: " + Printable.quote(raw) + " (expected: a prefix length 0.."
                            + max + ")");
                }
                cidrs.add(new Cidr(net, bits));
            } else if (e.startsWith(".") && e.length() > 1 && validName(e.substring(1))) {
                suffixes.add(e);
            } else if (slash < 0 && validName(e)) {
                names.add(e);
            } else {
                throw new IllegalArgumentException("--allow: " + Printable.quote(raw)
                        + " (expected: a host NAME, a .SUFFIX such as .example.com, or a CIDR such as 10.0.0.0/8)");
            }
        }
    }

    /** Whether nothing at all is allowed. */
    boolean isEmpty() {
        return names.isEmpty() && suffixes.isEmpty() && cidrs.isEmpty();
    }

    /** Whether some CIDR rule exists, so that names may be allowed by the addresses they resolve to. */
    boolean hasCidrs() {
        return !cidrs.isEmpty();
    }

    /** Whether the target's host is allowed by name or suffix, or (for an IP literal) by a CIDR. */
    boolean allowsHost(Target target) {
        return allowsName(target.host());
    }

    /** Whether a host name is allowed by name or suffix, or an IP literal by a CIDR. */
    boolean allowsName(String hostName) {
        String bare = hostName.startsWith("[") && hostName.endsWith("]")
                ? hostName.substring(1, hostName.length() - 1) : hostName;
        if (NetUtil.isValidIpV4Address(bare) || NetUtil.isValidIpV6Address(bare)) {
            InetAddress a = NetUtil.createInetAddressFromIpAddressString(bare);
            return a != null && allowsAddress(a);
        }
        String host = bare.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (names.contains(host)) {
            return true;
        }
        for (String s : suffixes) {
            if (host.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a CIDR rule contains the address. */
    boolean allowsAddress(InetAddress address) {
        for (Cidr c : cidrs) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The AIA rule of {@code serve}: a URL whose host is allowed by name, or all of whose addresses are in an
     * allowed CIDR block, may be fetched.
     */
    dev.tlsweep.core.chain.AiaAccess asAiaAccess() {
        return (host, addresses) -> allowsName(host) || (!addresses.isEmpty()
                && addresses.stream().allMatch(this::allowsAddress)) ? null
                : host + " is not allowed by --aia-allow";
    }

    /** The 403 text for a refused target: what was refused and how to allow it. */
    static String refusal(Target target) {
        String h = target.host();
        return "target " + Printable.quote(target.input()) + " is not allowed: tlsweep serve probes only the targets its "
                + "configuration allows. To allow it, start tlsweep serve with --allow " + h
                + (target.hostIsIp() ? " (an address or a CIDR such as " + h + (h.contains(":") ? "/128" : "/32") + ")"
                        : " (the name), --allow ." + parent(h) + " (every name below a suffix) or --allow CIDR "
                        + "(every name resolving into the block)") + ".\n";
    }

    private static String parent(String host) {
        int dot = host.indexOf('.');
        return dot < 0 || dot == host.length() - 1 ? host : host.substring(dot + 1);
    }

    private static boolean validName(String s) {
        if (s.isEmpty() || s.length() > 253 || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
