package dev.tlsweep.core.report;

import java.util.Objects;

/**
 * One AIA caIssuers URL the chain analysis tried, and what came of it.
 *
 * @param url     the URL, as the certificate names it
 * @param outcome {@code fetched} (the missing issuer was there), {@code no-issuer} (fetched, but nothing there
 *                issued the certificate), {@code failed} (no usable answer), {@code refused} (not fetched: the
 *                URL, its address or a redirect is not allowed)
 * @param detail  what happened, in words ({@code null} when fetched)
 */
public record AiaFetch(String url, String outcome, String detail) {

    /** The outcome labels. */
    public static final String FETCHED = "fetched";
    public static final String NO_ISSUER = "no-issuer";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";

    public AiaFetch {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** {@code URL: detail} for messages. */
    public String describe() {
        return url + ": " + (detail == null ? outcome : detail);
    }
}
