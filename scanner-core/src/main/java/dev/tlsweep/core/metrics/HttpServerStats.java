package dev.tlsweep.core.metrics;

import java.util.List;

/** What the HTTP server of {@code tlsweep serve} tells about its connections, for {@link ScannerMetrics}. */
public interface HttpServerStats {

    /** The reasons of {@link #closed}: made room for a newer one, server full of requests, too slow or idle. */
    List<String> REASONS = List.of("evicted", "refused", "timeout");

    /** Before the server listens: nothing open, nothing closed. */
    HttpServerStats NONE = new HttpServerStats() {
        @Override
        public int open() {
            return 0;
        }

        @Override
        public long closed(String reason) {
            return 0;
        }

        @Override
        public long acceptErrors() {
            return 0;
        }
    };

    /** Connections open now. */
    int open();

    /** Connections closed without a request to answer, for one of {@link #REASONS}. */
    long closed(String reason);

    /** Times accepting a connection failed. */
    long acceptErrors();
}
