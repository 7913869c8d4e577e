package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.ServerHello;
import dev.tlsweep.core.wire.WireError;

/**
 * What a server did with one ClientHello, reduced to what a probe reasons about. The server's bytes
 * stay available in {@link #flight()}.
 *
 * @param kind        the class of answer
 * @param flight      the parsed first flight (possibly empty), or {@code null} if never connected
 * @param outcome     how the connection ended
 * @param detail      a short description for diagnostics
 * @param attempts    the connections the engine tried for this hello (1 + its retries)
 * @param sentAtNanos {@link System#nanoTime()} when the hello was handed to the engine: every connection
 *                    of this answer started after it
 * @param answeredAtNanos {@link System#nanoTime()} when the answer was complete (the last attempt ended)
 */
public record HelloAnswer(Kind kind, ServerFlight flight, Outcome outcome, String detail, int attempts,
        long sentAtNanos, long answeredAtNanos) {

    /** An answer of one attempt, at time 0 (tests and instrumentation). */
    public HelloAnswer(Kind kind, ServerFlight flight, Outcome outcome, String detail) {
        this(kind, flight, outcome, detail, 1, 0, 0);
    }

    /** The classes of answer, checked in this order. */
    public enum Kind {
        /** The TCP connection could not be made (refused, unreachable, connect timeout). */
        CONNECT_FAILED,
        /**
         * The plaintext upgrade before TLS (STARTTLS and the like) was refused, broke or timed out: no hello was
         * sent, so the answer says nothing about TLS. {@link #outcome()} says which; {@link #detail()} why.
         */
        UPGRADE_FAILED,
        /** An SSLv2 SERVER-HELLO. */
        SSL2_SERVER_HELLO,
        /** A TLS 1.3 HelloRetryRequest: the server picked a suite and asks for another key share. */
        HELLO_RETRY,
        /** A ServerHello (what followed it, even an alert, does not undo the pick). */
        SERVER_HELLO,
        /** Bytes that are not TLS: HTTP, SSH, a banner. */
        NOT_TLS,
        /** TLS records that make no sense. */
        MALFORMED,
        /** An alert without a ServerHello: the server refused. */
        ALERT,
        /** The server closed the connection without answering. */
        CLOSED,
        /** The server reset the connection without answering. */
        RESET,
        /** No answer within the read timeout, after the engine's retries. */
        TIMEOUT
    }

    /**
     * A hello that was never sent, or whose connection was ended by the scanner itself, because the scan was
     * stopped ({@code why}: a deadline, a cancellation): a failure, never a refusal.
     */
    public static HelloAnswer unsent(String why, long atNanos) {
        return new HelloAnswer(Kind.CONNECT_FAILED, null, Outcome.ERROR, why, 1, atNanos, atNanos);
    }

    /** Classifies an exchange. The one place where engine outcomes and wire errors become answer kinds. */
    public static HelloAnswer of(Exchange<ServerFlight> exchange) {
        return of(exchange, 0, 0);
    }

    /**
     * Classifies an exchange whose hello was handed to the engine at {@code sentAtNanos} and answered at
     * {@code answeredAtNanos} ({@link System#nanoTime()}).
     */
    public static HelloAnswer of(Exchange<ServerFlight> exchange, long sentAtNanos, long answeredAtNanos) {
        ServerFlight f = exchange.response();
        Outcome o = exchange.outcome();
        int n = exchange.attempts();
        long s = sentAtNanos;
        long a = answeredAtNanos;
        if (f == null && o == Outcome.RESET) {
            // Reset while the connection was being set up: accepted, then reset before a byte was exchanged.
            return new HelloAnswer(Kind.RESET, null, o, "connection reset before the hello was sent", n, s, a);
        }
        if (o.inUpgrade()) {
            return new HelloAnswer(Kind.UPGRADE_FAILED, f, o, exchange.detail(), n, s, a);
        }
        if (f == null || !o.connected()) {
            return new HelloAnswer(Kind.CONNECT_FAILED, f, o, exchange.detail(), n, s, a);
        }
        if (f.ssl2ServerHello() != null) {
            return new HelloAnswer(Kind.SSL2_SERVER_HELLO, f, o, "SSLv2 server hello", n, s, a);
        }
        ServerHello sh = f.serverHello();
        if (sh != null) {
            return new HelloAnswer(sh.helloRetryRequest() ? Kind.HELLO_RETRY : Kind.SERVER_HELLO, f, o, null, n, s, a);
        }
        if (f.error() != null) {
            Kind k = f.error().error() == WireError.NOT_TLS ? Kind.NOT_TLS : Kind.MALFORMED;
            return new HelloAnswer(k, f, o, f.error().getMessage(), n, s, a);
        }
        if (f.alert() != null) {
            return new HelloAnswer(Kind.ALERT, f, o, f.alert().describe(), n, s, a);
        }
        return switch (o) {
            case CLOSED -> new HelloAnswer(Kind.CLOSED, f, o, closedDetail(f), n, s, a);
            case RESET -> new HelloAnswer(Kind.RESET, f, o, "connection reset after " + f.bytesRead() + " bytes", n, s, a);
            case READ_TIMEOUT -> new HelloAnswer(Kind.TIMEOUT, f, o, "no answer within the read timeout", n, s, a);
            default -> new HelloAnswer(Kind.MALFORMED, f, o,
                    exchange.detail() == null ? "unexpected end: " + o : exchange.detail(), n, s, a);
        };
    }

    private static String closedDetail(ServerFlight f) {
        return f.bytesRead() == 0 ? "connection closed without an answer"
                : "connection closed after " + f.bytesRead() + " bytes of an incomplete answer";
    }

    /** The ServerHello (or HelloRetryRequest), or {@code null}. */
    public ServerHello serverHello() {
        return flight == null ? null : flight.serverHello();
    }

    /**
     * Whether the connection ended without any answer the server could mean as one: a reset, a close or
     * silence before a single byte. A server that refuses this way cannot be told apart from a connection
     * limit or rate limiter in front of it — the answer says nothing until something else confirms it.
     */
    public boolean unanswered() {
        return switch (kind) {
            case RESET, CLOSED, TIMEOUT -> flight == null || flight.bytesRead() == 0;
            default -> false;
        };
    }

    /** Whether this answer proves the endpoint speaks TLS or SSL at all (any record, even an alert). */
    public boolean spokeTls() {
        return switch (kind) {
            case SSL2_SERVER_HELLO, HELLO_RETRY, SERVER_HELLO, ALERT -> true;
            default -> false;
        };
    }
}
