/**
 * Judgements: what is wrong with an endpoint, as {@link dev.tlsweep.core.report.Finding findings}.
 *
 * <p>Entry point: {@link dev.tlsweep.core.policy.BaselineFindings#judge}, the checks every scan makes.
 */
package dev.tlsweep.core.policy;
