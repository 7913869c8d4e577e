package dev.tlsweep.core.metrics;

/** The Prometheus type a {@link TlsweepMetric} is exposed as. */
public enum MetricType {
    /** A monotonically increasing count; exposed with the {@code _total} suffix. */
    COUNTER,
    /** A value that can go up and down. */
    GAUGE,
    /** Buckets, a sum and a count ({@code _bucket}, {@code _sum}, {@code _count}). */
    HISTOGRAM,
    /** Constant 1 with identifying labels; exposed with the {@code _info} suffix. */
    INFO
}
