/**
 * Targets: what the user asked to scan, parsed from arguments or inventory lines.
 *
 * <p>Entry points: {@link dev.tlsweep.core.inventory.TargetParser#parse(String)} turns one line into a
 * {@link dev.tlsweep.core.inventory.Target}; bad input raises a
 * {@link dev.tlsweep.core.inventory.TargetSyntaxException} that names it.
 */
package dev.tlsweep.core.inventory;
