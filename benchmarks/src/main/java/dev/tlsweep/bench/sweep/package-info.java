/**
 * End-to-end harnesses: a farm sweep, a million refused targets, tlsweep beside sslscan and nmap, and
 * the cost of a loopback TCP connection. Entry point: {@link dev.tlsweep.bench.sweep.SweepHarness}.
 */
package dev.tlsweep.bench.sweep;
