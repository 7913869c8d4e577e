package dev.tlsweep.core.probe;

import java.util.List;

/**
 * The checks every scan runs, listed explicitly (no classpath scanning): one probe per {@link
 * dev.tlsweep.core.report.Check} that needs connections or the enumeration's evidence. OCSP stapling is judged from
 * the certificate capture ({@link OcspStaplingCheck}). Construct off the event loops: the HTTP checks build a TLS
 * client context.
 */
public final class CheckCatalog {

    private final List<CheckProbe> probes;
    private final DiscoveryProbe discovery;

    private CheckCatalog(List<CheckProbe> probes, DiscoveryProbe discovery) {
        this.probes = List.copyOf(probes);
        this.discovery = discovery;
    }

    /** Every check, and the discovery, which reads the same HTTP answer through the same client context. */
    public static CheckCatalog standard() {
        HttpHead http = new HttpHead();
        return new CheckCatalog(List.of(
                new FallbackScsvCheck(),
                new SecureRenegotiationCheck(),
                new ClientRenegotiationCheck(),
                new CompressionCheck(),
                new HeartbleedCheck(),
                new CcsInjectionCheck(),
                new RobotCheck(),
                new SessionResumptionCheck(),
                new EarlyDataCheck(),
                new AlpnCheck(),
                new ExtendedMasterSecretCheck(),
                new EncryptThenMacCheck(),
                new VersionIntoleranceCheck(),
                new LargeHelloCheck(),
                new SuiteSelectionCheck(),
                new HstsCheck(http),
                new ServerHeaderCheck(http),
                new JarmCheck()), new DiscoveryProbe(http));
    }

    /** What an HTTPS endpoint announces of HTTP/3 and ECH, read with the checks' HTTP client. */
    public DiscoveryProbe discovery() {
        return discovery;
    }

    /** The probes, in report order. */
    public List<CheckProbe> probes() {
        return probes;
    }
}
