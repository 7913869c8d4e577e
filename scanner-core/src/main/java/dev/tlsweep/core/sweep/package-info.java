/**
 * Sweeps: an inventory streamed through the scanner with bounded memory into a
 * {@link dev.tlsweep.core.sink.ReportSink}, resumable after a kill. {@code tlsweep scan} and
 * {@code tlsweep serve} both sweep through here.
 *
 * <p>Entry points: {@link dev.tlsweep.core.sweep.Sweep#run} (reader thread, bounded targets in flight,
 * reports handed to the sink as they complete, the sink finished at the end) and
 * {@link dev.tlsweep.core.sweep.ResumeLog} (what an earlier run already wrote, read back into records).
 */
package dev.tlsweep.core.sweep;
