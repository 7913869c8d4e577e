/**
 * Renderings of reports for people: the terminal report in the spirit of sslscan
 * ({@link dev.tlsweep.core.render.TerminalReport}), a chain as a tree
 * ({@link dev.tlsweep.core.render.ChainTerminalRenderer}), policy results and simulated clients
 * ({@link dev.tlsweep.core.render.PolicyReport}), deployment verdicts of {@code tlsweep chain --target}
 * ({@link dev.tlsweep.core.render.DeploymentRenderer}).
 */
package dev.tlsweep.core.render;
