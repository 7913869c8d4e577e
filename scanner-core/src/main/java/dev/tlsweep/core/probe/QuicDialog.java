package dev.tlsweep.core.probe;

import dev.tlsweep.core.engine.DatagramDialog;
import dev.tlsweep.core.engine.Exchange;
import dev.tlsweep.core.quic.QuicClient;
import dev.tlsweep.core.quic.QuicErrors;
import dev.tlsweep.core.quic.QuicVersion;
import dev.tlsweep.core.wire.ClientHelloSpec;
import dev.tlsweep.core.wire.ServerFlight;
import dev.tlsweep.core.wire.ServerFlightDecoder;
import dev.tlsweep.core.wire.WireError;
import dev.tlsweep.core.wire.WireException;
import java.util.List;
import java.util.stream.Collectors;

/** Lets the engine drive a {@link QuicClient} with datagrams, and reads its answer as a TCP one. */
final class QuicDialog implements DatagramDialog<QuicClient.Answer> {

    private final QuicClient client;

    QuicDialog(QuicVersion version, ClientHelloSpec spec) {
        this.client = QuicClient.start(version, spec, ServerFlightDecoder.DEFAULT_MAX_FLIGHT_BYTES);
    }

    @Override
    public List<byte[]> open() {
        return client.open();
    }

    @Override
    public List<byte[]> receive(byte[] datagram) {
        return client.receive(datagram);
    }

    @Override
    public boolean done() {
        return client.done();
    }

    @Override
    public List<byte[]> retransmit() {
        return client.retransmit();
    }

    @Override
    public QuicClient.Answer result() {
        return client.result();
    }

    /**
     * The exchange as a TCP one would read: its flight, where a Version Negotiation or a CONNECTION_CLOSE without a
     * TLS alert (and no ServerHello) is the flight's error — an answer, but not a TLS one.
     */
    static Exchange<ServerFlight> asFlight(Exchange<QuicClient.Answer> e) {
        QuicClient.Answer a = e.response();
        ServerFlight f = a == null ? null : a.flight();
        if (f != null && f.serverHello() == null && f.alert() == null && f.error() == null) {
            String why = null;
            if (a.versionNegotiation() != null) {
                why = "QUIC version negotiation: the server does not speak " + a.version().label() + "; it lists "
                        + a.versionNegotiation().stream().map(QuicVersion::describe).collect(Collectors.joining(", "));
            } else if (a.close() != null) {
                why = "the server closed the QUIC connection: " + QuicErrors.describe(a.close());
            }
            if (why != null) {
                f = new ServerFlight(null, null, null, false, null, false, false, false, null, null,
                        new WireException(WireError.UNEXPECTED_MESSAGE, why), f.bytesRead(), f.firstBytes(), null);
            }
        }
        return new Exchange<>(e.outcome(), f, e.attempts(), e.elapsedNanos(), e.detail(), e.remote());
    }
}
