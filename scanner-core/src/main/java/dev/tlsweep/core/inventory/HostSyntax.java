package dev.tlsweep.core.inventory;

import io.netty.util.NetUtil;

/** Syntax checks for host names and IP literals, without any lookup. */
final class HostSyntax {

    private HostSyntax() {
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal, IPv6 with or without a zone ({@code fe80::1%eth0}). */
    static boolean isIpLiteral(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host) || isScopedIpV6(host);
    }

    /**
     * Whether {@code host} is an IPv6 literal with a zone (RFC 4007 §11): {@code ADDRESS%ZONE}, the zone an
     * interface name or index of letters, digits, '.', '_' and '-', at most 15 characters (IFNAMSIZ).
     */
    static boolean isScopedIpV6(String host) {
        int percent = host.indexOf('%');
        if (percent < 0 || percent != host.lastIndexOf('%')) {
            return false;
        }
        String zone = host.substring(percent + 1);
        if (zone.isEmpty() || zone.length() > 15) {
            return false;
        }
        for (int i = 0; i < zone.length(); i++) {
            char c = zone.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return NetUtil.isValidIpV6Address(host.substring(0, percent));
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
