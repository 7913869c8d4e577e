package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.report.Check;
import dev.tlsweep.core.report.CheckResult;
import dev.tlsweep.core.wire.Bytes;
import dev.tlsweep.core.wire.ClientHelloEncoder;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import dev.tlsweep.core.wire.ServerHello;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Heartbleed (CVE-2014-0160). Only a server that answers the heartbeat extension can be vulnerable
 * ({@link LegacyFlight} tells); to one that does, a hello with the extension, and after its flight two heartbeat
 * requests: one that claims 16,384 bytes of payload and carries none, then a well-formed one of 16. A patched server
 * drops the first (RFC 6520 4) and echoes the second: 35 bytes. A vulnerable one answers the first with a record as
 * long as claimed — filled with its memory. Only record headers are read ({@link RecordHeaders}): the leaked bytes are
 * skipped as they arrive, never copied, stored or printed, and the connection ends at the first header that tells.
 */
public final class HeartbleedCheck implements CheckProbe {

    static final int CLAIMED = 16_384;
    static final int WELL_FORMED_RESPONSE = 3 + 16 + 16;

    @Override
    public Check check() {
        return Check.HEARTBLEED;
    }

    @Override
    public CompletableFuture<CheckResult> run(ProbeContext ctx, ScanFacts facts) {
        Tally tally = new Tally();
        return LegacyFlight.of(ctx, facts, tally).thenCompose(seen -> {
            if (seen.isEmpty()) {
                return done(new CheckResult.Flag(CheckRuns.notApplicable("no version from TLS 1.0 to 1.2 is accepted"),
                        null, null, null));
            }
            ServerHello sh = seen.get().serverHello();
            if (sh == null) {
                return done(new CheckResult.Flag(CheckRuns.error("no ServerHello to a hello offering the heartbeat"
                        + " extension (" + seen.get().detail() + ")", tally), null, null, null));
            }
            if (!sh.hasExtension(LegacyFlight.HEARTBEAT)) {
                return done(new CheckResult.Flag(CheckRuns.completed(tally), false, null,
                        "the server does not answer the heartbeat extension"));
            }
            ProtocolVersion v = seen.get().version();
            ClientHelloSpec hello = Hellos.builderFor(v, facts.suites(v), ctx.sni()).heartbeat(true).build();
            return ctx.converse(() -> new Requests(hello, v), tally).thenApply(e -> judge(e, tally));
        });
    }

    /** The answers to the two heartbeat requests, read. Pure but for the tally's clock. */
    static CheckResult judge(Exchange<Verdict> e, Tally tally) {
        Verdict v = e.response();
        if (v == null || !v.requested()) {
            return new CheckResult.Flag(CheckRuns.error("the heartbeat requests could not be sent: " + e.detail(),
                    tally), null, null, "the server answers the heartbeat extension");
        }
        if (v.leakLength() > 0) {
            return new CheckResult.Flag(CheckRuns.completed(tally), true, null, "a heartbeat response of "
                    + v.leakLength() + " bytes to a request carrying none (its contents were not read)");
        }
        if (v.echoed()) {
            return new CheckResult.Flag(CheckRuns.completed(tally), false, null, "the malformed request was dropped"
                    + " and the well-formed one echoed");
        }
        return new CheckResult.Flag(CheckRuns.completed(tally), false, null, "no heartbeat response ("
                + (v.alert() >= 0 ? "alert " + v.alert() : e.outcome().name().toLowerCase(java.util.Locale.ROOT)) + ")");
    }

    /**
     * What the requests got.
     *
     * @param requested  whether the requests were sent
     * @param leakLength the length of a heartbeat response to the malformed request, 0 if none
     * @param echoed     whether the well-formed request was echoed
     * @param alert      the description of an alert, -1 if none
     */
    record Verdict(boolean requested, int leakLength, boolean echoed, int alert) {
    }

    /** The dialogue: the hello, the flight, the two requests, the first telling record. */
    static final class Requests implements Dialogue<Verdict> {
        private final ClientHelloSpec hello;
        private final ProtocolVersion version;
        private final ServerFlightDecoder decoder =
                new ServerFlightDecoder(ServerFlightDecoder.DEFAULT_MAX_FLIGHT_BYTES, ProbeContext::keyExchangeOf, false);
        private final RecordHeaders after = new RecordHeaders();
        private boolean requested;
        private int leak;
        private boolean echoed;
        private int alert = -1;

        Requests(ClientHelloSpec hello, ProtocolVersion version) {
            this.hello = hello;
            this.version = version;
        }

        @Override
        public byte[] opening() {
            return ClientHelloEncoder.encode(hello);
        }

        @Override
        public Step receive(ByteBuf in) {
            if (!requested) {
                if (!decoder.offer(in)) {
                    return Step.WAIT;
                }
                ServerFlight f = decoder.result();
                if (f.serverHello() == null || !f.serverHelloDone() || f.error() != null) {
                    return Step.DONE;
                }
                requested = true;
                int w = version.wire();
                byte[] malformed = Bytes.record(24, w, new byte[] {1, (byte) (CLAIMED >>> 8), (byte) CLAIMED});
                byte[] body = new byte[3 + 16 + 16];
                body[0] = 1;
                body[2] = 16;
                for (int i = 3; i < 19; i++) {
                    body[i] = (byte) ('t' + i % 3);
                }
                return Step.send(Bytes.concat(malformed, Bytes.record(24, w, body)));
            }
            for (RecordHeaders.Record r : after.feed(in)) {
                if (r.type() == 24) {
                    if (r.length() > WELL_FORMED_RESPONSE) {
                        leak = r.length();
                    } else {
                        echoed = true;
                    }
                    return Step.DONE;
                }
                if (r.type() == 21) {
                    alert = r.alert();
                    return Step.DONE;
                }
            }
            return Step.WAIT;
        }

        @Override
        public Verdict result() {
            return new Verdict(requested, leak, echoed, alert);
        }
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** The requests' sizes, for tests. */
    static List<Integer> sizes() {
        return List.of(CLAIMED, WELL_FORMED_RESPONSE);
    }
}
