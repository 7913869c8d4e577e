package dev.tlsweep.core.inventory;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IP addresses as people write them: IPv4 dotted, IPv6 in the RFC 5952 form ({@code ::1},
 * {@code 2001:db8::1}: lower case, leading zeros dropped, the longest run of two or more zero groups
 * shortened to {@code ::}, the first of equal runs), with its {@code %zone} when it has one. Java's
 * {@link InetAddress#getHostAddress()} writes {@code 0:0:0:0:0:0:0:1}. Pure.
 */
public final class Addresses {

    private Addresses() {
    }

    /** The address in its canonical text form. */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            if (groups[i] != 0) {
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        String host = address.getHostAddress();
        int zone = host.indexOf('%');
        return zone < 0 ? s.toString() : s + host.substring(zone);
    }
}
