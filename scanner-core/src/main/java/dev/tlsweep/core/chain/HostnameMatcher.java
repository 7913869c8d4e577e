package dev.tlsweep.core.chain;

import io.netty.util.NetUtil;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * Name checks. {@link #browserMatches} applies the rules of browsers (RFC 6125 and the CA/Browser
 * Forum): subjectAltName only, the CN is ignored; a wildcard is the whole left-most label only,
 * matches exactly one label and is not accepted for two-label patterns such as {@code *.com}; IP
 * addresses match only IP entries; case-insensitive; a trailing dot is ignored.
 * {@link #opensslMatches} applies {@code X509_check_host}/{@code X509_check_ip}: the CN is used
 * when there are no DNS entries, and partial wildcards ({@code w*.example.com}) are accepted.
 */
final class HostnameMatcher {

    private HostnameMatcher() {
    }

    static boolean isIp(String host) {
        String h = stripBrackets(host);
        return NetUtil.isValidIpV4Address(h) || NetUtil.isValidIpV6Address(h);
    }

    static boolean browserMatches(X509Certificate cert, String host) {
        if (isIp(host)) {
            return ipMatches(cert, host);
        }
        String h = normalize(host);
        for (String pattern : Certificates.sans(cert, 2)) {
            if (matchPattern(normalize(pattern), h, false)) {
                return true;
            }
        }
        return false;
    }

    static boolean opensslMatches(X509Certificate cert, String host) {
        if (isIp(host)) {
            return ipMatches(cert, host);
        }
        String h = normalize(host);
        List<String> dns = Certificates.sans(cert, 2);
        List<String> candidates = dns.isEmpty() ? Certificates.commonNames(cert) : dns;
        for (String pattern : candidates) {
            if (matchPattern(normalize(pattern), h, true)) {
                return true;
            }
        }
        return false;
    }

    /** True when the host would match the certificate's CN (for CN-only certificates). */
    static boolean commonNameMatches(X509Certificate cert, String host) {
        String h = normalize(host);
        for (String cn : Certificates.commonNames(cert)) {
            if (matchPattern(normalize(cn), h, false)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ipMatches(X509Certificate cert, String host) {
        String wanted = Certificates.normalizeIp(stripBrackets(host));
        for (String ip : Certificates.sans(cert, 7)) {
            if (Certificates.normalizeIp(ip).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    static boolean matchPattern(String pattern, String host, boolean allowPartial) {
        if (pattern.isEmpty() || host.isEmpty()) {
            return false;
        }
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(host);
        }
        int firstDot = pattern.indexOf('.');
        if (firstDot < 0) {
            return false;
        }
        String label = pattern.substring(0, firstDot);
        String rest = pattern.substring(firstDot + 1);
        if (rest.indexOf('*') >= 0 || rest.indexOf('.') < 0 || rest.startsWith(".") || rest.endsWith(".")) {
            return false; // wildcard only in the left-most label; at least two labels after it
        }
        int hostDot = host.indexOf('.');
        if (hostDot <= 0 || !host.substring(hostDot + 1).equals(rest)) {
            return false;
        }
        String hostLabel = host.substring(0, hostDot);
        if ("*".equals(label)) {
            return true;
        }
        if (!allowPartial || label.indexOf('*') != label.lastIndexOf('*') || hostLabel.startsWith("xn--")) {
            return false;
        }
        int star = label.indexOf('*');
        String prefix = label.substring(0, star);
        String suffix = label.substring(star + 1);
        return hostLabel.length() >= prefix.length() + suffix.length()
                && hostLabel.startsWith(prefix) && hostLabel.endsWith(suffix);
    }

    static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
