/** The cost of rendering a large sweep: {@link dev.tlsweep.bench.report.ReportHarness}. */
package dev.tlsweep.bench.report;
