/**
 * Sweeps: an inventory streamed through the scanner with bounded memory, written as JSON lines
 * durably, resumable after a kill.
 *
 * <p>Entry points: {@link dev.tlsweep.core.sweep.Sweep#run} (reader thread, bounded targets in
 * flight, reports handed over as they complete), {@link dev.tlsweep.core.sink.JsonlFile} (append,
 * one write per target, fsync on a cadence), {@link dev.tlsweep.core.sweep.ResumeLog} (what an earlier
 * run already wrote), {@link dev.tlsweep.core.sink.SweepJson} (the report line with its inventory
 * line). JSON lines: <a href="https://jsonlines.org/">jsonlines.org</a>.
 */
package dev.tlsweep.core.sweep;
