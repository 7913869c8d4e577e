/**
 * Results: one immutable {@link dev.tlsweep.core.report.EndpointReport} per endpoint, and its
 * versioned JSON form ({@link dev.tlsweep.core.report.ReportJson}).
 *
 * <p>Failures are results: an endpoint that refused, timed out or sent garbage gets a report with a
 * {@link dev.tlsweep.core.report.ScanStatus} and an error text, never an exception.
 */
package dev.tlsweep.core.report;
