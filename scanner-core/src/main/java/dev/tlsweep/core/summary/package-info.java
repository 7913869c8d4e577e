/**
 * Summaries of sweeps: counts over reports, mergeable across shards.
 *
 * <p>Entry points: {@link dev.tlsweep.core.summary.Summary} ({@code add} a report record, {@code merge},
 * {@code toJson}, {@code toText}) and {@link dev.tlsweep.core.summary.SummaryFiles#read} for
 * {@code tlsweep summarize}.
 */
package dev.tlsweep.core.summary;
