/**
 * Scanning one endpoint end to end: resolution, connectivity, the probes of every version, the
 * judgement, the report.
 *
 * <p>Entry point: {@link dev.tlsweep.core.scan.Scanner#scan(dev.tlsweep.core.inventory.Target)}.
 */
package dev.tlsweep.core.scan;
