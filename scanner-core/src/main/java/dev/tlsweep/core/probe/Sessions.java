package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.wire.Alert;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.SentHello;
import dev.tlsweep.core.wire.ServerHello;
import dev.tlsweep.core.wire.Tls12Client;
import dev.tlsweep.core.wire.Tls13Client;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The finished handshakes the session checks share, made with tlsweep's own TLS clients ({@link Tls12Client},
 * {@link Tls13Client}) so that every byte is under control:
 *
 * <ul>
 *   <li><b>TLS 1.0-1.2</b> (at the highest accepted version, with suites tlsweep can finish): a full handshake that
 *       asks for a ticket and ends with close_notify, keeping the session ID, the ticket and the master secret; then,
 *       concurrently, a hello offering that session ID — whether the server resumes it (an abbreviated handshake), and
 *       on that connection once finished a renegotiation ClientHello (RFC 5746's kind when the server speaks it,
 *       else the insecure kind) — and a hello offering the ticket with a fresh session ID, which the server echoes
 *       when it resumes by ticket (RFC 5077 3.4). A server that gave no session ID along with its ticket (OpenSSL
 *       does so) gets a full handshake without the ticket extension instead, whose ID one more hello then offers.
 *       Three or four connections for {@link SessionResumptionCheck} and {@link ClientRenegotiationCheck}.</li>
 *   <li><b>TLS 1.3</b>: one full handshake ending with close_notify, reading the NewSessionTickets the server sends
 *       after it, and their early_data allowance. One connection for {@link EarlyDataCheck} (and the tickets of a
 *       TLS 1.3-only endpoint).</li>
 * </ul>
 */
final class Sessions {

    /**
     * What the TLS 1.0-1.2 handshakes showed.
     *
     * @param version         the version used
     * @param established     whether the first, full handshake finished
     * @param failure         why it did not, or {@code null}
     * @param sessionId       whether the server gave a session ID
     * @param ticketIssued    whether it sent a NewSessionTicket
     * @param resumedById     whether it resumed by session ID ({@code null}: not tried, no ID)
     * @param resumedByTicket whether it resumed by ticket ({@code null}: not tried, no ticket)
     * @param renegotiation   the renegotiation attempt, or {@code null} when it could not be made
     */
    record Tls12(ProtocolVersion version, boolean established, String failure, boolean sessionId, boolean ticketIssued,
            Boolean resumedById, Boolean resumedByTicket, Renegotiation renegotiation) {
    }

    /**
     * A renegotiation attempt.
     *
     * @param secure   whether the renegotiation hello was RFC 5746's (the server answers renegotiation_info)
     * @param allowed  whether the server answered it with a ServerHello
     * @param reaction what the server did otherwise (an alert, a close), or {@code null}
     */
    record Renegotiation(boolean secure, Boolean allowed, String reaction) {
    }

    /**
     * What the TLS 1.3 handshake showed.
     *
     * @param established whether it finished
     * @param failure     why not, or {@code null}
     * @param tickets     the tickets the server issued after it
     */
    record Tls13(boolean established, String failure, List<Tls13Client.Ticket> tickets) {
    }

    private Sessions() {
    }

