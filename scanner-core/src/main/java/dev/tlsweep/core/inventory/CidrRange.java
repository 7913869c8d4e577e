package dev.tlsweep.core.inventory;

import dev.tlsweep.core.input.Printable;
import io.netty.util.NetUtil;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A range of IPv4 or IPv6 addresses written as {@code ADDRESS/PREFIX}, enumerated lazily: an
 * iterator holds the next address, never the range.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4632#section-3.1">RFC 4632 §3.1</a>
 */
record CidrRange(byte[] base, int prefix) {

    /** Parses {@code address/prefix}; host bits of the address are cleared. */
    static CidrRange parse(String text, String cidr) throws TargetSyntaxException {
        int slash = cidr.indexOf('/');
        String address = cidr.substring(0, slash);
        String bits = cidr.substring(slash + 1);
        byte[] raw = NetUtil.createByteArrayFromIpAddressString(address);
        if (raw == null) {
            throw new TargetSyntaxException(text, "CIDR: " + Printable.quote(address) + " is not an IP address");
        }
        int max = raw.length * 8;
        if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TargetSyntaxException(text, "CIDR prefix: " + Printable.quote(bits) + " (expected: 0.." + max + ")");
        }
        int prefix = Integer.parseInt(bits);
        if (prefix > max) {
            throw new TargetSyntaxException(text, "CIDR prefix: " + prefix + " (expected: 0.." + max + ")");
        }
        byte[] base = raw.clone();
        for (int i = 0; i < base.length * 8; i++) {
            if (i >= prefix) {
                base[i / 8] &= (byte) ~(0x80 >>> (i % 8));
            }
        }
        return new CidrRange(base, prefix);
    }

    /** The number of addresses, capped at {@link Long#MAX_VALUE}. */
    long size() {
        int hostBits = base.length * 8 - prefix;
        return hostBits >= 63 ? Long.MAX_VALUE : 1L << hostBits;
    }

    /** The addresses in ascending order, as IP literals. */
    Iterator<String> addresses() {
        BigInteger first = new BigInteger(1, base);
        long count = size();
        return new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] value = first.add(BigInteger.valueOf(next++)).toByteArray();
                byte[] address = new byte[base.length];
                int copy = Math.min(value.length, address.length);
                System.arraycopy(value, value.length - copy, address, address.length - copy, copy);
                try {
                    return NetUtil.toAddressString(InetAddress.getByAddress(address));
                } catch (UnknownHostException e) {
                    throw new AssertionError("a 4- or 16-byte address is always valid", e);
                }
            }
        };
    }
}
