/**
 * Where reports go: {@link dev.tlsweep.core.sink.ReportSink} and its implementations — JSON lines to a
 * durable file ({@link dev.tlsweep.core.sink.JsonlFile}) or standard output
 * ({@link dev.tlsweep.core.sink.JsonLinesSink}, {@link dev.tlsweep.core.sink.SweepJson}), the terminal
 * ({@link dev.tlsweep.core.sink.TerminalSink}), the summary ({@link dev.tlsweep.core.sink.SummarySink}), the
 * Prometheus textfile ({@link dev.tlsweep.core.sink.MetricsFileSink}), the fixed chains
 * ({@link dev.tlsweep.core.sink.FixChainSink}) — and the exit code, computed in one place from the records of
 * a run and, when resumed, of the earlier run ({@link dev.tlsweep.core.sink.RunVerdict},
 * {@link dev.tlsweep.core.sink.ExitCode}). JSON lines: <a href="https://jsonlines.org/">jsonlines.org</a>.
 */
package dev.tlsweep.core.sink;
