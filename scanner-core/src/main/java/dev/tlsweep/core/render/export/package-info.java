/**
 * Exports of a sweep for the tools people already use: CSV close to testssl.sh's (DefectDojo-style importers),
 * SARIF 2.1.0 (code-scanning dashboards), JUnit XML (CI systems). Each reads a
 * {@link dev.tlsweep.core.report.ReportSource} and writes to a stream; {@code tlsweep report} and the
 * {@code --csv}, {@code --sarif} and {@code --junit} sinks of {@code scan} use them.
 *
 * <p>Entry points: {@link dev.tlsweep.core.render.export.CsvExport},
 * {@link dev.tlsweep.core.render.export.SarifExport}, {@link dev.tlsweep.core.render.export.JunitExport}.
 */
package dev.tlsweep.core.render.export;
