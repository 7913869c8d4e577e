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

    private CheckCatalog(List<CheckProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    /** Every check. */
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
                new JarmCheck()));
    }

    /** The probes, in report order. */
    public List<CheckProbe> probes() {
        return probes;
    }
}
