/**
 * Targets: what the user asked to scan, parsed from arguments or streamed from inventory lines.
 *
 * <p>Entry points: {@link dev.tlsweep.core.inventory.TargetParser#parse(String)} turns one target into a
 * {@link dev.tlsweep.core.inventory.Target} (bad input raises a
 * {@link dev.tlsweep.core.inventory.TargetSyntaxException} that names it);
 * {@link dev.tlsweep.core.inventory.InventoryReader} streams a whole inventory, expanding CIDR ranges
 * (<a href="https://www.rfc-editor.org/rfc/rfc4632">RFC 4632</a>) lazily and reporting malformed lines;
 * {@link dev.tlsweep.core.inventory.Shard} picks a deterministic part of it.
 */
package dev.tlsweep.core.inventory;
