package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.engine.Outcome;
import dev.tlsweep.core.registry.ProtocolVersion;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import dev.tlsweep.core.wire.ServerHello;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One connection that answers three TLS 1.0-1.2 questions: a hello at the highest accepted TLS 1.0-1.2 version that
 * offers DEFLATE compression and the heartbeat extension (does the server compress — CRIME; does it speak heartbeat
 * — where Heartbleed lives), and, once the server's flight is done, two early ChangeCipherSpec records in place of
 * the key exchange (CCS injection, CVE-2014-0224: a patched server refuses the first with unexpected_message; a
 * vulnerable one takes it and then fails to decrypt the second, answering bad_record_mac or decryption_failed; this
 * is testssl.sh's method). Shared by {@link CompressionCheck}, {@link CcsInjectionCheck} and {@link HeartbleedCheck}.
 */
final class LegacyFlight {

    static final int DEFLATE = 1;
    static final int HEARTBEAT = 0x000F;

    /**
     * What the connection showed.
     *
     * @param version  the version of the hello
     * @param flight   the server's first flight (possibly empty)
     * @param ccsSent  whether the early ChangeCipherSpecs were sent (the flight ended with ServerHelloDone)
     * @param reaction the first record the server sent after them, or {@code null}
     * @param outcome  how the connection ended
     * @param detail   the engine's words on it
     */
    record Seen(ProtocolVersion version, ServerFlight flight, boolean ccsSent, RecordHeaders.Record reaction,
            Outcome outcome, String detail) {

        ServerHello serverHello() {
            return flight == null ? null : flight.serverHello();
        }
    }

    private LegacyFlight() {
    }

    /** The shared connection of an endpoint, made once; empty when no TLS 1.0-1.2 version is accepted. */
    static CompletableFuture<Optional<Seen>> of(ProbeContext ctx, ScanFacts facts, Tally tally) {
        Optional<ProtocolVersion> version = facts.highestTls12OrBelow();
        if (version.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return ctx.once("legacy-flight", () -> {
            ProtocolVersion v = version.get();
            ClientHelloSpec hello = Hellos.builderFor(v, facts.suites(v), ctx.sni())
                    .compressionMethods(DEFLATE, 0).heartbeat(true).build();
            return ctx.converse(() -> new EarlyCcs(hello, v), tally).thenApply(e -> Optional.of(seen(v, e)));
        });
    }

    private static Seen seen(ProtocolVersion v, Exchange<Seen> e) {
        Seen s = e.response();
        if (s == null) {
            return new Seen(v, null, false, null, e.outcome(), e.detail());
        }
        return new Seen(v, s.flight(), s.ccsSent(), s.reaction(), e.outcome(), e.detail());
    }

    /** The dialogue: the hello, the flight, two ChangeCipherSpecs, the first record of the reaction. */
    static final class EarlyCcs implements Dialogue<Seen> {
        private final ClientHelloSpec hello;
        private final ProtocolVersion version;
        private final ServerFlightDecoder decoder =
                new ServerFlightDecoder(ServerFlightDecoder.DEFAULT_MAX_FLIGHT_BYTES, ProbeContext::keyExchangeOf, false);
        private final RecordHeaders after = new RecordHeaders();
        private boolean ccsSent;
        private RecordHeaders.Record reaction;

        EarlyCcs(ClientHelloSpec hello, ProtocolVersion version) {
            this.hello = hello;
            this.version = version;
        }

        @Override
        public byte[] opening() {
            return dev.tlsweep.core.wire.ClientHelloEncoder.encode(hello);
        }

        @Override
        public Step receive(ByteBuf in) {
            if (!ccsSent) {
                if (!decoder.offer(in)) {
                    return Step.WAIT;
                }
                ServerFlight f = decoder.result();
                if (f.serverHello() == null || !f.serverHelloDone() || f.error() != null) {
                    return Step.DONE;
                }
                ccsSent = true;
                int w = version.wire();
                byte[] ccs = {20, (byte) (w >>> 8), (byte) w, 0, 1, 1};
                return Step.send(dev.tlsweep.core.wire.Bytes.concat(ccs, ccs));
            }
            List<RecordHeaders.Record> records = after.feed(in);
            if (!records.isEmpty()) {
                reaction = records.get(0);
                return Step.DONE;
            }
            return Step.WAIT;
        }

        @Override
        public Seen result() {
            return new Seen(version, decoder.result(), ccsSent, reaction, null, null);
        }
    }
}
