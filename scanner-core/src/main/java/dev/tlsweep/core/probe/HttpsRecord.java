package dev.tlsweep.core.probe;

import dev.tlsweep.core.report.Discovery;
import dev.tlsweep.core.wire.EchConfigList;
import dev.tlsweep.core.wire.WireException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The RDATA of a DNS HTTPS record (RFC 9460 2.2): SvcPriority, TargetName and the SvcParams tlsweep reports — alpn,
 * no-default-alpn, port and ech, whose ECHConfigList ({@link EchConfigList}) is parsed. Pure code over hostile
 * bytes: a record that breaks the format is reported with what was read and why it stopped.
 */
final class HttpsRecord {

    static final int KEY_ALPN = 1;
    static final int KEY_NO_DEFAULT_ALPN = 2;
    static final int KEY_PORT = 3;
    static final int KEY_ECH = 5;

    private HttpsRecord() {
    }

    /** Reads one record's RDATA. Never throws. */
    static Discovery.HttpsRecord parse(byte[] rdata) {
        int[] pos = {0};
        int priority = -1;
        String target = "";
        List<String> alpn = new ArrayList<>();
        boolean noDefault = false;
        Integer port = null;
        Discovery.Ech ech = null;
        try {
            priority = u16(rdata, pos, "SvcPriority");
            target = name(rdata, pos);
            int lastKey = -1;
            while (pos[0] < rdata.length) {
                int key = u16(rdata, pos, "SvcParamKey");
                int length = u16(rdata, pos, "SvcParamValue length");
                if (key <= lastKey) {
                    throw new IllegalArgumentException("SvcParamKey " + key + " after " + lastKey
                            + " (expected: increasing keys)");
                }
                lastKey = key;
                if (pos[0] + length > rdata.length) {
                    throw new IllegalArgumentException("SvcParamValue of key " + key + " of " + length
                            + " bytes exceeds the record");
                }
                int end = pos[0] + length;
                switch (key) {
                    case KEY_ALPN -> {
                        while (pos[0] < end) {
                            int n = rdata[pos[0]++] & 0xFF;
                            if (n == 0 || pos[0] + n > end) {
                                throw new IllegalArgumentException("an alpn id of " + n + " bytes");
                            }
                            if (alpn.size() < 32) {
                                alpn.add(dev.tlsweep.core.input.Printable.of(
                                        new String(rdata, pos[0], n, StandardCharsets.ISO_8859_1)));
                            }
                            pos[0] += n;
                        }
                    }
                    case KEY_NO_DEFAULT_ALPN -> noDefault = true;
                    case KEY_PORT -> {
                        if (length != 2) {
                            throw new IllegalArgumentException("port of " + length + " bytes (expected: 2)");
                        }
                        port = ((rdata[pos[0]] & 0xFF) << 8) | (rdata[pos[0] + 1] & 0xFF);
                    }
                    case KEY_ECH -> ech = ech(java.util.Arrays.copyOfRange(rdata, pos[0], end));
                    default -> {
                        // mandatory, ipv4hint, ipv6hint and others: not reported
                    }
                }
                pos[0] = end;
            }
            return new Discovery.HttpsRecord(priority, target, alpn, noDefault, port, ech, null);
        } catch (IllegalArgumentException e) {
            return new Discovery.HttpsRecord(Math.max(priority, 0), target, alpn, noDefault, port, ech,
                    e.getMessage() + " at byte " + pos[0]);
        }
    }

    /** The ech parameter: its ECHConfigList, and whether it parses. */
    static Discovery.Ech ech(byte[] value) {
        try {
            EchConfigList list = EchConfigList.parse(value);
            List<Discovery.EchConfig> configs = new ArrayList<>();
            for (EchConfigList.Config c : list.configs()) {
                configs.add(new Discovery.EchConfig(c.configId(), c.kem(), c.suiteNames(),
                        dev.tlsweep.core.input.Printable.of(c.publicName()), c.maxNameLength()));
            }
            String error = configs.isEmpty() ? "no configuration of version 0xfe0d (" + list.skipped()
                    + " of other versions)" : null;
            return new Discovery.Ech(value.length, configs.size() > 0, error, configs);
        } catch (WireException e) {
            return new Discovery.Ech(value.length, false, e.getMessage(), List.of());
        }
    }

    private static int u16(byte[] b, int[] pos, String what) {
        if (pos[0] + 2 > b.length) {
            throw new IllegalArgumentException("the record ends inside its " + what);
        }
        int v = ((b[pos[0]] & 0xFF) << 8) | (b[pos[0] + 1] & 0xFF);
        pos[0] += 2;
        return v;
    }

    /** An uncompressed domain name (RFC 9460 2.2: TargetName is never compressed), "." for the root. */
    private static String name(byte[] b, int[] pos) {
        StringBuilder out = new StringBuilder();
        int total = 0;
        while (true) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("the record ends inside its TargetName");
            }
            int n = b[pos[0]++] & 0xFF;
            if (n == 0) {
                return out.length() == 0 ? "." : out.toString();
            }
            if (n > 63 || pos[0] + n > b.length || (total += n + 1) > 255) {
                throw new IllegalArgumentException("a TargetName label of " + n + " bytes");
            }
            out.append(dev.tlsweep.core.input.Printable.of(new String(b, pos[0], n, StandardCharsets.ISO_8859_1)))
                    .append('.');
            pos[0] += n;
        }
    }
}
