package dev.tlsweep.core.probe;

import java.util.List;

/** Hand-built HTTPS records and ECHConfigLists for the tests of other packages. */
public final class DiscoveryTestData {

    private DiscoveryTestData() {
    }

    /** An ECHConfigList of one configuration of version 0xfe0d with this public name. */
    public static byte[] echConfigList(String publicName) {
        return DiscoveryTest.echConfigList(publicName);
    }

    /** The RDATA of an HTTPS record: priority 1, target ".", these ALPN ids and port, and this ech (or none). */
    public static byte[] httpsRdata(List<String> alpn, int port, byte[] ech) {
        return DiscoveryTest.httpsRdata(alpn, port, ech);
    }
}
