/**
 * The result model, the bottom layer above the registry: one immutable
 * {@link dev.tlsweep.core.report.EndpointReport} per endpoint with everything in it (protocol reports with
 * their {@link dev.tlsweep.core.report.ProbeRun} status, the chains as served, their analyses, client
 * results, policy results, findings), its versioned JSON form ({@link dev.tlsweep.core.report.ReportJson})
 * and the reader of that form ({@link dev.tlsweep.core.report.ReportReader}), and the catalogue of every
 * finding code ({@link dev.tlsweep.core.report.FindingCode}; docs/FINDINGS.md is rendered from it by
 * {@link dev.tlsweep.core.report.FindingsDoc}). Imports nothing of tlsweep but the registry.
 *
 * <p>Failures are results: an endpoint that refused, timed out or sent garbage gets a report with a
 * {@link dev.tlsweep.core.report.ScanStatus} and an error text, never an exception; a probe that could not
 * finish says {@link dev.tlsweep.core.report.ProbeStatus#INCOMPLETE}, never a negative answer.
 */
package dev.tlsweep.core.report;
