package dev.tlsweep.core.diff;

import dev.tlsweep.core.report.EndpointReport;
import java.util.Objects;

/**
 * How an endpoint is matched between two sweeps: the target as written, the server name sent and the transport.
 * Reports of one target at several addresses ({@code --all-addresses}) are told apart by their address.
 *
 * @param target    the target as the user gave it
 * @param sni       the server name sent, or {@code null} for none
 * @param transport the report's {@code transport} ({@code tcp}, {@code quic}), with the upgrade that led to TLS
 *                  when there was one ({@code tcp+smtp}): an endpoint is matched only with reports of the same way
 *                  of reaching it
 */
public record EndpointKey(String target, String sni, String transport) {

    /** The transport of reports of TLS over TCP from the first byte. */
    public static final String TCP = "tcp";

    public EndpointKey {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transport, "transport");
    }

    /** The key of a report. */
    public static EndpointKey of(EndpointReport r) {
        return new EndpointKey(r.target(), r.sni(), r.transport().label()
                + (r.starttls() == null ? "" : "+" + r.starttls().label()));
    }

    /** {@code target}, with {@code (SNI name)} when the name sent is not the target's host. */
    public String describe() {
        return target + (sni == null ? " (no SNI)" : target.contains(sni) ? "" : " (SNI " + sni + ")");
    }
}
