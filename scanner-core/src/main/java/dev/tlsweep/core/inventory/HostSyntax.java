package dev.tlsweep.core.inventory;

import io.netty.util.NetUtil;

/** Syntax checks for host names and IP literals, without any lookup. */
final class HostSyntax {

    private HostSyntax() {
    }

    static boolean isIpLiteral(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    /**
     * Whether {@code name} is a plausible DNS name: labels of 1..63 letters, digits, hyphens or
     * underscores, not starting or ending with a hyphen, at most 253 characters in all. A trailing dot
     * is allowed.
     */
    static boolean isHostName(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