    /** The shared TLS 1.0-1.2 handshakes of an endpoint; empty when no TLS 1.0-1.2 version is accepted. */
    static CompletableFuture<Optional<Tls12>> tls12(ProbeContext ctx, ScanFacts facts, Tally tally) {
        Optional<ProtocolVersion> version = facts.highestTls12OrBelow();
        if (version.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return ctx.once("tls12-sessions", () -> tls12(ctx, facts, version.get(), tally).thenApply(Optional::of));
    }

    private static CompletableFuture<Tls12> tls12(ProbeContext ctx, ScanFacts facts, ProtocolVersion v, Tally tally) {
        List<Integer> suites = facts.suites(v, s -> Tls12Client.canFinish(s.code()));
        if (suites.isEmpty()) {
            return CompletableFuture.completedFuture(new Tls12(v, false, "no suite accepted at " + v.label()
                    + " is one tlsweep can finish a handshake with", false, false, null, null, null));
        }
        ClientHelloSpec first = Hellos.builderFor(v, suites, ctx.sni()).sessionTicket(true).build();
        return ctx.converse(() -> new Handshake12(SentHello.encode(first), null, Plan.CLOSE), tally)
                .thenCompose(e -> {
                    Handshake12.Seen s = e.response();
                    if (s == null || s.session() == null) {
                        String why = s != null && s.failure() != null ? s.failure() : "the handshake did not finish ("
                                + e.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.detail() + ")";
                        return CompletableFuture.completedFuture(new Tls12(v, false, why, false, false, null, null,
                                null));
                    }
                    Tls12Client.Session session = s.session();
                    boolean hasId = session.id().length > 0;
                    boolean hasTicket = session.ticket() != null;
                    boolean secure = s.serverHello().hasExtension(SecureRenegotiationCheck.RENEGOTIATION_INFO);
                    Plan renegotiate = secure ? Plan.RENEGOTIATE_SECURELY : Plan.RENEGOTIATE_INSECURELY;
                    // Resumption by ID: the first session's ID; a server that gave none there (it relies on the ticket
                    // it issued) gets a full handshake without the ticket extension, whose ID is then resumed.
                    CompletableFuture<Exchange<Handshake12.Seen>> second;
                    if (hasId) {
                        ClientHelloSpec resume = Hellos.builderFor(v, List.of(session.suite()), ctx.sni())
                                .sessionTicket(false).sessionId(session.id()).build();
                        second = ctx.converse(() -> new Handshake12(SentHello.encode(resume), session, renegotiate),
                                tally);
                    } else {
                        ClientHelloSpec noTicket = Hellos.builderFor(v, suites, ctx.sni()).sessionTicket(false).build();
                        second = ctx.converse(() -> new Handshake12(SentHello.encode(noTicket), null, renegotiate), tally);
                    }
                    CompletableFuture<Boolean> byId = second.thenCompose(secondEx -> {
                        Handshake12.Seen seen = secondEx.response();
                        if (hasId) {
                            return CompletableFuture.completedFuture(seen == null || seen.serverHello() == null ? null
                                    : seen.resumed());
                        }
                        Tls12Client.Session other = seen == null ? null : seen.session();
                        if (other == null || other.id().length == 0) {
                            return CompletableFuture.completedFuture(other == null ? null : Boolean.FALSE);
                        }
                        ClientHelloSpec again = Hellos.builderFor(v, List.of(other.suite()), ctx.sni())
                                .sessionTicket(false).sessionId(other.id()).build();
                        return ctx.converse(() -> new Handshake12(SentHello.encode(again), other, Plan.STOP_AT_SERVER_HELLO),
                                tally).thenApply(x -> x.response() == null || x.response().serverHello() == null ? null
                                        : x.response().resumed());
                    });
                    CompletableFuture<Exchange<Handshake12.Seen>> byTicket = !hasTicket
                            ? CompletableFuture.completedFuture(null)
                            : ctx.converse(() -> new Handshake12(SentHello.encode(Hellos.builderFor(v,
                                    List.of(session.suite()), ctx.sni()).sessionId(random(32))
                                    .sessionTicketData(session.ticket()).build()), session, Plan.STOP_AT_SERVER_HELLO),
                                    tally);
                    return second.thenCombine(byId, (secondEx, resumedById) -> {
                        Handshake12.Seen id = secondEx.response();
                        Renegotiation renegotiation = id == null || !id.renegotiationSent() ? null
                                : new Renegotiation(secure, id.renegotiated(), id.reaction() != null ? id.reaction()
                                        : secondEx.outcome().name().toLowerCase(java.util.Locale.ROOT));
                        return new Object[] {resumedById, renegotiation};
                    }).thenCombine(byTicket, (pair, ticketEx) -> {
                        Boolean resumedByTicket = ticketEx == null || ticketEx.response() == null
                                || ticketEx.response().serverHello() == null ? null : ticketEx.response().resumed();
                        Boolean resumedById = (Boolean) pair[0];
                        boolean gaveId = hasId || resumedById != null;
                        return new Tls12(v, true, null, gaveId, hasTicket, resumedById, resumedByTicket,
                                (Renegotiation) pair[1]);
                    });
                });
    }

    /** The shared TLS 1.3 handshake of an endpoint; empty when TLS 1.3 is not accepted. */
    static CompletableFuture<Optional<Tls13>> tls13(ProbeContext ctx, ScanFacts facts, Tally tally) {
        return facts.report(ProtocolVersion.TLSv1_3).filter(p -> p.accepted()).map(p -> ctx.once("tls13-session", () -> {
            int group = SignatureAlgorithmProbe.keyShareGroup(p);
            List<Integer> suites = p.suites().stream().map(a -> a.suite().code()).toList();
            ClientHelloSpec hello = Hellos.builderFor(ProtocolVersion.TLSv1_3, suites, ctx.sni())
                    .supportedGroups(group).keyShares(group).build();
            return ctx.converse(() -> new Handshake13(SentHello.encode(hello)), tally).thenApply(e -> {
                Tls13Client c = e.response();
                if (c == null) {
                    return Optional.of(new Tls13(false, "no connection: " + e.detail(), List.of()));
                }
                boolean established = c.phase() == Tls13Client.Phase.AFTER_HANDSHAKE
                        || c.phase() == Tls13Client.Phase.CLOSED;
                String why = established ? null : c.failure() != null ? c.failure()
                        : "the handshake did not finish (" + e.outcome().name().toLowerCase(java.util.Locale.ROOT) + ")";
                return Optional.of(new Tls13(established, why, c.tickets()));
            });
        })).orElse(CompletableFuture.completedFuture(Optional.empty()));
    }

    /** What to do once a TLS 1.0-1.2 handshake is finished (or, for a ticket, once the ServerHello came). */
    enum Plan { CLOSE, RENEGOTIATE_SECURELY, RENEGOTIATE_INSECURELY, STOP_AT_SERVER_HELLO }

    /** A TLS 1.0-1.2 handshake, and what the plan says after it. */
    static final class Handshake12 implements Dialogue<Handshake12.Seen> {

        /** What the connection showed; the session stays inside for the next connections. */
        record Seen(ServerHello serverHello, boolean resumed, Tls12Client.Session session, String failure,
                boolean renegotiationSent, Boolean renegotiated, String reaction) {
        }

        private final SentHello hello;
        private final Tls12Client client;
        private final Plan plan;
        private boolean renegotiationSent;
        private Alert alertBefore;
        private String reaction;

        Handshake12(SentHello hello, Tls12Client.Session resume, Plan plan) {
            this.hello = hello;
            this.client = resume == null ? Tls12Client.full(hello) : Tls12Client.resuming(hello, resume);
            this.plan = plan;
        }

        @Override
        public byte[] opening() {
            return hello.records();
        }

        @Override
        public Step receive(ByteBuf in) {
            byte[] answer = client.receive(in);
            if (client.phase() == Tls12Client.Phase.FAILED) {
                return Step.sendAndEnd(answer);
            }
            if (plan == Plan.STOP_AT_SERVER_HELLO && client.serverHello() != null) {
                return Step.sendAndEnd(new byte[0]);
            }
            if (client.phase() != Tls12Client.Phase.ESTABLISHED) {
                return Step.send(answer);
            }
            switch (plan) {
                case CLOSE:
                    return Step.sendAndEnd(dev.tlsweep.core.wire.Bytes.concat(answer, client.closeNotify()));
                case RENEGOTIATE_SECURELY:
                case RENEGOTIATE_INSECURELY:
                    if (!renegotiationSent) {
                        renegotiationSent = true;
                        alertBefore = client.alert();
                        ClientHelloSpec.Builder b = Hellos.builderFor(
                                dev.tlsweep.core.registry.ProtocolVersion.fromWire(client.serverHello().legacyVersion())
                                        .orElse(dev.tlsweep.core.registry.ProtocolVersion.TLSv1_2),
                                List.of(client.serverHello().cipherSuite()), hello.spec().serverName())
                                .sessionTicket(false);
                        b = plan == Plan.RENEGOTIATE_SECURELY ? b.renegotiationData(client.clientVerifyData())
                                : b.renegotiationInfo(false);
                        return Step.send(dev.tlsweep.core.wire.Bytes.concat(answer,
                                client.renegotiate(SentHello.encode(b.build()))));
                    }
                    if (client.renegotiationServerHello() != null) {
                        return Step.DONE;
                    }
                    if (client.alert() != null && client.alert() != alertBefore) {
                        reaction = client.alert().describe();
                        return Step.DONE;
                    }
                    return Step.WAIT;
                default:
                    return Step.DONE;
            }
        }

        @Override
        public Seen result() {
            Boolean renegotiated = !renegotiationSent ? null : client.renegotiationServerHello() != null;
            return new Seen(client.serverHello(), client.resumed(), client.session(), client.failure(),
                    renegotiationSent, renegotiated, reaction);
        }
    }

    /** A TLS 1.3 handshake up to the tickets. */
    static final class Handshake13 implements Dialogue<Tls13Client> {
        private final SentHello hello;
        private final Tls13Client client;

        Handshake13(SentHello hello) {
            this.hello = hello;
            this.client = new Tls13Client(hello);
        }

        @Override
        public byte[] opening() {
            return hello.records();
        }

        @Override
        public Step receive(ByteBuf in) {
            byte[] answer = client.receive(in);
            boolean over = client.phase() == Tls13Client.Phase.FAILED || client.phase() == Tls13Client.Phase.CLOSED;
            return new Step(answer, over);
        }

        @Override
        public Tls13Client result() {
            return client;
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
