/**
 * Probes: one class per question asked of an endpoint. A probe is stateless (one instance serves every
 * endpoint), turns earlier results into ClientHellos, sends them through the
 * {@link dev.tlsweep.core.probe.ProbeContext} (which hands them to the engine) and folds the answers
 * into a typed result. What a server does — an alert, a reset, silence, a protocol violation — is data
 * for the probe, never an exception.
 *
 * <p>Entry points: {@link dev.tlsweep.core.probe.CipherSuiteProbe} (which suites each version accepts,
 * by elimination or exhaustively) and {@link dev.tlsweep.core.probe.PreferenceProbe} (whether the
 * server imposes its order, and which). {@link dev.tlsweep.core.probe.HelloAnswer#of} is the one place
 * where connection outcomes and wire errors become answer kinds.
 */
package dev.tlsweep.core.probe;
