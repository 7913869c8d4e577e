/**
 * The one orchestrator: data walks one way, target → resolve → connectivity → probes (suites and
 * preference per version, certificates, client simulation) → chain analysis → judges → report.
 *
 * <p>Entry point: {@link dev.tlsweep.core.scan.Scanner#scan(dev.tlsweep.core.inventory.Target)}; a scanner
 * is configured with {@link dev.tlsweep.core.scan.Scanner#builder} ({@link dev.tlsweep.core.scan.ScanOptions},
 * the chain analyzer, the judges, the analysis executor).
 */
package dev.tlsweep.core.scan;
