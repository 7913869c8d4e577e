/**
 * Drift between two sweeps: per endpoint, what appeared, disappeared or changed, and whether something got
 * worse. Pure functions of two sets of report records; no I/O.
 *
 * <p>Entry points: {@link dev.tlsweep.core.diff.Drift#between} and its JSON form
 * {@link dev.tlsweep.core.diff.DriftJson}; {@code tlsweep diff} and {@code tlsweep report --baseline} use them.
 */
package dev.tlsweep.core.diff;
