/**
 * The performance goals measured side by side with the peers: {@link dev.tlsweep.bench.perf.GoalsHarness} (one
 * endpoint against sslscan and nmap, a farm sweep against nmap and a C floor, the same sweep behind latency,
 * politeness under the limits). Loopback only.
 */
package dev.tlsweep.bench.perf;
